import { ChangeType } from '@graphql-inspector/core';
import type { CheckMeta } from '../change.js';
import { graphqlChangeId } from '../graphql/graphql-ids.js';
import { checkMeta } from '../checks.js';
import { DATA_CHECKS } from '../datacontract/diff-datacontract.js';
import { stringify } from 'yaml';
import { CHECKS, RULES } from '../openapi/rules/index.js';
import { EXAMPLE_BASE, RULE_EXAMPLES, type ChangeExample } from './rule-examples.js';

/**
 * docs/compat/rules.md, rendered from the rules' own metadata so the page cannot drift from the code
 * (a test compares the committed page with this output; regenerate with gen-rules-doc).
 */
export function renderRulesDoc(): string {
  const out: string[] = [
    '# Compatibility rules',
    '',
    '<!-- Generated from the rule metadata in src/compat/openapi/rules/ by src/compat/docs/gen-rules-doc.ts; do not edit. -->',
    '',
    'Every change `interlock diff` and `interlock check` report carries one of these ids. OpenAPI ids follow',
    "oasdiff's check ids where the meaning is the same. Levels: **breaking** fails CI (unless announced, see",
    '[announcements](README.md#announcements-workspace-mode)), **warning** fails only with `--fail-on warning`, **info** never fails.',
    '',
    'Requests must stay backward compatible (a client written against the base keeps working), responses',
    'forward compatible (a client written against the base can read what the head returns). Changes under an',
    'operation with `x-stability-level: draft` or `alpha` are reported as info.',
    '',
    '## OpenAPI',
    '',
    'The *sketch* column outlines each change; *messages* are the sentences a change of the id is worded with (by `messageId`;',
    'placeholders are filled from the change\'s `data`, which `--format json` publishes; `{what}` names the place, `{endpoint}` the operation);',
    '*instead* says what to do rather than make a breaking or warning one (reports print it after the sentence). The **worked examples** below each table are executed:',
    '`src/compat/docs/rule-examples.test.ts` runs every one through the change tester and fails when the diff',
    'reports other changes than the ones listed. Each starts from this description, puts the *before* value at',
    'the pointer in the base and the *after* value in the head (*absent*: not there):',
    '',
    '```yaml',
    stringify(EXAMPLE_BASE).trimEnd(),
    '```',
    '',
  ];
  for (const rule of RULES) {
    out.push(`### ${rule.name}`, '', `Source: \`src/compat/openapi/rules/${rule.name}.ts\``, '', '| id | level | meaning | sketch | messages | instead |', '|---|---|---|---|---|---|');
    for (const c of [...rule.checks].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      const reason = CHECKS.get(c.id)?.reason;
      out.push(`| ${anchor(c.id)}\`${c.id}\` | ${c.level} | ${cell(c.description).replace(/^(.)/, (m) => m.toUpperCase())} | \`${cell(c.example).replace(/`/g, "'")}\` | ${messagesCell(c)} | ${reason ? cell(reason) : ''} |`);
    }
    out.push('', ...workedExamples(RULE_EXAMPLES[rule.name] ?? []));
  }
  out.push(
    '## GraphQL',
    '',
    "GraphQL changes are found by GraphQL Inspector; their id is its change type in kebab case. The level below is the typical one: each change's level follows Inspector's criticality for it (BREAKING → breaking, DANGEROUS → warning, NON_BREAKING → info), and removing a field, enum value or input field that was deprecated is downgraded. Each change's `path` is the schema coordinate and its `data` is Inspector's `meta` for it; the messages say Inspector's sentence from that data (`{name:escaped}` puts a backslash before single quotes, as Inspector does). *instead* is Inspector's criticality reason where it is one text for the type; where it names the element or depends on the change, it is `data.advice` (the `…-with-advice` messages).",
    '',
    '| id | GraphQL Inspector type | level | messages | instead |',
    '|---|---|---|---|---|',
    ...Object.values(ChangeType)
      .sort()
      .map((t) => {
        const c = checkMeta(graphqlChangeId(t));
        return `| ${anchor(graphqlChangeId(t))}\`${graphqlChangeId(t)}\` | \`${t}\` | ${c?.level ?? ''} | ${c ? messagesCell(c) : ''} | ${c?.reason ? cell(c.reason) : ''} |`;
      }),
    '',
    '## Data contracts',
    '',
    '`interlock check --base` compares each DataContract with its base; a breaking change fails for the integrations that export or stream the record (see [DataContracts](README.md#datacontracts-workspace-mode)).',
    '',
    '| id | level | meaning | sketch | messages | instead |',
    '|---|---|---|---|---|---|',
    ...DATA_CHECKS.map((c) => `| ${anchor(c.id)}\`${c.id}\` | ${c.level} | ${cell(c.description)} | \`${cell(c.example).replace(/`/g, "'")}\` | ${messagesCell(c)} | ${c.reason ? cell(c.reason) : ''} |`),
    '',
    '## GraphQL operation documents',
    '',
    `${anchor('graphql-operation-invalid')}\`graphql-operation-invalid\` (error, in \`interlock check\`): an operation document a GraphQL integration sends (\`integrations/<vendor>/operations/*.graphql\`) no longer validates against the contract's head schema. Change the document, or keep the schema element it needs.`,
    '',
  );
  return out.join('\n');
}

function workedExamples(examples: ChangeExample[]): string[] {
  const out: string[] = [];
  for (const e of examples) {
    out.push(`**Worked example: ${e.title}.**`, '');
    const edits = [e, ...(e.more ?? [])];
    // A long value is one of the description's own subtrees: name it instead of printing it.
    const shown = (v: unknown): string => {
      if (v === undefined) return '*absent*';
      const json = JSON.stringify(v);
      const same = json.length > 100 ? edits.find((x) => JSON.stringify(valueAt(EXAMPLE_BASE, x.at)) === json) : undefined;
      return same ? `*as at \`${same.at}\` above*` : `\`${json.replace(/\|/g, '\\|')}\``;
    };
    for (const edit of edits) {
      const before = 'before' in edit ? edit.before : valueAt(EXAMPLE_BASE, edit.at);
      out.push(`- at \`${edit.at}\`: ${shown(before)} → ${shown(edit.after)}`);
    }
    out.push('', 'reports:', '');
    for (const c of e.expect) {
      const data = c.data ? `, ${Object.entries(c.data).map(([k, v]) => `${k} \`${typeof v === 'string' ? v : JSON.stringify(v)}\``).join(', ')}` : '';
      const message = c.messageId ? `, message \`${c.messageId}\`` : '';
      out.push(`- [\`${c.id}\`](#${c.id}) (${c.level})${c.pointer ? ` at \`${c.pointer}\`` : ''}${message}${data}`);
    }
    out.push('');
  }
  return out;
}

function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const s of pointer.split('/').slice(1).map((x) => x.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[s];
  }
  return node;
}

/** Findings link to `rules.md#<id>`; a table row has no heading, so each id gets its own anchor. */
function anchor(id: string): string {
  return `<a id="${id}"></a>`;
}

/** `messageId`: template, one per line. */
function messagesCell(c: CheckMeta): string {
  return Object.entries(c.messages ?? {})
    .map(([id, template]) => `\`${id}\`: ${cell(template)}`)
    .join('<br>');
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
