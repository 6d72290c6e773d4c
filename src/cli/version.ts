/** The CLI's version, reported by `--version` and in generated reports. */
export const VERSION = '0.1.0';
