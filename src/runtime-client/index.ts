/** The one typed client of the runtime's admin API, its errors and where to find a runtime. */
export { RuntimeClient, type DeliveryFilterQuery, type RuntimeClientOptions } from './client.js';
export { DEFAULT_RUNTIME_URL, runtimeEndpoint } from './endpoint.js';
export {
  RuntimeApiError,
  RuntimeAuthError,
  RuntimeBadRequestError,
  RuntimeConflictError,
  RuntimeNotFoundError,
  RuntimeUnreachableError,
  runtimeApiError,
} from './errors.js';
