/** State and wire types of the fake GitHub API (see ../github-server.ts). */
import { createHash } from 'node:crypto';

export interface RecordedRequest {
  method: string;
  /** Path without query string, `/api/v3` prefix removed. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body, or the raw text when it is not JSON, or undefined when empty. */
  body: unknown;
  authorization?: string;
}

export interface FakeUser {
  login: string;
  id: number;
  type: 'User' | 'Bot';
}

export interface FakeLabel {
  id: number;
  name: string;
}

export interface FakeComment {
  id: number;
  node_id: string;
  body: string;
  user: FakeUser;
  issue_number: number;
  created_at: string;
  updated_at: string;
  html_url: string;
}

export interface FakeReview {
  id: number;
  user: FakeUser;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  body: string;
  commit_id: string;
  submitted_at: string;
}

export interface FakePullFile {
  sha: string;
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  additions: number;
  deletions: number;
  changes: number;
  previous_filename?: string;
}

export interface FakeAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
  raw_details?: string;
}

export interface FakeCheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  details_url?: string;
  external_id?: string;
  output: { title?: string; summary?: string; text?: string; annotations_count: number };
  /** Every annotation sent, across create and updates (GitHub appends them). */
  annotations: FakeAnnotation[];
  html_url: string;
}

/** An issue or a pull request (they share one number space, as on GitHub). */
export interface FakeIssue {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  labels: FakeLabel[];
  user: FakeUser;
  assignees: FakeUser[];
  created_at: string;
  updated_at: string;
  html_url: string;
  /** Issue events (`labeled` ones are recorded for seeded and added labels). */
  events: FakeIssueEvent[];
  /** Present for pull requests. */
  pull?: {
    head: { ref: string; sha: string };
    base: { ref: string; sha: string };
    draft: boolean;
    merged: boolean;
  };
}

export interface FakeIssueEvent {
  id: number;
  event: 'labeled' | 'unlabeled';
  label: { name: string };
  actor: FakeUser;
  created_at: string;
}

export interface FakeSarifUpload {
  id: string;
  commit_sha: string;
  ref: string;
  tool_name?: string;
  /** The decoded SARIF log. */
  sarif: unknown;
}

export interface FakeRepo {
  fullName: string;
  issues: FakeIssue[];
  comments: FakeComment[];
  reviews: Map<number, FakeReview[]>;
  pullFiles: Map<number, FakePullFile[]>;
  checkRuns: FakeCheckRun[];
  /** Full ref name (`refs/heads/main`) → commit sha. */
  refs: Map<string, string>;
  /** `branch:path` → file text. */
  files: Map<string, string>;
  sarifs: FakeSarifUpload[];
}

export interface SeedPullRequest {
  number?: number;
  title?: string;
  body?: string;
  author?: string;
  /** A label, or a label with who added it (recorded as a `labeled` event). */
  labels?: (string | { name: string; by?: string; at?: string })[];
  head?: { ref?: string; sha?: string };
  base?: { ref?: string; sha?: string };
  reviews?: { user: string; state: FakeReview['state']; body?: string; commitId?: string; submittedAt?: string }[];
  files?: { filename: string; status?: FakePullFile['status']; additions?: number; deletions?: number; previousFilename?: string }[];
}

export interface FailRule {
  method?: string;
  /** Exact path or a pattern tested against the request path. */
  path: string | RegExp;
  status: number;
  body?: unknown;
  /** How many matching requests fail (default 1). */
  times?: number;
}

