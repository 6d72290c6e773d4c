import { appendPointer } from '../../core/pointer.js';
import type { Rule } from '../rule.js';
import { jurisdictionCovers } from '../policies.js';

const VENDOR = (extra: string) => `apiVersion: interlock.dev/v1
kind: Vendor
metadata: { name: acme }
spec:
  legalName: Acme, Inc.
  riskTier: medium
  criteria: { dataSensitivity: internal, accessLevel: write, criticality: low }
  dataLocations: [eu-central, us-east]
  assessment: { questionnaire: sig-lite, status: approved, reviewer: jonas-berg, completedAt: '2026-01-15', expiresAt: '2027-01-15' }
  contract: { countersigned: true, clauses: { encryption: true, breachNotificationHours: 48, auditRights: true } }
${extra}`;

export const residency: Rule = {
  meta: {
    id: 'residency',
    description: "Data subjects' data stays in the locations the ResidencyPolicy allows, unless the vendor records a transfer mechanism and a transfer impact assessment.",
    defaultSeverity: 'error',
    messages: {
      regionNotAllowed: "Integration '{{integration}}' keeps data of {{subjects}} subjects in {{location}}, outside {{allowed}}, and vendor '{{vendor}}' records no {{mechanisms}} transfer to it",
      locationNotAllowed: "Vendor '{{vendor}}' holds data of {{subjects}} subjects (integration '{{integration}}') in {{location}}, outside {{allowed}}, without a {{mechanisms}} transfer mechanism",
      subjectsUndeclared: "Integration '{{integration}}' moves personal data (field {{field}}) but declares no data.subjects, so where its subjects' data may be cannot be checked",
      tiaMissing: "Vendor '{{vendor}}' transfers data of {{subjects}} subjects to {{location}} under {{mechanism}} without a transfer impact assessment (tia)",
    },
    docs: {
      details: `An integration that declares \`data.subjects\` is matched against each ResidencyPolicy rule whose \`subjects\` cover
them (\`eu\` covers \`eu-central\`). Its \`data.region\` and every one of its vendor's \`dataLocations\` must lie in
the rule's \`allowedLocations\`, or the vendor's \`transfers\` must record one of the rule's \`transferMechanisms\`
(\`scc\`, \`idta\`, …) to that location (\`to\` absent or covering it, \`from\` absent or covering the subjects) with a
\`tia\` reference. An integration that moves personal data must declare its \`data.subjects\`. Without a ResidencyPolicy, EU and UK subjects' data must stay in the EU or UK, with SCC or UK
IDTA as the mechanisms.`,
      failing: { 'integrations/acme/vendor.yaml': VENDOR('') },
      passing: {
        'integrations/acme/vendor.yaml': VENDOR(`  transfers:
    - { mechanism: scc, from: eu, to: us, tia: 'TIA-2026-007' }
`),
      },
    },
  },
  check(context) {
    const reported = new Set<string>();
    for (const integration of context.model.integrations.values()) {
      const data = integration.manifest.spec.data;
      const subjects = data?.subjects ?? [];
      if (subjects.length === 0) {
        const personal = context.facts.fieldsOf(integration).find((f) => f.classification?.pii);
        if (personal) context.report({ resource: integration, pointer: data ? '/spec/data' : '/spec', messageId: 'subjectsUndeclared', data: { integration: integration.name, field: personal.path } });
        continue;
      }
      const vendor = context.model.vendors.get(integration.manifest.spec.vendor);
      for (const rule of context.policies.residency.rules) {
        const covered = subjects.filter((s) => rule.subjects.some((r) => jurisdictionCovers(r, s)));
        if (covered.length === 0) continue;
        const mechanisms = rule.transferMechanisms ?? [];
        const base = { integration: integration.name, subjects: covered.join(', '), allowed: rule.allowedLocations.join(', '), mechanisms: mechanisms.join(' or ') || 'permitted', vendor: vendor?.name ?? integration.manifest.spec.vendor };
        /** 'ok', or why the location is not allowed. */
        const judge = (location: string): { messageId: 'tiaMissing'; mechanism: string } | 'ok' | 'none' => {
          if (rule.allowedLocations.some((a) => jurisdictionCovers(a, location))) return 'ok';
          const transfer = (vendor?.manifest.spec.transfers ?? []).find(
            (t) => mechanisms.includes(t.mechanism) && (!t.to || jurisdictionCovers(t.to, location)) && (!t.from || covered.some((s) => jurisdictionCovers(t.from!, s) || jurisdictionCovers(s, t.from!))),
          );
          if (!transfer) return 'none';
          return transfer.tia ? 'ok' : { messageId: 'tiaMissing', mechanism: transfer.mechanism };
        };
        const locations: { location: string; resource: 'integration' | 'vendor'; pointer: string }[] = [];
        if (data?.region) locations.push({ location: data.region, resource: 'integration', pointer: '/spec/data/region' });
        (vendor?.manifest.spec.dataLocations ?? []).forEach((location, n) => locations.push({ location, resource: 'vendor', pointer: appendPointer('/spec/dataLocations', n) }));
        for (const l of locations) {
          const verdict = judge(l.location);
          if (verdict === 'ok') continue;
          const target = l.resource === 'vendor' && vendor ? vendor : integration;
          const key = `${target.id}|${l.pointer}|${covered.join(',')}`;
          if (reported.has(key)) continue;
          reported.add(key);
          if (verdict === 'none') {
            context.report({
              resource: target,
              pointer: l.pointer,
              messageId: target === integration ? 'regionNotAllowed' : 'locationNotAllowed',
              data: { ...base, location: l.location },
              ...(target !== integration ? { alsoWaivedBy: [integration.id] } : {}),
            });
          } else {
            context.report({ resource: vendor ?? integration, pointer: vendor ? '/spec/transfers' : l.pointer, messageId: 'tiaMissing', data: { ...base, location: l.location, mechanism: verdict.mechanism } });
          }
        }
      }
    }
  },
};
