import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../../../../test/support/test-runtime.js';

const packageDir = (createRequire(import.meta.url)('swagger-ui-dist/absolute-path.js') as () => string)();

describe('the API reference at /docs', () => {
  let t: TestRuntime;
  beforeAll(async () => {
    t = await startTestRuntime('embedded', { delivery: false, scheduler: false, exports: false, streams: false });
  });
  afterAll(async () => t?.dispose());

  it('serves the page and its assets without a token, under a CSP that allows only this origin', async () => {
    const page = await t.fetch('/docs', { role: null });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp.split(';').map((d) => d.trim())).toEqual(expect.arrayContaining(["default-src 'none'", "script-src 'self'", "connect-src 'self'"]));
    expect(csp).not.toMatch(/https?:|\*/);
    const html = await page.text();
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(refs).toEqual(['data:,', 'docs/assets/swagger-ui.css', 'docs/assets/swagger-ui-bundle.js', 'docs/assets/start.js']);
    for (const ref of refs.slice(1)) {
      const res = await t.fetch(`/${ref}`, { role: null });
      expect([ref, res.status]).toEqual([ref, 200]);
      const body = await res.text();
      const name = ref.split('/').pop()!;
      if (name === 'start.js') {
        // The page's own script: the document it renders is this runtime's, and no validator badge is fetched.
        expect(body).not.toMatch(/https?:\/\//);
        expect(body).toContain("'openapi.json'");
        expect(body).toContain('validatorUrl: null');
      } else expect(body).toBe(readFileSync(path.join(packageDir, name), 'utf8'));
      if (name.endsWith('.css')) expect([...body.matchAll(/url\(\s*["']?([^"')]*)/g)].map((m) => m[1].slice(0, 5)).filter((u) => u !== 'data:')).toEqual([]);
    }
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('serves only its listed assets', async () => {
    for (const name of ['index.html', '..%2Fpackage.json', 'swagger-ui-bundle.js.map', 'constructor', '__proto__']) {
      const res = await t.fetch(`/docs/assets/${name}`, { role: null });
      expect([name, res.status]).toEqual([name, 404]);
    }
  });
});
