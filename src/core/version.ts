/** Interlock's version: reported by `--version`, written in reports, and part of every cache's stamp. */
export const VERSION = '0.1.0';
