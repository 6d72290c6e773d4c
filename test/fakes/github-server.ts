/**
 * A small fake of the GitHub REST API on loopback, for tests. It keeps in-memory state and records every
 * request so tests can assert what was sent.
 *
 * Usage:
 *   const gh = await startFakeGitHub();               // listens on 127.0.0.1:<random port>
 *   gh.state.seedPullRequest('acme/ws', { number: 7, labels: ['breaking-change-approved'],
 *     reviews: [{ user: 'alice', state: 'APPROVED' }], files: [{ filename: 'integrations/x/vendor.yaml' }] });
 *   const octokit = new Octokit({ baseUrl: gh.url, auth: 't', log: silentOctokitLog });   // or GITHUB_API_URL=gh.url
 *   ...
 *   expect(gh.requests.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual([...]);
 *   expect(gh.state.repo('acme/ws').comments[0].body).toContain('<!-- interlock:report -->');
 *   await gh.close();
 *
 * Endpoints (owner/repo are free; a repository's state is created on first use):
 *   GET    /repos/{o}/{r}/issues/{n}/comments          paginated (per_page, page, Link header)
 *   POST   /repos/{o}/{r}/issues/{n}/comments          body > 65,536 characters → 422, as GitHub does
 *   PATCH  /repos/{o}/{r}/issues/comments/{id}
 *   GET    /repos/{o}/{r}/pulls/{n}/reviews            paginated, seeded
 *   GET    /repos/{o}/{r}/pulls/{n}/files              paginated, seeded
 *   GET    /repos/{o}/{r}/issues/{n}/labels            paginated; POST adds labels
 *   GET    /repos/{o}/{r}/issues/{n}/events            paginated; `labeled` events for seeded and added labels
 *   POST   /repos/{o}/{r}/check-runs                   more than 50 annotations per request → 422
 *   PATCH  /repos/{o}/{r}/check-runs/{id}              annotations are appended, as GitHub does
 *   GET    /repos/{o}/{r}/check-runs/{id}
 *   GET    /repos/{o}/{r}/issues                       state (open|closed|all), labels (comma list), creator; PRs included
 *   POST   /repos/{o}/{r}/issues
 *   GET    /repos/{o}/{r}/issues/{n}
 *   PATCH  /repos/{o}/{r}/issues/{n}
 *   GET    /repos/{o}/{r}/git/ref/{ref}                e.g. git/ref/heads/main
 *   POST   /repos/{o}/{r}/git/refs                     existing ref → 422
 *   PATCH  /repos/{o}/{r}/git/refs/{ref}
 *   GET    /repos/{o}/{r}/branches/{branch}
 *   GET    /repos/{o}/{r}/contents/{path}?ref=         files seeded with seedFile or written by PUT
 *   PUT    /repos/{o}/{r}/contents/{path}              {message, content (base64), branch, sha?} → new commit on branch
 *   DELETE /repos/{o}/{r}/contents/{path}              {message, sha, branch} → new commit on branch
 *   GET    /repos/{o}/{r}/pulls                        state, head (owner:branch), base
 *   POST   /repos/{o}/{r}/pulls                        head branch must exist → else 422
 *   GET    /repos/{o}/{r}/pulls/{n}
 *   POST   /repos/{o}/{r}/code-scanning/sarifs         sarif is gzip+base64; decoded into state.repo(..).sarifs
 * A `/api/v3` prefix (GitHub Enterprise style base URL) is accepted and ignored.
 * Anything else answers 404 and is still recorded. `state.failNext(...)` makes the next matching request fail.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';

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

export interface FakeGitHub {
  /** Base URL to hand to Octokit (`baseUrl`) or `GITHUB_API_URL`. No trailing slash. */
  url: string;
  requests: RecordedRequest[];
  state: FakeGitHubState;
  close(): Promise<void>;
}

/** Pass as Octokit's `log` so expected 4xx answers in tests do not print. */
export const silentOctokitLog = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

