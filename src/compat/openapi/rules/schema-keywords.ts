import type { CheckMeta, Level } from '../../change.js';
import { CONSTRAINT_KEYWORDS } from '../schema-keywords.js';
import { ALL_PREFIXES, family, show, subject, type Direction, type Rule } from './rule.js';

/** Adding a restricting keyword narrows what is valid: breaks requests; removing it breaks responses. */
function levelOf(restricts: boolean, added: boolean, d: Direction): Level {
  const narrows = restricts === added;
  return narrows ? (d === 'request' ? 'breaking' : 'info') : d === 'request' ? 'info' : 'breaking';
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
    checks.push(...family(ALL_PREFIXES, `${stem}-${added ? 'added' : 'removed'}`, (d) => levelOf(restricts, added, d), `\`${keyword}\` was ${added ? 'added to' : 'removed from'} {where}.`, `${keyword} ${added ? 'added' : 'removed'}`));
  }
}
checks.push(...family(ALL_PREFIXES, 'dependent-required-changed', () => 'breaking', 'A `dependentRequired` entry of {where} changed.', 'dependentRequired: {a: [b]} → {a: [c]}'));
checks.push(...family(ALL_PREFIXES, 'content-encoding-changed', () => 'breaking', '`contentEncoding` of {where} changed.', 'contentEncoding: base64 → base32'));
checks.push(...family(ALL_PREFIXES, 'content-media-type-changed', () => 'breaking', '`contentMediaType` of {where} changed.', 'contentMediaType: image/png → image/jpeg'));

/** JSON Schema keywords that constrain instances (if/then/else, contains, prefixItems, unevaluated*, …). */
export const schemaKeywords: Rule = {
  name: 'schema-keywords',
  kinds: ['keyword-added', 'keyword-removed', 'map-entry-added', 'map-entry-removed', 'dependent-required-added', 'dependent-required-removed', 'dependent-required-changed', 'content-encoding-changed', 'content-media-type-changed'],
  checks,
  judge(f, ctx) {
    const d = ctx.direction!;
    const what = subject(ctx);
    let stem: string;
    let restricts = true;
    let added: boolean | undefined;
    switch (f.kind) {
      case 'keyword-added':
      case 'keyword-removed':
        stem = String(f.data.stem);
        restricts = f.data.restricts === true;
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
      default: {
        const id = `${ctx.prefix}-${f.kind}`;
        return { id, message: `${f.kind === 'dependent-required-changed' ? `\`dependentRequired\` entry ${show(f.data.name)}` : f.kind === 'content-encoding-changed' ? '`contentEncoding`' : '`contentMediaType`'} of ${what} changed; clients encode or decode it the old way. Keep it, or announce a new major version.` };
      }
    }
    const level = levelOf(restricts, added, d);
    const id = `${ctx.prefix}-${stem}-${added ? 'added' : 'removed'}`;
    const name = f.data.name !== undefined ? ` ${show(f.data.name)}` : '';
    const base = `\`${String(f.data.keyword ?? stem)}\`${name} was ${added ? 'added to' : 'removed from'} ${what}`;
    if (level !== 'breaking') return { id, message: base + '.' };
    return { id, message: base + (d === 'request' ? '; requests valid today may be rejected. Announce a new major version or keep the schema as it was.' : '; responses may now contain values clients do not expect. Keep the constraint, or announce a new major version.') };
  },
};
