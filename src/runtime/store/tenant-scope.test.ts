import { describe, expect, it } from 'vitest';
import { asPlatform, currentTenant, withTenant } from './tenant-scope.js';

describe('tenant scope', () => {
  it('asPlatform work started from a tenant request stays platform work through awaits, timers and promises the tenant resolves', async () => {
    let release!: () => void;
    const gate = withTenant('tenant-a', () => new Promise<void>((r) => (release = r)));
    const seen = await withTenant('tenant-a', () =>
      asPlatform(async () => {
        const out: (string | null)[] = [currentTenant()];
        await new Promise((r) => setTimeout(r, 1));
        out.push(currentTenant());
        setTimeout(release, 1);
        await gate;
        out.push(currentTenant());
        out.push(await new Promise<string | null>((r) => setTimeout(() => r(currentTenant()), 1)));
        out.push(await withTenant('tenant-b', async () => currentTenant()));
        out.push(currentTenant());
        return out;
      }),
    );
    expect(seen).toEqual([null, null, null, null, 'tenant-b', null]);
    expect(await withTenant('tenant-a', async () => currentTenant())).toBe('tenant-a');
    expect(currentTenant()).toBeNull();
  });
});
