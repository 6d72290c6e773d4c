import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../core/diagnostic.js';
import type { CliIO } from './io.js';
import { colorEnabled, printDiagnostics } from './render.js';

const diagnostic: Diagnostic = { severity: 'error', code: 'unknown-operation', message: 'no such operation', location: { file: 'a.yaml', pointer: '/spec/uses/0', line: 3, column: 5 } };

function capture(env: Record<string, string | undefined>, isTTY: boolean): string {
  let out = '';
  const io: CliIO = { stdout: { write: (s: string) => (out += s), isTTY }, stderr: { write: () => true }, env, cwd: '/' };
  printDiagnostics(io, 'text', [diagnostic]);
  return out;
}

const ESC = '\u001b[';

describe('colour', () => {
  it.each<{ env: Record<string, string | undefined>; tty: boolean; color: boolean }>([
    { env: {}, tty: true, color: true },
    { env: {}, tty: false, color: false },
    { env: { NO_COLOR: '1' }, tty: true, color: false },
    { env: { FORCE_COLOR: '1' }, tty: false, color: true },
    { env: { FORCE_COLOR: '0' }, tty: true, color: true },
    { env: { FORCE_COLOR: '0' }, tty: false, color: false },
    { env: { FORCE_COLOR: '1', NO_COLOR: '1' }, tty: false, color: true },
  ])('env $env on a terminal: $tty → colour $color', ({ env, tty, color }) => {
    expect(colorEnabled({ stdout: { write: () => true, isTTY: tty }, stderr: { write: () => true }, env, cwd: '/' })).toBe(color);
    const text = capture(env, tty);
    expect(text.includes(ESC)).toBe(color);
    expect(text).toContain('a.yaml:3:5');
  });

  it('paints the severity red through styleText', () => {
    expect(capture({ FORCE_COLOR: '1' }, false)).toContain(`${ESC}31merror${ESC}39m unknown-operation`);
  });
});
