import { describe, expect, it } from 'vitest';
import { loadDeliveryOptions } from './config.js';

describe('isolation settings of runtime start (environment)', () => {
  it('isolates connectors in worker threads by default, with a 128 MB heap cap', () => {
    expect(loadDeliveryOptions({}, {}).options?.isolation).toEqual({ maxMemoryMb: 128 });
    expect(loadDeliveryOptions({}, { INTERLOCK_CONNECTOR_MEMORY_MB: '64' }).options?.isolation).toEqual({ maxMemoryMb: 64 });
  });

  it('runs in-process with INTERLOCK_ISOLATION=off', () => {
    const { options } = loadDeliveryOptions({}, { INTERLOCK_ISOLATION: 'off' });
    expect(options).toBeDefined();
    expect(options?.isolation).toBeUndefined();
  });

  it('refuses values it cannot use, naming the variable', () => {
    expect(loadDeliveryOptions({}, { INTERLOCK_ISOLATION: 'process' }).error).toBe('INTERLOCK_ISOLATION must be worker or off, got process');
    expect(loadDeliveryOptions({}, { INTERLOCK_CONNECTOR_MEMORY_MB: 'lots' }).error).toMatch(/^INTERLOCK_CONNECTOR_MEMORY_MB must be/);
    expect(loadDeliveryOptions({}, { INTERLOCK_CONNECTOR_MEMORY_MB: '8' }).error).toMatch(/at least 16$/);
  });
});