export class FakeGitHubState {
  private readonly repos = new Map<string, FakeRepo>();
  private seq = 1000;
  readonly failures: FailRule[] = [];
  /** The user that authenticated requests act as (comments, issues, check runs). */
  actor: FakeUser = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };

  constructor(private readonly baseUrl: () => string) {}

  nextId(): number {
    return ++this.seq;
  }

  now(): string {
    return new Date().toISOString();
  }

  repo(fullName: string): FakeRepo {
    let repo = this.repos.get(fullName);
    if (!repo) {
      repo = {
        fullName,
        issues: [],
        comments: [],
        reviews: new Map(),
        pullFiles: new Map(),
        checkRuns: [],
        refs: new Map([['refs/heads/main', sha('main')]]),
        files: new Map(),
        sarifs: [],
      };
      this.repos.set(fullName, repo);
    }
    return repo;
  }

  htmlUrl(repo: string, rest: string): string {
    return `${this.baseUrl()}/html/${repo}/${rest}`;
  }

  user(login: string): FakeUser {
    return { login, id: idOf(login), type: login.endsWith('[bot]') ? 'Bot' : 'User' };
  }

  nextNumber(repo: FakeRepo): number {
    return repo.issues.reduce((max, i) => Math.max(max, i.number), 0) + 1;
  }

  /** A pull request with its labels, reviews and changed files. Returns its number. */
  seedPullRequest(fullName: string, seed: SeedPullRequest = {}): number {
    const repo = this.repo(fullName);
    const number = seed.number ?? this.nextNumber(repo);
    const headRef = seed.head?.ref ?? `feature-${number}`;
    const headSha = seed.head?.sha ?? sha(`${fullName}#${number}`);
    const baseRef = seed.base?.ref ?? 'main';
    if (!repo.refs.has(`refs/heads/${headRef}`)) repo.refs.set(`refs/heads/${headRef}`, headSha);
    const now = this.now();
    repo.issues = repo.issues.filter((i) => i.number !== number);
    repo.issues.push({
      id: this.nextId(),
      number,
      title: seed.title ?? `Pull request ${number}`,
      body: seed.body ?? '',
      state: 'open',
      labels: (seed.labels ?? []).map((l) => {
        const name = typeof l === 'string' ? l : l.name;
        return { id: idOf(name), name };
      }),
      user: this.user(seed.author ?? 'octocat'),
      assignees: [],
      created_at: now,
      updated_at: now,
      html_url: this.htmlUrl(fullName, `pull/${number}`),
      events: (seed.labels ?? []).map((l) => ({
        id: this.nextId(),
        event: 'labeled' as const,
        label: { name: typeof l === 'string' ? l : l.name },
        actor: this.user((typeof l === 'string' ? undefined : l.by) ?? seed.author ?? 'octocat'),
        created_at: (typeof l === 'string' ? undefined : l.at) ?? now,
      })),
      pull: {
        head: { ref: headRef, sha: headSha },
        base: { ref: baseRef, sha: seed.base?.sha ?? repo.refs.get(`refs/heads/${baseRef}`) ?? sha(baseRef) },
        draft: false,
        merged: false,
      },
    });
    repo.reviews.set(
      number,
      (seed.reviews ?? []).map((r) => ({
        id: this.nextId(),
        user: this.user(r.user),
        state: r.state,
        body: r.body ?? '',
        commit_id: r.commitId ?? headSha,
        submitted_at: r.submittedAt ?? now,
      })),
    );
    repo.pullFiles.set(
      number,
      (seed.files ?? []).map((f) => ({
        sha: sha(f.filename),
        filename: f.filename,
        status: f.status ?? 'modified',
        additions: f.additions ?? 1,
        deletions: f.deletions ?? 0,
        changes: (f.additions ?? 1) + (f.deletions ?? 0),
        ...(f.previousFilename ? { previous_filename: f.previousFilename } : {}),
      })),
    );
    return number;
  }

  /** A file at a branch, for `GET contents`. */
  seedFile(fullName: string, branch: string, path: string, text: string): void {
    this.repo(fullName).files.set(`${branch}:${path}`, text);
  }

  /** Make the next matching request(s) fail with `status`. */
  failNext(rule: FailRule): void {
    this.failures.push({ times: 1, ...rule });
  }
}

export function sha(seed: string): string {
  return createHash('sha1').update(seed).digest('hex');
}

export function idOf(seed: string): number {
  return createHash('sha1').update(seed).digest().readUInt32BE(0);
}
