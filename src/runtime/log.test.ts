import { describe, expect, it } from 'vitest';
import { createLogger, pinoLog } from './log.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  return { lines, destination: { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) } };
}

describe('runtime log (pino)', () => {
  it('writes one JSON object per line with the level name, an ISO time and the fields', () => {
    const { lines, destination } = capture();
    pinoLog(createLogger({ destination }))({ level: 'error', msg: 'delivery d1 failed', integration: 'acme-crm', status: 500 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error', msg: 'delivery d1 failed', integration: 'acme-crm', status: 500, service: 'interlock-runtime' });
    expect(new Date(lines[0].time as string).toISOString()).toBe(lines[0].time);
  });

  it('censors secrets wherever a field names one, at the top or one level down', () => {
    const { lines, destination } = capture();
    const log = pinoLog(createLogger({ destination }));
    log({ level: 'info', msg: 'x', token: 'tok-123', headers: { authorization: 'Bearer abc', 'x-api-key': 'k-1' }, auth: { clientSecret: 's3cr3t', password: 'pw' } });
    const text = JSON.stringify(lines);
    for (const secret of ['tok-123', 'Bearer abc', 'k-1', 's3cr3t', '"pw"']) expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({ token: '[redacted]', headers: { authorization: '[redacted]', 'x-api-key': '[redacted]' }, auth: { clientSecret: '[redacted]', password: '[redacted]' } });
  });

  it('drops lines below the configured level', () => {
    const { lines, destination } = capture();
    const log = pinoLog(createLogger({ destination, level: 'warn' }));
    log({ level: 'info', msg: 'quiet' });
    log({ level: 'warn', msg: 'loud' });
    expect(lines.map((l) => l.msg)).toEqual(['loud']);
  });
});
