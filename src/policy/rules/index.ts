import type { Rule } from '../rule.js';
import { approvals } from './approvals.js';
import { classification } from './classification.js';
import { erasure } from './erasure.js';
import { expiryWarning } from './expiry-warning.js';
import { onboardingGate } from './onboarding-gate.js';
import { residency } from './residency.js';
import { retention } from './retention.js';
import { riskTier } from './risk-tier.js';
import { transport } from './transport.js';

/** Every governance rule, explicitly and sorted by id (a test keeps it sorted, documented and tested). */
export const rules: readonly Rule[] = [approvals, classification, erasure, expiryWarning, onboardingGate, residency, retention, riskTier, transport];
