import { parseDocument } from 'yaml';
import { mdCode, mdText } from '../../../report/markdown-text.js';
import type { ProposedFile } from '../../../github/spec-pull-request.js';
import type { CommittedContract } from './committed-contracts.js';
import type { SpecFinding } from './vendor-spec-queries.js';
import type { WatchedContract } from './watched-contracts.js';

/** Hidden marker naming the contract and the description's hash, so a person (or a later run) can tell which change it proposes. */
export const specMarker = (contract: string, hash: string) => `<!-- interlock:vendor-spec ${contract} ${hash} -->`;

/** The branch of a contract's pull request: one per contract, reused while it is open. */
export const specBranch = (contract: string) => `interlock/vendor-spec/${contract}`;

/**
 * What the pull request proposes: the committed description replaced by the published one, and the
 * manifest's `spec.upstream.sha256` moved to its hash (comments and layout of the manifest kept).
 */
export function proposedFiles(committed: CommittedContract, published: string, hash: string): ProposedFile[] {
  const manifest = parseDocument(committed.manifestText);
  const files: ProposedFile[] = [{ path: committed.descriptionFile, text: published }];
  if (manifest.hasIn(['spec', 'upstream', 'sha256'])) {
    manifest.setIn(['spec', 'upstream', 'sha256'], hash);
    files.push({ path: committed.manifestFile, text: manifest.toString({ lineWidth: 0 }) });
  }
  return files;
}

/** Title and body (the compat report restricted to what the workspace uses) of the pull request. */
export function pullRequestText(w: WatchedContract, findings: readonly SpecFinding[], hash: string, now: Date): { title: string; body: string } {
  const breaking = findings.filter((f) => f.level === 'breaking');
  const rows = findings.map((f) => `| ${f.level} | ${mdCode(f.id)} | ${mdCode(f.where)} | ${mdText(f.message)} |`);
  return {
    title: `Vendor spec drift: ${w.name} changed ${breaking.length} operation${breaking.length === 1 ? '' : 's'} the workspace uses`,
    body: [
      specMarker(w.name, hash),
      `The vendor's published description of \`${w.name}\` (${mdText(w.url)}) changed: sha256 \`${hash}\`, seen ${now.toISOString()}.`,
      `Compared with the committed contract, restricted to what ${w.integrations.map((i) => `\`${i}\``).join(', ')} use${w.integrations.length === 1 ? 's' : ''} (${w.used.map((u) => `\`${u}\``).join(', ')}):`,
      '',
      '| level | rule | where | change |',
      '|---|---|---|---|',
      ...rows,
      '',
      'This pull request replaces the committed description with the published one. Before merging, change the connectors that call what was removed or changed (or pin the vendor to the old version), bump the contract version and announce the break; `interlock check` shows what still fails. A contract written by `interlock import` is trimmed again with `interlock import --force`.',
    ].join('\n'),
  };
}
