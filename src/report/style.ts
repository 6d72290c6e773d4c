import { styleText } from 'node:util';

export type Style = Parameters<typeof styleText>[0];

// Node 22.13+ checks process.stdout and the environment itself unless told not to; whether to colour is
// decided once by the CLI (terminal, NO_COLOR, FORCE_COLOR), for whatever stream the text goes to.
const style = styleText as (format: Style, text: string, options?: { validateStream?: boolean }) => string;

/** `text` in ANSI style `format` (colour names, `bold`, `dim`), through node:util's styleText. */
export function styled(format: Style, text: string): string {
  return style(format, text, { validateStream: false });
}
