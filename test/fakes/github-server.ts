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
 * State and wire types live in ./github/state.ts (re-exported here); route handlers in ./github/*.ts.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCheckRun, getCheckRun, updateCheckRun, uploadSarif } from './github/checks.js';
import { createPull, createRef, deleteContents, getBranch, getContents, getPull, getRef, listPullFiles, listPulls, listReviews, putContents, updateRef } from './github/git.js';
import { addLabels, createComment, createIssue, getComment, getIssue, listComments, listIssueEvents, listIssues, listLabels, updateComment, updateIssue } from './github/issues.js';
import { send, type Handler } from './github/http.js';
import { FakeGitHubState, type RecordedRequest } from './github/state.js';

export * from './github/state.js';

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

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
