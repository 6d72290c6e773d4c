import type { Classification, DataContract, DataContractSpec } from '../../core/resources.js';
import type { Change, ChangeLocation, CheckMeta, Level } from '../change.js';

/**
 * DataContract compatibility: how a record we export or stream changed between two versions, in the
 * vocabulary of ODCS v3 (a record's fields are its *properties*; `type` is its logical type). The
 * consumers of an export or stream read the record, so the judgement is the one of a response:
 * a property they may read must stay, keep its name, type and presence guarantees, and never be
 * declared less sensitive than before (a lowered classification lets a consumer store or share it
 * more freely than its owners allow).
 */
export type DataChangeId =
  | 'data-property-removed'
  | 'data-property-renamed'
  | 'data-property-type-changed'
  | 'data-property-became-required'
  | 'data-property-became-optional'
  | 'data-property-classification-lowered'
  | 'data-property-classification-raised'
  | 'data-property-added';

export const DATA_CHECKS: readonly (CheckMeta & { id: DataChangeId })[] = [
  { id: 'data-property-removed', level: 'breaking', messages: { removed: 'Property `{property}` was removed.' }, description: 'A property of the record was removed; consumers that read it break.', reason: 'Keep the property (stop filling it instead), or announce its removal with a major bump.', example: 'fields: {id, email} → {id}' },
  { id: 'data-property-renamed', level: 'breaking', messages: { renamed: 'Property `{property}` was renamed to `{to}`.' }, description: 'A property was renamed (one removed and one added with the same type, presence and classification); consumers read the old name.', reason: 'Keep the old name (add the new one alongside and fill both), or announce the rename with a major bump.', example: 'fields: {email} → {email_address}' },
  { id: 'data-property-type-changed', level: 'breaking', messages: { changed: 'Property `{property}` changed type from {from} to {to}.' }, description: "A property's logical type changed; consumers parse the old type.", reason: 'Add a property with the new type and keep the old one, or announce the change with a major bump.', example: 'amount: {type: integer} → {type: string}' },
  { id: 'data-property-became-required', level: 'breaking', messages: { required: 'Property `{property}` became required.' }, description: 'A property became required; every producer mapping must now fill it, and records written before do not have it.', reason: 'Keep the property optional, or announce the new guarantee with a major bump once every mapping fills it.', example: 'required: false → true' },
  { id: 'data-property-became-optional', level: 'warning', messages: { optional: 'Property `{property}` is no longer required.' }, description: 'A required property may now be missing; consumers that relied on it must handle its absence.', reason: 'Keep filling the property, or tell the consumers that it may now be missing.', example: 'required: true → false' },
  { id: 'data-property-classification-lowered', level: 'breaking', messages: { sensitivity: 'Property `{property}`: sensitivity lowered from {from} to {to}.', pii: 'Property `{property}`: no longer declared as personal data (was {from}).' }, description: "A property's classification was lowered (a lower sensitivity, or personal data declared as none); consumers would handle it with less care than its owners require.", reason: 'Keep the classification; lower it only with the data owners\' approval and an announcement with a major bump.', example: 'sensitivity: confidential → internal' },
  { id: 'data-property-classification-raised', level: 'info', messages: { raised: "Property `{property}`'s classification was raised." }, description: "A property's classification was raised.", example: 'sensitivity: internal → confidential' },
  { id: 'data-property-added', level: 'info', messages: { added: 'Property `{property}` was added.' }, description: 'A property was added to the record.', example: 'fields: {id} → {id, email}' },
];

const LEVEL = Object.fromEntries(DATA_CHECKS.map((c) => [c.id, c.level])) as Record<DataChangeId, Level>;
const SENSITIVITY_RANK = { public: 0, internal: 1, confidential: 2, restricted: 3 } as const;

type Field = DataContractSpec['fields'][string];

