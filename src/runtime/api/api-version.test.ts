import { describe, expect, it } from 'vitest';
import { RuntimeProblem } from '../problem.js';
import { CURRENT_API_VERSION, negotiateApiVersion } from './api-version.js';

describe('Interlock-Version negotiation', () => {
  it.each([
    [undefined, '1.1'],
    ['1.1', '1.1'],
    ['1.0', '1.0'],
    [' 1.0 ', '1.0'],
    ['1.9', '1.1'],
  ] as const)('serves %j in %s', (header, served) => {
    expect(negotiateApiVersion(header)).toBe(served);
  });

  it.each(['2.0', '0.9', '1', 'v1.1', '1.1.0', '', '1.0, 1.1'])('refuses %j with a 400 unsupported-version problem listing what is served', (header) => {
    const thrown = (() => {
      try {
        negotiateApiVersion(header);
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(thrown).toBeInstanceOf(RuntimeProblem);
    expect([(thrown as RuntimeProblem).slug, (thrown as RuntimeProblem).status, (thrown as RuntimeProblem).extensions.supported]).toEqual(['unsupported-version', 400, ['1.0', '1.1']]);
  });

  it('is 1.1 now', () => {
    expect(CURRENT_API_VERSION).toBe('1.1');
  });
});
