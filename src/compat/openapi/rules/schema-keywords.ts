import type { CheckMeta, Level } from '../../change.js';
import { CONSTRAINT_KEYWORDS } from '../schema-keywords.js';
import { ALL_PREFIXES, family, place, type Direction, type Rule } from './rule.js';

/** Adding a restricting keyword narrows what is valid: breaks requests; removing it breaks responses. */
function levelOf(restricts: boolean, added: boolean, d: Direction): Level {
  const narrows = restricts === added;
  return narrows ? (d === 'request' ? 'breaking' : 'info') : d === 'request' ? 'info' : 'breaking';
}

/** A keyword added or removed, alone (`added`) or with the entry it concerns (`added-entry`), and for a breaking change what it does. */
function keywordMessages(keyword: string, added: boolean, d: Direction, level: Level): Record<string, string> {
  const verb = added ? 'added to' : 'removed from';
  const end = level !== 'breaking' ? '.' : d === 'request' ? '; requests valid today may be rejected.' : '; responses may now contain values clients do not expect.';
  const id = added ? 'added' : 'removed';
  return { [id]: `\`${keyword}\` was ${verb} {what}${end}`, [`${id}-entry`]: `\`${keyword}\` {name:value} was ${verb} {what}${end}` };
}

const checks: CheckMeta[] = [];
const entries: { stem: string; keyword: string; restricts: boolean }[] = [
  ...CONSTRAINT_KEYWORDS,
  { keyword: 'patternProperties', stem: 'pattern-property', restricts: true },
  { keyword: 'dependentSchemas', stem: 'dependent-schema', restricts: true },
  { keyword: 'dependentRequired', stem: 'dependent-required', restricts: true },
];
for (const { keyword, stem, restricts } of entries) {
  for (const added of [true, false]) {
    checks.push(
      ...family(ALL_PREFIXES, `${stem}-${added ? 'added' : 'removed'}`, (d) => levelOf(restricts, added, d), `\`${keyword}\` was ${added ? 'added to' : 'removed from'} {where}.`, `${keyword} ${added ? 'added' : 'removed'}`, (d) => keywordMessages(keyword, added, d, levelOf(restricts, added, d))),
    );
  }
}
checks.push(...family(ALL_PREFIXES, 'dependent-required-changed', () => 'breaking', 'A `dependentRequired` entry of {where} changed.', 'dependentRequired: {a: [b]} → {a: [c]}', { changed: '`dependentRequired` entry {name:value} of {what} changed; clients encode or decode it the old way.' }));
checks.push(...family(ALL_PREFIXES, 'content-encoding-changed', () => 'breaking', '`contentEncoding` of {where} changed.', 'contentEncoding: base64 → base32', { changed: '`contentEncoding` of {what} changed; clients encode or decode it the old way.' }));
checks.push(...family(ALL_PREFIXES, 'content-media-type-changed', () => 'breaking', '`contentMediaType` of {where} changed.', 'contentMediaType: image/png → image/jpeg', { changed: '`contentMediaType` of {what} changed; clients encode or decode it the old way.' }));

/** JSON Schema keywords that constrain instances (if/then/else, contains, prefixItems, unevaluated*, …). */
export const schemaKeywords: Rule = {
  name: 'schema-keywords',
  kinds: ['keyword-added', 'keyword-removed', 'map-entry-added', 'map-entry-removed', 'dependent-required-added', 'dependent-required-removed', 'dependent-required-changed', 'content-encoding-changed', 'content-media-type-changed'],
  checks,
  judge(f, ctx) {
    const where = place(ctx);
    let stem: string;
    let added: boolean;
    switch (f.kind) {
      case 'keyword-added':
      case 'keyword-removed':
        stem = String(f.data.stem);
        added = f.kind === 'keyword-added';
        break;
      case 'map-entry-added':
      case 'map-entry-removed':
        stem = String(f.data.stem);
        added = f.kind === 'map-entry-added';
        break;
      case 'dependent-required-added':
      case 'dependent-required-removed':
        stem = 'dependent-required';
        added = f.kind === 'dependent-required-added';
        break;
      default:
        return { id: `${ctx.prefix}-${f.kind}`, messageId: 'changed', data: f.kind === 'dependent-required-changed' ? { place: where, name: f.data.name ?? null } : { place: where } };
    }
    const id = `${ctx.prefix}-${stem}-${added ? 'added' : 'removed'}`;
    const messageId = added ? 'added' : 'removed';
    return f.data.name !== undefined ? { id, messageId: `${messageId}-entry`, data: { place: where, name: f.data.name } } : { id, messageId, data: { place: where } };
  },
};
