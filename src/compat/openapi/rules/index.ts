import type { CheckMeta } from '../../change.js';
import { additionalProperties } from './additional-properties.js';
import { apiDeprecation } from './api-deprecation.js';
import { apiLifecycle } from './api-lifecycle.js';
import { bounds } from './bounds.js';
import { composition } from './composition.js';
import { defaultValue } from './default-value.js';
import { discriminator } from './discriminator.js';
import { enumRule } from './enum.js';
import { nullable } from './nullable.js';
import { parameterSerialization } from './parameter-serialization.js';
import { pattern } from './pattern.js';
import { propertyDeprecation } from './property-deprecation.js';
import { propertyPresence } from './property-presence.js';
import { propertyStability } from './property-stability.js';
import { propertyRequired } from './property-required.js';
import { requestBody } from './request-body.js';
import { requestParameter } from './request-parameter.js';
import { responses } from './responses.js';
import { directionOf, reasonFor } from './reasons.js';
import type { FindingKind, Rule } from './rule.js';
import { schemaKeywords } from './schema-keywords.js';
import { security } from './security.js';
import { serversWebhooks } from './servers-webhooks.js';
import { type } from './type.js';

/** Every OpenAPI rule, explicitly and sorted by name (no directory scan). */
export const RULES: readonly Rule[] = [
  additionalProperties,
  apiDeprecation,
  apiLifecycle,
  bounds,
  composition,
  defaultValue,
  discriminator,
  enumRule,
  nullable,
  parameterSerialization,
  pattern,
  propertyDeprecation,
  propertyPresence,
  propertyRequired,
  propertyStability,
  requestBody,
  requestParameter,
  responses,
  schemaKeywords,
  security,
  serversWebhooks,
  type,
];

/** Finding kind → the rule that judges it. */
export const RULE_BY_KIND: ReadonlyMap<FindingKind, Rule> = new Map(RULES.flatMap((r) => r.kinds.map((k) => [k, r] as const)));

/** Rule id → its metadata (level, direction, description, example, and for breaking and warning ids the reason). */
export const CHECKS: ReadonlyMap<string, CheckMeta> = new Map(
  RULES.flatMap((r) => r.checks.map((c) => {
    const reason = reasonFor(c);
    return [c.id, { ...c, direction: directionOf(c.id), ...(reason ? { reason } : {}) }] as const;
  })),
);

export type { Rule };
