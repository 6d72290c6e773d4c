import type { Resource, RetentionPolicySpec, ResidencyPolicySpec, RiskPolicySpec, Sensitivity, Tier, TransportPolicySpec } from '../core/resources.js';
import type { WorkspaceModel } from '../validate/model.js';
import { policyOf } from '../validate/model.js';

type Scoring = Required<{ [K in keyof NonNullable<RiskPolicySpec['scoring']>]-?: Required<NonNullable<NonNullable<RiskPolicySpec['scoring']>[K]>> }>;
export type TierGate = NonNullable<RiskPolicySpec['gates'][Tier]>;

export interface EffectiveRiskPolicy {
  scoring: Scoring;
  thresholds: RiskPolicySpec['thresholds'];
  gates: Partial<Record<Tier, TierGate>>;
  breachNotificationMaxHours: number;
  noticeDays: number;
  /** The RiskPolicy resource, when the workspace defines one (absent: built-in defaults). */
  resource?: Resource<'RiskPolicy'>;
}

export interface EffectiveRetentionPolicy {
  maxDays: Partial<Record<Sensitivity, number>>;
  personalDataRequiresRetention: boolean;
  erasure: { required: boolean; maxTokenizationDays: number; maxDays?: number };
  resource?: Resource<'RetentionPolicy'>;
}

export interface EffectiveResidencyPolicy {
  rules: ResidencyPolicySpec['rules'];
  resource?: Resource<'ResidencyPolicy'>;
}

export interface EffectiveTransportPolicy {
  requireHttps: boolean;
  minTlsVersion: '1.2' | '1.3';
  mtls: NonNullable<TransportPolicySpec['mtls']>;
  resource?: Resource<'TransportPolicy'>;
}

export interface EffectivePolicies {
  risk: EffectiveRiskPolicy;
  retention: EffectiveRetentionPolicy;
  residency: EffectiveResidencyPolicy;
  transport: EffectiveTransportPolicy;
}

/** Built-in scoring: a workspace RiskPolicy overrides it criterion by criterion. */
export const DEFAULT_SCORING: Scoring = {
  dataSensitivity: { public: 0, internal: 1, confidential: 3, restricted: 5 },
  accessLevel: { read: 0, write: 1, admin: 3, 'bulk-export': 3 },
  criticality: { low: 0, medium: 1, high: 2, critical: 3 },
  crossBorder: 1,
};

const STRICT_CONTRACT = { countersigned: true, clauses: ['encryption', 'breachNotification', 'auditRights'] as ('encryption' | 'breachNotification' | 'auditRights')[] };

/** Used when the workspace has no RiskPolicy. */
export const DEFAULT_RISK_POLICY: RiskPolicySpec = {
  scoring: DEFAULT_SCORING,
  thresholds: { medium: 2, high: 5, critical: 8 },
  gates: {
    low: {},
    medium: { assessment: true, contract: { countersigned: true } },
    high: { assessment: true, attestation: ['soc2-type2', 'iso27001'], contract: STRICT_CONTRACT, approvals: { min: 1 } },
    critical: { assessment: true, attestation: ['soc2-type2', 'iso27001'], contract: { ...STRICT_CONTRACT, dpa: true }, approvals: { min: 2 } },
  },
  breachNotificationMaxHours: 72,
  noticeDays: 60,
};

/** Used when the workspace has no RetentionPolicy. */
export const DEFAULT_RETENTION_POLICY: RetentionPolicySpec = {
  maxDays: { public: 3650, internal: 1095, confidential: 730, restricted: 365 },
  personalDataRequiresRetention: true,
  erasure: { required: true, maxTokenizationDays: 30 },
};

/** Used when the workspace has no ResidencyPolicy: EU and UK subjects' data stays in the EU or UK. */
export const DEFAULT_RESIDENCY_POLICY: ResidencyPolicySpec = {
  rules: [{ subjects: ['eu', 'uk'], allowedLocations: ['eu', 'uk'], transferMechanisms: ['scc', 'idta'] }],
};

/** Used when the workspace has no TransportPolicy. */
export const DEFAULT_TRANSPORT_POLICY: TransportPolicySpec = { requireHttps: true, minTlsVersion: '1.2', mtls: [] };

/** The policies in force: the workspace's own, filled in with the built-in defaults. */
export function effectivePolicies(model: WorkspaceModel): EffectivePolicies {
  const risk = policyOf(model, 'RiskPolicy');
  const retention = policyOf(model, 'RetentionPolicy');
  const residency = policyOf(model, 'ResidencyPolicy');
  const transport = policyOf(model, 'TransportPolicy');
  const r = risk?.manifest.spec ?? DEFAULT_RISK_POLICY;
  const s = r.scoring ?? {};
  const ret = retention?.manifest.spec ?? DEFAULT_RETENTION_POLICY;
  const t = transport?.manifest.spec ?? DEFAULT_TRANSPORT_POLICY;
  return {
    risk: {
      scoring: {
        dataSensitivity: { ...DEFAULT_SCORING.dataSensitivity, ...s.dataSensitivity },
        accessLevel: { ...DEFAULT_SCORING.accessLevel, ...s.accessLevel },
        criticality: { ...DEFAULT_SCORING.criticality, ...s.criticality },
        crossBorder: s.crossBorder ?? DEFAULT_SCORING.crossBorder,
      },
      thresholds: r.thresholds,
      gates: r.gates,
      breachNotificationMaxHours: r.breachNotificationMaxHours ?? 72,
      noticeDays: r.noticeDays ?? 60,
      ...(risk ? { resource: risk } : {}),
    },
    retention: {
      maxDays: ret.maxDays,
      personalDataRequiresRetention: ret.personalDataRequiresRetention ?? true,
      erasure: {
        required: ret.erasure?.required ?? true,
        maxTokenizationDays: ret.erasure?.maxTokenizationDays ?? 30,
        ...(ret.erasure?.maxDays !== undefined ? { maxDays: ret.erasure.maxDays } : {}),
      },
      ...(retention ? { resource: retention } : {}),
    },
    residency: { rules: (residency?.manifest.spec ?? DEFAULT_RESIDENCY_POLICY).rules, ...(residency ? { resource: residency } : {}) },
    transport: {
      requireHttps: t.requireHttps ?? true,
      minTlsVersion: t.minTlsVersion ?? '1.2',
      mtls: t.mtls ?? [],
      ...(transport ? { resource: transport } : {}),
    },
  };
}

export const SENSITIVITIES: readonly Sensitivity[] = ['public', 'internal', 'confidential', 'restricted'];
export const TIERS: readonly Tier[] = ['low', 'medium', 'high', 'critical'];

export function sensitivityRank(s: Sensitivity): number {
  return SENSITIVITIES.indexOf(s);
}

export function tierRank(t: Tier): number {
  return TIERS.indexOf(t);
}

/** `eu` covers `eu-central`; `eu-central` covers only itself. */
export function jurisdictionCovers(allowed: string, location: string): boolean {
  const a = allowed.toLowerCase();
  const l = location.toLowerCase();
  return l === a || l.startsWith(a + '-');
}
