import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrationSpec, putIntegration } from '../../../../test/support/delivery-fixtures.js';
import { startTestRuntime, type TestRuntime } from '../../../../test/support/test-runtime.js';

/**
 * The console in headless Chromium (Debian's `chromium`, driven by playwright-core): sign in with a
 * runtime token, see the integrations with their trust scores and the open alert; a token whose role may
 * not read the console is refused. A screenshot is saved to test-results/.
 */
const CHROMIUM = '/usr/bin/chromium';
const OUT = path.resolve('test-results');

describe('the console in headless Chromium', () => {
  let t: TestRuntime;
  let browser: Browser;
  const T0 = new Date('2026-11-10T12:00:00.000Z');

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (scripts/ensure-services.sh installs it)`);
    t = await startTestRuntime('embedded', { monitor: true, delivery: false, scheduler: false });
    const store = t.runtime.store;
    await store.putResource('Vendor', 'acme', { spec: { legalName: 'Acme', riskTier: 'high', assessment: { status: 'approved', expiresAt: '2027-06-01' } } }, { actor: 'test', now: T0 }, { actor: 'test', action: 'putResource', target: 'Vendor/acme', data: {} });
    await putIntegration(store, 'acme-crm', integrationSpec('http://127.0.0.1:9/unused'));
    await putIntegration(store, 'acme-billing', integrationSpec('http://127.0.0.1:9/unused'));
    let n = 0;
    for (const [second, status] of [[-100, 204], [-90, 204], [10, 500], [11, 500], [12, 500]] as const) {
      await store.db.query(
        `INSERT INTO delivery_attempts (delivery_id, generation, attempt, integration, variant, at, status, error, latency_ms, outcome) VALUES ($1, 0, 1, 'acme-crm', 'stable', $2, $3, NULL, 40, 'retry')`,
        [`dlv_${++n}`, new Date(T0.getTime() + second * 1000), status],
      );
      if (second === -90) await t.runtime.services.monitor!.tick(T0);
    }
    await t.runtime.services.monitor!.tick(new Date(T0.getTime() + 60_000));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.dispose();
  });

  it('signs in, shows the integrations with trust scores and the open alert, and saves a screenshot', async () => {
    const page = await browser.newPage();
    await page.goto(`${t.runtime.url}/console`);
    await page.fill('#token', t.tokens.auditor);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    expect(await page.textContent('h1')).toBe('Interlock console');
    const rows = await page.$$eval('#integrations tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(rows.map((r) => [r[0], r[1], r[2]])).toEqual([
      ['acme-billing', 'acme', 'high'],
      ['acme-crm', 'acme', 'high'],
    ]);
    const crm = rows.find((r) => r[0] === 'acme-crm')!;
    expect(Number(crm[3])).toBeLessThan(90);
    expect(crm[6]).toBe('60 %');
    // Put through the admin API rather than applied: desired-state drift.
    expect(crm[8]).toBe('edited out of band');
    expect(await page.locator('tr[data-integration="acme-crm"] svg polyline').count()).toBe(1);
    const alerts = await page.$$eval('#alerts tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(alerts.map((a) => [a[0], a[1], a[2]])).toEqual([['sev-2', 'sustained-5xx', 'acme-crm']]);
    mkdirSync(OUT, { recursive: true });
    await page.screenshot({ path: path.join(OUT, 'console.png'), fullPage: true });
    expect(existsSync(path.join(OUT, 'console.png'))).toBe(true);
    await page.close();
  });

  it('refuses a token whose role may not read the console, and an unknown token', async () => {
    const page = await browser.newPage();
    await page.goto(`${t.runtime.url}/console`);
    await page.fill('#token', t.tokens.privacy);
    const [res] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    expect(res?.status()).toBe(403);
    expect(await page.textContent('#refused')).toContain('privacy');
    expect(await page.locator('#integrations').count()).toBe(0);
    await page.fill('#token', 'not-a-token');
    const [again] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    expect(again?.status()).toBe(401);
    await page.close();
  });
});
