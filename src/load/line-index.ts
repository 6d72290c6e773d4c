/** Offset → 1-based line and column, by binary search over line starts (computed once per text). */
export class LineIndex {
  private readonly starts: number[];

  /**
   * `carriageReturns`: a lone `\r` ends a line too (GraphQL counts lines so; the YAML and JSON locators
   * count `\n` only).
   */
  constructor(text: string, options: { carriageReturns?: boolean } = {}) {
    const starts = [0];
    if (options.carriageReturns && text.includes('\r')) {
      for (const m of text.matchAll(/\r\n?|\n/g)) starts.push(m.index + m[0].length);
    } else {
      // A native search per line, not a loop per character (which runs interpreted on a first, large text).
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    }
    this.starts = starts;
  }

  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }

  get lineCount(): number {
    return this.starts.length;
  }
}
