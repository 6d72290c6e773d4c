import { describe, expect, it } from 'vitest';
import { loadRuntimeConfig } from './config.js';

describe('runtime TLS configuration', () => {
  it('takes references from flags or the environment; a bare path is a file: reference', () => {
    expect(loadRuntimeConfig({ tlsCert: 'certs/rt.pem', tlsKey: 'vault:kv/rt#key' }, {}, '/srv').config?.tls).toEqual({ cert: 'file:/srv/certs/rt.pem', key: 'vault:kv/rt#key' });
    expect(loadRuntimeConfig({}, { INTERLOCK_RUNTIME_TLS_CERT: 'env:C', INTERLOCK_RUNTIME_TLS_KEY: 'env:K', INTERLOCK_RUNTIME_TLS_CLIENT_CA: 'file:/ca.pem' }, '/').config?.tls).toEqual({
      cert: 'env:C',
      key: 'env:K',
      clientCa: 'file:/ca.pem',
    });
    expect(loadRuntimeConfig({}, {}, '/').config?.tls).toBeUndefined();
  });

  it('refuses half a configuration', () => {
    expect(loadRuntimeConfig({ tlsCert: 'env:C' }, {}, '/').error).toMatch(/both a certificate and a key/);
    expect(loadRuntimeConfig({ tlsClientCa: 'env:CA' }, {}, '/').error).toMatch(/needs --tls-cert/);
  });
});