export interface FakeGitHubOptions {
  /** When set, requests without `Authorization: token|Bearer <token>` get 401. */
  token?: string;
}

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  let url = '';
  const requests: RecordedRequest[] = [];
  const state = new FakeGitHubState(() => url);
  const server = createServer((req, res) => {
    handle(req, res, state, requests, options, url).catch((error: unknown) => {
      send(res, 500, { message: error instanceof Error ? error.message : String(error) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Request handling

interface Ctx {
  req: RecordedRequest;
  repo: FakeRepo;
  state: FakeGitHubState;
  url: string;
  params: string[];
  res: ServerResponse;
}

type Handler = (ctx: Ctx) => void;

const ROUTES: [string, RegExp, Handler][] = [
  ['GET', /^\/issues\/(\d+)\/comments$/, listComments],
  ['POST', /^\/issues\/(\d+)\/comments$/, createComment],
  ['PATCH', /^\/issues\/comments\/(\d+)$/, updateComment],
  ['GET', /^\/issues\/comments\/(\d+)$/, getComment],
  ['GET', /^\/pulls\/(\d+)\/reviews$/, listReviews],
  ['GET', /^\/pulls\/(\d+)\/files$/, listPullFiles],
  ['GET', /^\/issues\/(\d+)\/labels$/, listLabels],
  ['POST', /^\/issues\/(\d+)\/labels$/, addLabels],
  ['GET', /^\/issues\/(\d+)\/events$/, listIssueEvents],
  ['POST', /^\/check-runs$/, createCheckRun],
  ['PATCH', /^\/check-runs\/(\d+)$/, updateCheckRun],
  ['GET', /^\/check-runs\/(\d+)$/, getCheckRun],
  ['GET', /^\/issues$/, listIssues],
  ['POST', /^\/issues$/, createIssue],
  ['GET', /^\/issues\/(\d+)$/, getIssue],
  ['PATCH', /^\/issues\/(\d+)$/, updateIssue],
  ['GET', /^\/git\/ref\/(.+)$/, getRef],
  ['POST', /^\/git\/refs$/, createRef],
  ['PATCH', /^\/git\/refs\/(.+)$/, updateRef],
  ['GET', /^\/branches\/(.+)$/, getBranch],
  ['GET', /^\/contents\/(.+)$/, getContents],
  ['PUT', /^\/contents\/(.+)$/, putContents],
  ['DELETE', /^\/contents\/(.+)$/, deleteContents],
  ['GET', /^\/pulls$/, listPulls],
  ['POST', /^\/pulls$/, createPull],
  ['GET', /^\/pulls\/(\d+)$/, getPull],
  ['POST', /^\/code-scanning\/sarifs$/, uploadSarif],
];

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  state: FakeGitHubState,
  requests: RecordedRequest[],
  options: FakeGitHubOptions,
  url: string,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const parsed = new URL(req.url ?? '/', 'http://fake');
  const path = decodeURIComponent(parsed.pathname.replace(/^\/api\/v3(?=\/)/, ''));
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  const recorded: RecordedRequest = {
    method: req.method ?? 'GET',
    path,
    query: Object.fromEntries(parsed.searchParams),
    body,
    ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
  };
  requests.push(recorded);

  if (options.token && !new RegExp(`^(token|bearer) ${escape(options.token)}$`, 'i').test(req.headers.authorization ?? '')) {
    return send(res, 401, { message: 'Bad credentials' });
  }
  const failure = state.failures.find(
    (f) => (f.times ?? 1) > 0 && (!f.method || f.method === recorded.method) && (typeof f.path === 'string' ? f.path === path : f.path.test(path)),
  );
  if (failure) {
    failure.times = (failure.times ?? 1) - 1;
    return send(res, failure.status, failure.body ?? { message: `injected failure ${failure.status}` });
  }
  const m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)$/.exec(path);
  if (!m) return send(res, 404, { message: 'Not Found' });
  const repo = state.repo(`${m[1]}/${m[2]}`);
  for (const [method, pattern, handler] of ROUTES) {
    if (method !== recorded.method) continue;
    const hit = pattern.exec(m[3]);
    if (hit) return handler({ req: recorded, repo, state, url, params: hit.slice(1), res });
  }
  send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
}

function unprocessable(res: ServerResponse, message: string): void {
  send(res, 422, { message: 'Validation Failed', errors: [{ message }], documentation_url: 'https://docs.github.com/rest' });
}

/** GitHub's pagination: `per_page` (default 30, max 100), `page` (1-based), RFC 8288 Link header. */
function paginate<T>(ctx: Ctx, items: T[]): void {
  const perPage = Math.min(Math.max(Number(ctx.req.query.per_page ?? 30) || 30, 1), 100);
  const page = Math.max(Number(ctx.req.query.page ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (p: number, rel: string): string => {
    const u = new URL(ctx.url + ctx.req.path);
    for (const [k, v] of Object.entries(ctx.req.query)) u.searchParams.set(k, v);
    u.searchParams.set('per_page', String(perPage));
    u.searchParams.set('page', String(p));
    return `<${u.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
  send(ctx.res, 200, slice, links.length ? { link: links.join(', ') } : {});
}

function record(ctx: Ctx): Record<string, unknown> {
  const b = ctx.req.body;
  return b !== null && typeof b === 'object' && !Array.isArray(b) ? (b as Record<string, unknown>) : {};
}

function findIssue(ctx: Ctx, n: number): FakeIssue | undefined {
  return ctx.repo.issues.find((i) => i.number === n);
}

const COMMENT_LIMIT = 65_536;

function listComments(ctx: Ctx): void {
  const n = Number(ctx.params[0]);
  if (!findIssue(ctx, n)) return send(ctx.res, 404, { message: 'Not Found' });
  paginate(ctx, ctx.repo.comments.filter((c) => c.issue_number === n).map(commentJson));
}

function createComment(ctx: Ctx): void {
  const n = Number(ctx.params[0]);
  if (!findIssue(ctx, n)) return send(ctx.res, 404, { message: 'Not Found' });
  const body = record(ctx).body;
  if (typeof body !== 'string' || body === '') return unprocessable(ctx.res, 'body is missing');
  if (body.length > COMMENT_LIMIT) return unprocessable(ctx.res, `Body is too long (maximum is ${COMMENT_LIMIT} characters)`);
  const now = ctx.state.now();
  const id = ctx.state.nextId();
  const comment: FakeComment = {
    id,
    node_id: `IC_${id}`,
    body,
    user: ctx.state.actor,
    issue_number: n,
    created_at: now,
    updated_at: now,
    html_url: ctx.state.htmlUrl(ctx.repo.fullName, `pull/${n}#issuecomment-${id}`),
  };
  ctx.repo.comments.push(comment);
  send(ctx.res, 201, commentJson(comment));
}

function getComment(ctx: Ctx): void {
  const comment = ctx.repo.comments.find((c) => c.id === Number(ctx.params[0]));
  if (!comment) return send(ctx.res, 404, { message: 'Not Found' });
  send(ctx.res, 200, commentJson(comment));
}

function updateComment(ctx: Ctx): void {
  const comment = ctx.repo.comments.find((c) => c.id === Number(ctx.params[0]));
  if (!comment) return send(ctx.res, 404, { message: 'Not Found' });
  const body = record(ctx).body;
  if (typeof body !== 'string' || body === '') return unprocessable(ctx.res, 'body is missing');
  if (body.length > COMMENT_LIMIT) return unprocessable(ctx.res, `Body is too long (maximum is ${COMMENT_LIMIT} characters)`);
  comment.body = body;
  comment.updated_at = ctx.state.now();
  send(ctx.res, 200, commentJson(comment));
}

function commentJson(c: FakeComment): Record<string, unknown> {
  const { issue_number: _n, ...rest } = c;
  return rest;
}

function listReviews(ctx: Ctx): void {
  const n = Number(ctx.params[0]);
  if (!findIssue(ctx, n)?.pull) return send(ctx.res, 404, { message: 'Not Found' });
  paginate(ctx, ctx.repo.reviews.get(n) ?? []);
}

function listPullFiles(ctx: Ctx): void {
  const n = Number(ctx.params[0]);
  if (!findIssue(ctx, n)?.pull) return send(ctx.res, 404, { message: 'Not Found' });
  paginate(ctx, ctx.repo.pullFiles.get(n) ?? []);
}

function listLabels(ctx: Ctx): void {
  const issue = findIssue(ctx, Number(ctx.params[0]));
  if (!issue) return send(ctx.res, 404, { message: 'Not Found' });
  paginate(ctx, issue.labels);
}

function addLabels(ctx: Ctx): void {
  const issue = findIssue(ctx, Number(ctx.params[0]));
  if (!issue) return send(ctx.res, 404, { message: 'Not Found' });
  const b = ctx.req.body;
  const names = Array.isArray(b) ? b : record(ctx).labels;
  if (!Array.isArray(names)) return unprocessable(ctx.res, 'labels is missing');
  for (const name of names) {
    const label = typeof name === 'string' ? name : String((name as { name?: unknown }).name);
    if (!issue.labels.some((l) => l.name === label)) {
      issue.labels.push({ id: idOf(label), name: label });
      issue.events.push({ id: ctx.state.nextId(), event: 'labeled', label: { name: label }, actor: ctx.state.actor, created_at: ctx.state.now() });
    }
  }
  send(ctx.res, 200, issue.labels);
}

function listIssueEvents(ctx: Ctx): void {
  const issue = findIssue(ctx, Number(ctx.params[0]));
  if (!issue) return send(ctx.res, 404, { message: 'Not Found' });
  paginate(ctx, issue.events);
}

const ANNOTATION_LIMIT = 50;
const LEVELS = new Set(['notice', 'warning', 'failure']);

function takeAnnotations(ctx: Ctx, output: unknown): FakeAnnotation[] | string {
  if (output === undefined || output === null) return [];
  if (typeof output !== 'object') return 'output must be an object';
  const list = (output as { annotations?: unknown }).annotations;
  if (list === undefined) return [];
  if (!Array.isArray(list)) return 'output.annotations must be an array';
  if (list.length > ANNOTATION_LIMIT) return `output.annotations: at most ${ANNOTATION_LIMIT} per request`;
  for (const a of list as Record<string, unknown>[]) {
    if (typeof a.path !== 'string' || typeof a.start_line !== 'number' || typeof a.end_line !== 'number') {
      return 'annotation needs path, start_line and end_line';
    }
    if (typeof a.annotation_level !== 'string' || !LEVELS.has(a.annotation_level)) return 'annotation_level must be notice, warning or failure';
    if (typeof a.message !== 'string') return 'annotation needs message';
    if ((a.start_column !== undefined || a.end_column !== undefined) && a.start_line !== a.end_line) {
      return 'start_column and end_column may only be given when start_line equals end_line';
    }
  }
  void ctx;
  return list as FakeAnnotation[];
}

function applyOutput(run: FakeCheckRun, output: unknown, annotations: FakeAnnotation[]): void {
  if (output && typeof output === 'object') {
    const o = output as Record<string, unknown>;
    if (typeof o.title === 'string') run.output.title = o.title;
    if (typeof o.summary === 'string') run.output.summary = o.summary;
    if (typeof o.text === 'string') run.output.text = o.text;
  }
  run.annotations.push(...annotations);
  run.output.annotations_count = run.annotations.length;
}

function createCheckRun(ctx: Ctx): void {
  const b = record(ctx);
  if (typeof b.name !== 'string' || typeof b.head_sha !== 'string') return unprocessable(ctx.res, 'name and head_sha are required');
  const annotations = takeAnnotations(ctx, b.output);
  if (typeof annotations === 'string') return unprocessable(ctx.res, annotations);
  const id = ctx.state.nextId();
  const run: FakeCheckRun = {
    id,
    name: b.name,
    head_sha: b.head_sha,
    status: typeof b.status === 'string' ? b.status : b.conclusion ? 'completed' : 'queued',
    conclusion: typeof b.conclusion === 'string' ? b.conclusion : null,
    ...(typeof b.details_url === 'string' ? { details_url: b.details_url } : {}),
    ...(typeof b.external_id === 'string' ? { external_id: b.external_id } : {}),
    output: { annotations_count: 0 },
    annotations: [],
    html_url: ctx.state.htmlUrl(ctx.repo.fullName, `runs/${id}`),
  };
  applyOutput(run, b.output, annotations);
  ctx.repo.checkRuns.push(run);
  send(ctx.res, 201, checkRunJson(run));
}

function updateCheckRun(ctx: Ctx): void {
  const run = ctx.repo.checkRuns.find((r) => r.id === Number(ctx.params[0]));
  if (!run) return send(ctx.res, 404, { message: 'Not Found' });
  const b = record(ctx);
  const annotations = takeAnnotations(ctx, b.output);
  if (typeof annotations === 'string') return unprocessable(ctx.res, annotations);
  if (typeof b.status === 'string') run.status = b.status;
  if (typeof b.conclusion === 'string') {
    run.conclusion = b.conclusion;
    run.status = 'completed';
  }
  applyOutput(run, b.output, annotations);
  send(ctx.res, 200, checkRunJson(run));
}

function getCheckRun(ctx: Ctx): void {
  const run = ctx.repo.checkRuns.find((r) => r.id === Number(ctx.params[0]));
  if (!run) return send(ctx.res, 404, { message: 'Not Found' });
  send(ctx.res, 200, checkRunJson(run));
}

function checkRunJson(run: FakeCheckRun): Record<string, unknown> {
  const { annotations: _a, ...rest } = run;
  return rest;
}

function issueJson(ctx: Ctx, i: FakeIssue): Record<string, unknown> {
  const { pull, events: _e, ...rest } = i;
  return {
    ...rest,
    ...(pull ? { pull_request: { url: `${ctx.url}/repos/${ctx.repo.fullName}/pulls/${i.number}`, html_url: i.html_url } } : {}),
  };
}

function listIssues(ctx: Ctx): void {
  const q = ctx.req.query;
  const state = q.state ?? 'open';
  const wanted = (q.labels ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const items = ctx.repo.issues
    .filter((i) => state === 'all' || i.state === state)
    .filter((i) => wanted.every((w) => i.labels.some((l) => l.name === w)))
    .filter((i) => !q.creator || i.user.login === q.creator)
    .sort((a, b) => b.number - a.number)
    .map((i) => issueJson(ctx, i));
  paginate(ctx, items);
}

function labelsOf(value: unknown): FakeLabel[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((l) => {
    const name = typeof l === 'string' ? l : String((l as { name?: unknown }).name);
    return { id: idOf(name), name };
  });
}

function createIssue(ctx: Ctx): void {
  const b = record(ctx);
  if (typeof b.title !== 'string' || b.title === '') return unprocessable(ctx.res, 'title is missing');
  if (typeof b.body === 'string' && b.body.length > COMMENT_LIMIT) return unprocessable(ctx.res, 'body is too long');
  const now = ctx.state.now();
  const number = ctx.state.nextNumber(ctx.repo);
  const issue: FakeIssue = {
    id: ctx.state.nextId(),
    number,
    title: b.title,
    body: typeof b.body === 'string' ? b.body : null,
    state: 'open',
    labels: labelsOf(b.labels) ?? [],
    user: ctx.state.actor,
    assignees: Array.isArray(b.assignees) ? b.assignees.map((a) => ctx.state.user(String(a))) : [],
    created_at: now,
    updated_at: now,
    html_url: ctx.state.htmlUrl(ctx.repo.fullName, `issues/${number}`),
    events: [],
  };
  ctx.repo.issues.push(issue);
  send(ctx.res, 201, issueJson(ctx, issue));
}

function getIssue(ctx: Ctx): void {
  const issue = findIssue(ctx, Number(ctx.params[0]));
  if (!issue) return send(ctx.res, 404, { message: 'Not Found' });
  send(ctx.res, 200, issueJson(ctx, issue));
}

function updateIssue(ctx: Ctx): void {
  const issue = findIssue(ctx, Number(ctx.params[0]));
  if (!issue) return send(ctx.res, 404, { message: 'Not Found' });
  const b = record(ctx);
  if (typeof b.body === 'string' && b.body.length > COMMENT_LIMIT) return unprocessable(ctx.res, 'body is too long');
  if (typeof b.title === 'string') issue.title = b.title;
  if (typeof b.body === 'string') issue.body = b.body;
  if (b.state === 'open' || b.state === 'closed') issue.state = b.state;
  const labels = labelsOf(b.labels);
  if (labels) issue.labels = labels;
  issue.updated_at = ctx.state.now();
  send(ctx.res, 200, issueJson(ctx, issue));
}

function refJson(ctx: Ctx, ref: string, commit: string): Record<string, unknown> {
  return { ref, node_id: `REF_${idOf(ref)}`, url: `${ctx.url}/repos/${ctx.repo.fullName}/git/${ref}`, object: { sha: commit, type: 'commit' } };
}

function getRef(ctx: Ctx): void {
  const ref = `refs/${ctx.params[0]}`;
  const commit = ctx.repo.refs.get(ref);
  if (!commit) return send(ctx.res, 404, { message: 'Not Found' });
  send(ctx.res, 200, refJson(ctx, ref, commit));
}

function createRef(ctx: Ctx): void {
  const b = record(ctx);
  if (typeof b.ref !== 'string' || !b.ref.startsWith('refs/') || typeof b.sha !== 'string') {
    return unprocessable(ctx.res, 'ref (refs/...) and sha are required');
  }
  if (ctx.repo.refs.has(b.ref)) return unprocessable(ctx.res, 'Reference already exists');
  ctx.repo.refs.set(b.ref, b.sha);
  send(ctx.res, 201, refJson(ctx, b.ref, b.sha));
}

function updateRef(ctx: Ctx): void {
  const ref = `refs/${ctx.params[0]}`;
  if (!ctx.repo.refs.has(ref)) return unprocessable(ctx.res, 'Reference does not exist');
  const b = record(ctx);
  if (typeof b.sha !== 'string') return unprocessable(ctx.res, 'sha is required');
  ctx.repo.refs.set(ref, b.sha);
  send(ctx.res, 200, refJson(ctx, ref, b.sha));
}

function getBranch(ctx: Ctx): void {
  const name = ctx.params[0];
  const commit = ctx.repo.refs.get(`refs/heads/${name}`);
  if (!commit) return send(ctx.res, 404, { message: 'Branch not found' });
  send(ctx.res, 200, { name, commit: { sha: commit }, protected: name === 'main' });
}

function getContents(ctx: Ctx): void {
  const path = ctx.params[0];
  const branch = ctx.req.query.ref ?? 'main';
  const text = ctx.repo.files.get(`${branch}:${path}`);
  if (text === undefined) return send(ctx.res, 404, { message: 'Not Found' });
  send(ctx.res, 200, { type: 'file', path, name: path.split('/').pop(), sha: sha(text), encoding: 'base64', content: Buffer.from(text).toString('base64') });
}

function putContents(ctx: Ctx): void {
  const path = ctx.params[0];
  const b = record(ctx);
  const branch = typeof b.branch === 'string' ? b.branch : 'main';
  if (typeof b.message !== 'string' || typeof b.content !== 'string') return unprocessable(ctx.res, 'message and content are required');
  const ref = `refs/heads/${branch}`;
  if (!ctx.repo.refs.has(ref)) return send(ctx.res, 404, { message: `Branch ${branch} not found` });
  const key = `${branch}:${path}`;
  const existing = ctx.repo.files.get(key);
  if (existing !== undefined && b.sha !== sha(existing)) return send(ctx.res, 409, { message: `${path} does not match ${String(b.sha)}` });
  const text = Buffer.from(b.content, 'base64').toString('utf8');
  ctx.repo.files.set(key, text);
  const commit = sha(`${ctx.repo.refs.get(ref)}:${path}:${text}`);
  ctx.repo.refs.set(ref, commit);
  send(ctx.res, existing === undefined ? 201 : 200, { content: { path, sha: sha(text) }, commit: { sha: commit, message: b.message } });
}

function deleteContents(ctx: Ctx): void {
  const path = ctx.params[0];
  const b = record(ctx);
  const branch = typeof b.branch === 'string' ? b.branch : 'main';
  if (typeof b.message !== 'string' || typeof b.sha !== 'string') return unprocessable(ctx.res, 'message and sha are required');
  const ref = `refs/heads/${branch}`;
  if (!ctx.repo.refs.has(ref)) return send(ctx.res, 404, { message: `Branch ${branch} not found` });
  const key = `${branch}:${path}`;
  const existing = ctx.repo.files.get(key);
  if (existing === undefined) return send(ctx.res, 404, { message: 'Not Found' });
  if (b.sha !== sha(existing)) return send(ctx.res, 409, { message: `${path} does not match ${b.sha}` });
  ctx.repo.files.delete(key);
  const commit = sha(`${ctx.repo.refs.get(ref)}:-${path}`);
  ctx.repo.refs.set(ref, commit);
  send(ctx.res, 200, { content: null, commit: { sha: commit, message: b.message } });
}

function pullJson(ctx: Ctx, i: FakeIssue): Record<string, unknown> {
  const { pull, events: _e, ...rest } = i;
  return {
    ...rest,
    url: `${ctx.url}/repos/${ctx.repo.fullName}/pulls/${i.number}`,
    head: pull?.head,
    base: pull?.base,
    draft: pull?.draft ?? false,
    merged: pull?.merged ?? false,
  };
}

function listPulls(ctx: Ctx): void {
  const q = ctx.req.query;
  const state = q.state ?? 'open';
  const items = ctx.repo.issues
    .filter((i) => i.pull)
    .filter((i) => state === 'all' || i.state === state)
    .filter((i) => !q.head || q.head.split(':').pop() === i.pull?.head.ref)
    .filter((i) => !q.base || q.base === i.pull?.base.ref)
    .sort((a, b) => b.number - a.number)
    .map((i) => pullJson(ctx, i));
  paginate(ctx, items);
}

function createPull(ctx: Ctx): void {
  const b = record(ctx);
  if (typeof b.title !== 'string' || typeof b.head !== 'string' || typeof b.base !== 'string') {
    return unprocessable(ctx.res, 'title, head and base are required');
  }
  const head = b.head.split(':').pop() ?? b.head;
  const headSha = ctx.repo.refs.get(`refs/heads/${head}`);
  const baseSha = ctx.repo.refs.get(`refs/heads/${b.base}`);
  if (!headSha) return unprocessable(ctx.res, `head: branch ${head} does not exist`);
  if (!baseSha) return unprocessable(ctx.res, `base: branch ${b.base} does not exist`);
  if (ctx.repo.issues.some((i) => i.state === 'open' && i.pull?.head.ref === head && i.pull.base.ref === b.base)) {
    return unprocessable(ctx.res, `A pull request already exists for ${head}.`);
  }
  const now = ctx.state.now();
  const number = ctx.state.nextNumber(ctx.repo);
  const issue: FakeIssue = {
    id: ctx.state.nextId(),
    number,
    title: b.title,
    body: typeof b.body === 'string' ? b.body : null,
    state: 'open',
    labels: [],
    user: ctx.state.actor,
    assignees: [],
    created_at: now,
    updated_at: now,
    html_url: ctx.state.htmlUrl(ctx.repo.fullName, `pull/${number}`),
    events: [],
    pull: { head: { ref: head, sha: headSha }, base: { ref: b.base, sha: baseSha }, draft: b.draft === true, merged: false },
  };
  ctx.repo.issues.push(issue);
  ctx.repo.reviews.set(number, []);
  ctx.repo.pullFiles.set(number, []);
  send(ctx.res, 201, pullJson(ctx, issue));
}

function getPull(ctx: Ctx): void {
  const issue = findIssue(ctx, Number(ctx.params[0]));
  if (!issue?.pull) return send(ctx.res, 404, { message: 'Not Found' });
  send(ctx.res, 200, pullJson(ctx, issue));
}

function uploadSarif(ctx: Ctx): void {
  const b = record(ctx);
  if (typeof b.commit_sha !== 'string' || !/^[0-9a-f]{40}$/.test(b.commit_sha)) return unprocessable(ctx.res, 'commit_sha must be a 40-character sha');
  if (typeof b.ref !== 'string' || !b.ref.startsWith('refs/')) return unprocessable(ctx.res, 'ref must be a full ref (refs/...)');
  if (typeof b.sarif !== 'string') return unprocessable(ctx.res, 'sarif is required');
  let sarif: unknown;
  try {
    sarif = JSON.parse(gunzipSync(Buffer.from(b.sarif, 'base64')).toString('utf8'));
  } catch {
    return send(ctx.res, 400, { message: 'sarif must be gzip-compressed and base64-encoded SARIF JSON' });
  }
  const id = `sarif-${ctx.state.nextId()}`;
  ctx.repo.sarifs.push({ id, commit_sha: b.commit_sha, ref: b.ref, ...(typeof b.tool_name === 'string' ? { tool_name: b.tool_name } : {}), sarif });
  send(ctx.res, 202, { id, url: `${ctx.url}/repos/${ctx.repo.fullName}/code-scanning/sarifs/${id}` });
}

// ---------------------------------------------------------------------------------------------------------

function sha(seed: string): string {
  return createHash('sha1').update(seed).digest('hex');
}

function idOf(seed: string): number {
  return createHash('sha1').update(seed).digest().readUInt32BE(0);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
