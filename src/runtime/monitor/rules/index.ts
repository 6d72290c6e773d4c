import { expiringEvidence } from './expiring-evidence.js';
import { integrationUnhealthy } from './integration-unhealthy.js';
import type { AlertRule } from './rule.js';
import { sustained5xx } from './sustained-5xx.js';
import { vendorSpecDrift } from './vendor-spec-drift.js';

/** Every alert rule, listed explicitly and sorted by id. */
export const ALERT_RULES: readonly AlertRule[] = [expiringEvidence, integrationUnhealthy, sustained5xx, vendorSpecDrift];
