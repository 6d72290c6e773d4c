/** The CLI's version, reported by `--version` and in generated reports. */
export { VERSION } from '../core/version.js';