/** Every change from `base` to `head` of one DataContract, ordered by property name. */
export function diffDataContract(base: DataContract, head: DataContract): Change[] {
  const b = base.manifest.spec.fields;
  const h = head.manifest.spec.fields;
  const at = (dc: DataContract, name: string): ChangeLocation => {
    const pointer = `/spec/fields/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    return { file: dc.doc.file, pointer, line: dc.doc.locate(pointer).line };
  };
  const change = (id: DataChangeId, property: string, messageId: string, sides: { base?: string; head?: string }, data: Record<string, unknown> = {}): Change => ({
    id,
    messageId,
    level: LEVEL[id],
    ...(sides.base !== undefined ? { base: at(base, sides.base) } : {}),
    ...(sides.head !== undefined ? { head: at(head, sides.head) } : {}),
    data: { property, ...data },
  });
  const out: Change[] = [];
  const removed = Object.keys(b).filter((n) => !(n in h));
  const added = Object.keys(h).filter((n) => !(n in b));
  const renames = matchRenames(removed, added, b, h);
  for (const name of removed) {
    const to = renames.get(name);
    if (to !== undefined) out.push(change('data-property-renamed', name, 'renamed', { base: name, head: to }, { to }));
    else out.push(change('data-property-removed', name, 'removed', { base: name }));
  }
  const renamedTo = new Set(renames.values());
  for (const name of added) {
    if (!renamedTo.has(name)) out.push(change('data-property-added', name, 'added', { head: name }));
  }
  for (const name of Object.keys(h).filter((n) => n in b)) {
    const before = b[name];
    const after = h[name];
    const sides = { base: name, head: name };
    if (before.type !== after.type) out.push(change('data-property-type-changed', name, 'changed', sides, { from: before.type, to: after.type }));
    if (!before.required && after.required) out.push(change('data-property-became-required', name, 'required', sides));
    if (before.required && !after.required) out.push(change('data-property-became-optional', name, 'optional', sides));
    const lowered = classificationLowered(before.classification, after.classification);
    if (lowered) out.push(change('data-property-classification-lowered', name, lowered.messageId, sides, { from: lowered.from, to: lowered.to, classification: { from: before.classification, to: after.classification } }));
    else if (classificationRaised(before.classification, after.classification)) out.push(change('data-property-classification-raised', name, 'raised', sides, { classification: { from: before.classification, to: after.classification } }));
  }
  return out.sort((x, y) => (x.data!.property! < y.data!.property! ? -1 : x.data!.property! > y.data!.property! ? 1 : x.id < y.id ? -1 : 1));
}

/** A removed and an added property that are the same but for the name, when the pairing is unambiguous. */
function matchRenames(removed: string[], added: string[], b: Record<string, Field>, h: Record<string, Field>): Map<string, string> {
  const same = (x: Field, y: Field) =>
    x.type === y.type && Boolean(x.required) === Boolean(y.required) && x.classification.sensitivity === y.classification.sensitivity && x.classification.pii === y.classification.pii;
  const out = new Map<string, string>();
  for (const r of removed) {
    const candidates = added.filter((a) => same(b[r], h[a]));
    if (candidates.length !== 1) continue;
    const [a] = candidates;
    if (removed.filter((r2) => same(b[r2], h[a])).length === 1) out.set(r, a);
  }
  return out;
}

/** How a classification was lowered: the message and the two values it names. */
function classificationLowered(from: Classification, to: Classification): { messageId: 'sensitivity' | 'pii'; from: string; to: string | null } | undefined {
  if (SENSITIVITY_RANK[to.sensitivity] < SENSITIVITY_RANK[from.sensitivity]) return { messageId: 'sensitivity', from: from.sensitivity, to: to.sensitivity };
  if (from.pii !== null && to.pii === null) return { messageId: 'pii', from: String(from.pii), to: null };
  return undefined;
}

function classificationRaised(from: Classification, to: Classification): boolean {
  return SENSITIVITY_RANK[to.sensitivity] > SENSITIVITY_RANK[from.sensitivity] || (from.pii === null && to.pii !== null) || (from.pii !== to.pii && from.pii !== null && to.pii !== null);
}
