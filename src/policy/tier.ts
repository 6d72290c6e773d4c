import type { Integration, Sensitivity, Tier, Vendor } from '../core/resources.js';
import type { WorkspaceModel } from '../validate/model.js';
import type { FieldUse } from './fields.js';
import { jurisdictionCovers, sensitivityRank, tierRank, TIERS, type EffectiveRiskPolicy } from './policies.js';

export type Criterion = 'dataSensitivity' | 'accessLevel' | 'criticality' | 'crossBorder';

export interface TierPart {
  criterion: Criterion;
  value: string;
  points: number;
  /** Where the value comes from: `declared`, or the field / integration that raised it. */
  source: string;
}

export interface TierComputation {
  score: number;
  tier: Tier;
  parts: TierPart[];
  thresholds: EffectiveRiskPolicy['thresholds'];
}

/**
 * A vendor's tier from its criteria: points for data sensitivity (the higher of the declared one and the
 * highest classification of any field its integrations move), access level and criticality (as declared), and data
 * leaving the jurisdictions
 * of the data subjects; the tier is the highest whose threshold the score reaches.
 */
export function computeTier(model: WorkspaceModel, vendor: Vendor, integrations: Integration[], fieldsOf: (i: Integration) => FieldUse[], risk: EffectiveRiskPolicy): TierComputation {
  const spec = vendor.manifest.spec;
  const { scoring } = risk;
  const parts: TierPart[] = [];

  let sensitivity: Sensitivity = spec.criteria.dataSensitivity ?? 'public';
  let sensitivitySource = spec.criteria.dataSensitivity ? 'declared' : 'default';
  for (const integration of integrations) {
    for (const field of fieldsOf(integration)) {
      const s = field.classification?.sensitivity;
      if (s && sensitivityRank(s) > sensitivityRank(sensitivity)) {
        sensitivity = s;
        sensitivitySource = `field ${field.path} of integration ${integration.name}`;
      }
    }
  }
  parts.push({ criterion: 'dataSensitivity', value: sensitivity, points: scoring.dataSensitivity[sensitivity], source: sensitivitySource });

  const access = spec.criteria.accessLevel;
  parts.push({ criterion: 'accessLevel', value: access, points: scoring.accessLevel[access], source: 'declared' });

  const criticality = spec.criteria.criticality;
  parts.push({ criterion: 'criticality', value: criticality, points: scoring.criticality[criticality], source: 'declared' });

  const subjects = integrations.flatMap((i) => i.manifest.spec.data?.subjects ?? []);
  const outside = subjects.length ? spec.dataLocations.filter((loc) => !subjects.some((s) => jurisdictionCovers(s, loc))) : [];
  parts.push({
    criterion: 'crossBorder',
    value: outside.length ? `yes (${outside.join(', ')})` : 'no',
    points: outside.length ? scoring.crossBorder : 0,
    source: outside.length ? 'dataLocations outside the data subjects\u2019 jurisdictions' : 'dataLocations',
  });

  const score = parts.reduce((sum, p) => sum + p.points, 0);
  const t = risk.thresholds;
  const tier: Tier = score >= t.critical ? 'critical' : score >= t.high ? 'high' : score >= t.medium ? 'medium' : 'low';
  return { score, tier, parts, thresholds: t };
}

/** "data sensitivity restricted +5, access level write +1, … = 9 (high from 5, critical from 8)". */
export function describeComputation(c: TierComputation): string {
  const names: Record<Criterion, string> = { dataSensitivity: 'data sensitivity', accessLevel: 'access level', criticality: 'criticality', crossBorder: 'cross-border' };
  const terms = c.parts.map((p) => `${names[p.criterion]} ${p.value} +${p.points}`).join(', ');
  return `${terms} = ${c.score} (medium from ${c.thresholds.medium}, high from ${c.thresholds.high}, critical from ${c.thresholds.critical})`;
}

export function maxTier(a: Tier, b: Tier): Tier {
  return tierRank(a) >= tierRank(b) ? a : b;
}

export { TIERS };
