import { describe, expect, it } from 'vitest';
import { alignColumns } from './text-table.js';

describe('alignColumns', () => {
  it('pads every column but the last to its widest cell', () => {
    expect(alignColumns([['ID', 'STATUS'], ['stream-a', 'ok'], ['b', 'failing (2)']])).toBe('ID        STATUS\nstream-a  ok\nb         failing (2)\n');
  });
});
