// The matcher lives in core so that `check` (actions' `on`) and the runtime agree on what a pattern matches.
export { matchesAny, matchesPattern } from '../../core/event-pattern.js';
