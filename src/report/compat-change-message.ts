import type { Change } from '../compat/change.js';
import type { GateChange } from '../engine/gate-report.js';
import { checkMeta } from '../compat/checks.js';
import { fillTemplate } from './compat-template.js';

/**
 * What changed, from the template `messageId` of the change's id filled with its `data` (said to be a
 * forward comparison when it is one). An unknown template is a bug: the sentence says so instead of
 * failing the whole report.
 */
export function changeSentence(change: Change, meta = checkMeta(change.id)): string {
  const template = meta?.messages[change.messageId];
  const sentence = template === undefined ? `${change.id} (no message '${change.messageId}')` : fillTemplate(template, change).text;
  return change.data?.compatibility === 'forward' ? `Forward compatibility (clients written for the new version, served by the old one): ${sentence}` : sentence;
}

/**
 * A compat change as authors and reviewers read it, the same in every format (text, Markdown, GitHub
 * annotations, JSON `message`, check diagnostics): what changed; for a breaking or warning change,
 * what to do instead (the id's `reason`); how it was found (an unstable operation, the operations a
 * shared schema reaches); then what the workspace decided (`status` and its facts in `data`): who it
 * breaks, why it breaks nothing here, or how to release it.
 */
export function changeMessage(change: Change): string {
  const meta = checkMeta(change.id);
  const sentences = [changeSentence(change, meta)];
  if (change.level !== 'info' && meta?.reason) sentences.push(meta.reason);
  const found = change.data;
  if (found?.unstable) sentences.push(`(The operation is x-stability-level: ${found.unstable}, so this is not a compatibility break.)`);
  if (found?.operations && found.operations.length > 1) sentences.push(`(Reaches ${found.operations.length} operations.)`);
  const d = change.data ?? {};
  if (d.fieldUsers?.length) {
    const names = d.fieldUsers.map((u) => `${u.integration} ${u.kind} \`${u.field}\` of ${u.operationId}`);
    sentences.push(`${[...new Set(names)].join('; ')}, so this breaks it.`);
  }
  if (d.producers?.length) sentences.push(`It breaks the consumers of ${d.producers.join(' and ')}.`);
  switch (change.status) {
    case 'unused':
      sentences.push(unusedSentence(d.unused ?? {}));
      break;
    case 'announced':
      if (d.announcement) sentences.push(`Announced on ${d.announcement.date}: ${d.announcement.reason}`);
      break;
    case 'unannounced': {
      const r = d.remedy;
      if (!r) break;
      sentences.push(
        r.announcedWithoutBump
          ? `It is announced, but the ${r.of}'s major version was not bumped (${r.from} → ${r.to}); bump the major version to release it.`
          : `To release it, bump the ${r.of}'s major version and add an announcement {change: ${change.id}, ${r.target}, date, reason}.`,
      );
      break;
    }
    default:
      break;
  }
  return sentences.join(' ');
}

function unusedSentence(u: NonNullable<Change['data']>['unused'] & object): string {
  if (u.coordinate) return `No operation document of an integration uses ${u.coordinate}, so it breaks nothing here.`;
  if (u.field) return `No connector ${u.field} this field, so it breaks nothing here.`;
  if (u.dataContract) return `No integration exports or streams ${u.dataContract}, so it breaks nothing here.`;
  const ops = u.operations ?? [];
  return `No integration uses ${ops.length === 1 ? `operation ${ops[0]}` : `any of the ${ops.length} operations it reaches`}, so it breaks nothing here.`;
}

/** A gate report change's sentence: as published (`check` rendered it), or rendered now. */
export function gateChangeMessage(change: GateChange): string {
  return change.message ?? changeMessage(change as unknown as Change);
}

/**
 * Why a change's sentence cannot be rendered as meant: an id without metadata, a `messageId` its id has
 * no template for, or a placeholder its data does not supply. Tests run every example change through it.
 */
export function messageProblems(change: Change): string[] {
  const meta = checkMeta(change.id);
  if (!meta) return [`${change.id}: no metadata for this id`];
  const template = meta.messages[change.messageId];
  if (template === undefined) return [`${change.id}: no template '${change.messageId}' (has ${Object.keys(meta.messages).join(', ') || 'none'})`];
  return fillTemplate(template, change).missing.map((name) => `${change.id}/${change.messageId}: no value for {${name}} in ${JSON.stringify(change.data ?? {})}`);
}
