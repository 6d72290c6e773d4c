export { prepareMockContract, type MockContract, type OpenApiMockContract, type GraphqlMockContract } from './contract.js';
export { startMock, CONTROL_PREFIX, MOCK_ACCESS_TOKEN, type MockOptions, type RunningMock } from './server.js';
export type { RecordedRequest } from './control/recorder.js';
export { parseFaults, type Faults } from './control/faults.js';
export { MOCK_PROBLEM_BASE } from './problem.js';
export { exampleRequest, type ExampleRequest } from './openapi/example-request.js';
