import { createHash } from 'node:crypto';
import { createGitHubClient, parseRepo } from '../../../github/client.js';
import { syncSpecPullRequest } from '../../../github/spec-pull-request.js';
import { fetchDescription, type FetchResult } from '../../../import/fetch-description.js';
import type { AddressClass } from '../../delivery/address-class.js';
import type { TargetPolicy } from '../../delivery/ssrf-guard.js';
import type { RuntimeLog } from '../../log.js';
import type { Store } from '../../store/store.js';
import type { CommittedContracts } from './committed-contracts.js';
import { proposedFiles, pullRequestText, specBranch } from './pull-request-text.js';
import { usedChanges } from './used-changes.js';
import { saveVendorSpec, vendorSpecOf, type ProposedPullRequest, type SpecFinding, type VendorSpecRecord } from './vendor-spec-queries.js';
import { watchedContracts, type WatchedContract } from './watched-contracts.js';

/** Where vendor spec drift pull requests are opened (runtime configuration; the token is never logged). */
export interface GitHubTarget {
  /** `owner/repo` of the workspace repository. */
  repository: string;
  token: string;
  /** REST API root (default https://api.github.com). */
  apiUrl?: string;
  /** The branch pull requests target. */
  base: string;
}

export interface VendorSpecWatcherOptions {
  store: Store;
  committed: CommittedContracts;
  github?: GitHubTarget;
  /** Address classes the egress guard lets through anyway (the delivery configuration's). */
  allowAddresses?: readonly AddressClass[];
  /** Fetches through the egress guard (default: `fetchDescription`); tests may pin DNS. */
  fetch?: (url: string, policy: TargetPolicy) => Promise<FetchResult>;
  log?: RuntimeLog;
}

export interface SpecCheck {
  contract: string;
  outcome: 'unchanged' | 'changed' | 'error';
  findings: SpecFinding[];
  error?: string;
  pullRequest?: ProposedPullRequest & { action: 'created' | 'updated' };
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Vendor spec drift: fetches each watched contract's published description through the egress guard, hashes
 * it, and when the hash (or the applied contract) changed, runs the compat engine from the committed contract
 * to it, restricted to what the workspace uses. A breaking change there opens — or, while it is open, updates —
 * one pull request per contract; the hash it proposes is kept, so checking the same description again opens
 * nothing. The findings feed the `vendor-spec-drift` alert and the trust score.
 */
export class VendorSpecWatcher {
  private readonly log: RuntimeLog;

  constructor(private readonly opts: VendorSpecWatcherOptions) {
    this.log = opts.log ?? (() => undefined);
  }

  async check(now: Date): Promise<SpecCheck[]> {
    const state = await this.opts.store.state();
    const out: SpecCheck[] = [];
    for (const w of watchedContracts(state.resources)) out.push(await this.checkOne(w, now));
    return out;
  }

  private async checkOne(w: WatchedContract, now: Date): Promise<SpecCheck> {
    const db = this.opts.store.db;
    const prev = await vendorSpecOf(db, w.name);
    const base: VendorSpecRecord = prev ?? { contract: w.name, url: w.url, hash: null, contractHash: null, checkedAt: now.toISOString(), changedAt: null, error: null, findings: [], pullRequest: null };
    const fail = async (error: string): Promise<SpecCheck> => {
      await saveVendorSpec(db, { ...base, url: w.url, checkedAt: now.toISOString(), error });
      this.log({ level: 'warn', msg: `vendor spec of ${w.name}: ${error}`, contract: w.name });
      return { contract: w.name, outcome: 'error', findings: base.findings, error };
    };
    const fetched = await (this.opts.fetch ?? ((url, policy) => fetchDescription(url, policy)))(w.url, { localTesting: w.localTesting, allow: this.opts.allowAddresses ?? [] });
    if (!fetched.ok) return fail(fetched.reason);
    const hash = sha256(fetched.text);
    const known = prev?.hash ?? w.baselineHash;
    if (hash === known && (!prev || (prev.contractHash === w.contentHash && !prev.error))) {
      await saveVendorSpec(db, { ...base, url: w.url, hash, contractHash: w.contentHash, checkedAt: now.toISOString(), error: null });
      return { contract: w.name, outcome: 'unchanged', findings: base.findings };
    }
    const committed = await this.opts.committed(w.name);
    if (!committed) return fail(`the workspace has no committed copy of contract ${w.name} to compare with`);
    if (committed.contentHash !== w.contentHash) return fail(`the workspace's copy of contract ${w.name} differs from the applied one; apply first`);
    const used = await usedChanges({ file: committed.descriptionFile, text: committed.descriptionText }, { file: w.url, text: fetched.text }, w.used, now);
    if (!used.ok) return fail(used.error);
    const breaking = used.findings.filter((f) => f.level === 'breaking');
    let pullRequest = base.pullRequest;
    let proposed: SpecCheck['pullRequest'];
    let error: string | null = null;
    if (breaking.length && this.opts.github && pullRequest?.hash !== hash) {
      try {
        const synced = await this.propose(this.opts.github, w, committed, fetched.text, hash, used.findings, now);
        pullRequest = { number: synced.number, url: synced.url, hash };
        proposed = { ...pullRequest, action: synced.action };
        this.log({ level: 'warn', msg: `vendor spec of ${w.name} changed ${breaking.length} used operation(s): pull request #${synced.number} ${synced.action}`, contract: w.name, pullRequest: synced.url });
      } catch (e) {
        // Kept as the check's error: the next check tries again (the hash is not marked as proposed).
        error = `opening the pull request failed: ${e instanceof Error ? e.message : String(e)}`;
        this.log({ level: 'error', msg: `vendor spec of ${w.name}: ${error}`, contract: w.name });
      }
    }
    await saveVendorSpec(db, {
      contract: w.name,
      url: w.url,
      hash,
      contractHash: w.contentHash,
      checkedAt: now.toISOString(),
      changedAt: hash !== prev?.hash ? now.toISOString() : base.changedAt,
      error,
      findings: used.findings,
      pullRequest,
    });
    return { contract: w.name, outcome: error ? 'error' : 'changed', findings: used.findings, ...(error ? { error } : {}), ...(proposed ? { pullRequest: proposed } : {}) };
  }

  private async propose(github: GitHubTarget, w: WatchedContract, committed: Parameters<typeof proposedFiles>[0], text: string, hash: string, findings: SpecFinding[], now: Date) {
    const repo = parseRepo(github.repository);
    if (!repo) throw new Error(`the GitHub repository must be owner/name, got ${JSON.stringify(github.repository)}`);
    const octokit = createGitHubClient({ token: github.token, ...(github.apiUrl ? { baseUrl: github.apiUrl } : {}) });
    const { title, body } = pullRequestText(w, findings, hash, now);
    return syncSpecPullRequest(octokit, { ...repo, base: github.base, branch: specBranch(w.name), title, body, message: `${w.name}: the vendor's published description (sha256 ${hash.slice(0, 12)})`, files: proposedFiles(committed, text, hash) });
  }
}
