import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../../../../test/support/test-runtime.js';

/**
 * /docs in headless Chromium (Debian's `chromium`, driven by playwright-core): Swagger UI renders this
 * runtime's operations under the page's CSP, and every request the page makes stays on the runtime's origin.
 */
const CHROMIUM = '/usr/bin/chromium';

describe('the API reference in headless Chromium', () => {
  let t: TestRuntime;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (scripts/ensure-services.sh installs it)`);
    t = await startTestRuntime('embedded', { delivery: false, scheduler: false, exports: false, streams: false });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.dispose();
  });

  it('renders the operations of /openapi.json with nothing loaded from another host and no CSP violation', async () => {
    const page = await browser.newPage();
    const requested: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${t.runtime.url}/docs`);
    await page.waitForSelector('[id$="-sendEvidence"]', { timeout: 60_000 });
    expect(await page.locator('[id$="-putProbeKey"]').count()).toBe(1);
    const origin = new URL(t.runtime.url).origin;
    expect(requested.filter((u) => !u.startsWith('data:') && new URL(u).origin !== origin)).toEqual([]);
    expect(requested.map((u) => new URL(u).pathname)).toEqual(expect.arrayContaining(['/docs', '/docs/assets/swagger-ui-bundle.js', '/openapi.json']));
    expect(errors).toEqual([]);
  }, 120_000);
});
