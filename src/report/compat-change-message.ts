import type { Change } from '../compat/change.js';

/**
 * A compat change as reviewers read it: what changed (`message`), then what the workspace decided
 * (`status` and its facts in `data`): who it breaks, why it breaks nothing here, or how to release it.
 */
export function changeMessage(change: Change): string {
  const sentences = [change.message];
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
