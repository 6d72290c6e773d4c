import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listOperations } from '../contract/openapi/operations.js';
import { prepareMockContract, startMock } from './index.js';
import { checkOperation } from './testing/conformance.js';
import { sampleOperations } from './testing/sample-operations.js';

/** The real vendor specs of ../shared/corpus: the mock starts and answers 20 sampled operations with schema-valid responses. */
const corpus = path.resolve(process.cwd(), '../shared/corpus/openapi');

describe('mock on the corpus specs', () => {
  for (const vendor of ['stripe', 'github-rest', 'slack-web', 'twilio-api-v2010', 'jira-platform', 'openai']) {
    it(`${vendor}: 20 sampled operations answer with responses valid against the spec`, async () => {
      const dir = path.join(corpus, vendor);
      const file = readdirSync(dir).sort().at(-1)!;
      const contract = prepareMockContract(`${vendor}/${file}`, readFileSync(path.join(dir, file), 'utf8')).value;
      expect(contract?.format).toBe('openapi');
      if (contract?.format !== 'openapi') return;
      const mock = await startMock(contract);
      try {
        const ops = sampleOperations(listOperations(contract.spec), 20);
        expect(ops).toHaveLength(20);
        const results = [];
        for (const op of ops) results.push(await checkOperation(mock.url, contract, op));
        expect(results.filter((r) => r.violations.length || r.status >= 300)).toEqual([]);
      } finally {
        await mock.close();
      }
    }, 300_000);
  }
});
