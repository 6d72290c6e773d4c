/** Pull requests (reviews, files), git refs, branches and file contents. */
import { findIssue, paginate, record, send, unprocessable, type Ctx } from './http.js';
import { idOf, sha, type FakeIssue } from './state.js';

export function listReviews(ctx: Ctx): void {
  const n = Number(ctx.params[0]);
  if (!findIssue(ctx, n)?.pull) return send(ctx.res, 404, { message: 'Not Found' });
  paginate(ctx, ctx.repo.reviews.get(n) ?? []);
}

export function listPullFiles(ctx: Ctx): void {
  const n = Number(ctx.params[0]);
  if (!findIssue(ctx, n)?.pull) return send(ctx.res, 404, { message: 'Not Found' });
  paginate(ctx, ctx.repo.pullFiles.get(n) ?? []);
}

export function refJson(ctx: Ctx, ref: string, commit: string): Record<string, unknown> {
  return { ref, node_id: `REF_${idOf(ref)}`, url: `${ctx.url}/repos/${ctx.repo.fullName}/git/${ref}`, object: { sha: commit, type: 'commit' } };
}

export function getRef(ctx: Ctx): void {
  const ref = `refs/${ctx.params[0]}`;
  const commit = ctx.repo.refs.get(ref);
  if (!commit) return send(ctx.res, 404, { message: 'Not Found' });
  send(ctx.res, 200, refJson(ctx, ref, commit));
}

export function createRef(ctx: Ctx): void {
  const b = record(ctx);
  if (typeof b.ref !== 'string' || !b.ref.startsWith('refs/') || typeof b.sha !== 'string') {
    return unprocessable(ctx.res, 'ref (refs/...) and sha are required');
  }
  if (ctx.repo.refs.has(b.ref)) return unprocessable(ctx.res, 'Reference already exists');
  ctx.repo.refs.set(b.ref, b.sha);
  send(ctx.res, 201, refJson(ctx, b.ref, b.sha));
}

export function updateRef(ctx: Ctx): void {
  const ref = `refs/${ctx.params[0]}`;
  if (!ctx.repo.refs.has(ref)) return unprocessable(ctx.res, 'Reference does not exist');
  const b = record(ctx);
  if (typeof b.sha !== 'string') return unprocessable(ctx.res, 'sha is required');
  ctx.repo.refs.set(ref, b.sha);
  send(ctx.res, 200, refJson(ctx, ref, b.sha));
}

export function getBranch(ctx: Ctx): void {
  const name = ctx.params[0];
  const commit = ctx.repo.refs.get(`refs/heads/${name}`);
  if (!commit) return send(ctx.res, 404, { message: 'Branch not found' });
  send(ctx.res, 200, { name, commit: { sha: commit }, protected: name === 'main' });
}

export function getContents(ctx: Ctx): void {
  const path = ctx.params[0];
  const branch = ctx.req.query.ref ?? 'main';
  const text = ctx.repo.files.get(`${branch}:${path}`);
  if (text === undefined) return send(ctx.res, 404, { message: 'Not Found' });
  send(ctx.res, 200, { type: 'file', path, name: path.split('/').pop(), sha: sha(text), encoding: 'base64', content: Buffer.from(text).toString('base64') });
}

export function putContents(ctx: Ctx): void {
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

export function deleteContents(ctx: Ctx): void {
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

export function pullJson(ctx: Ctx, i: FakeIssue): Record<string, unknown> {
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

export function listPulls(ctx: Ctx): void {
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

export function createPull(ctx: Ctx): void {
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

export function getPull(ctx: Ctx): void {
  const issue = findIssue(ctx, Number(ctx.params[0]));
  if (!issue?.pull) return send(ctx.res, 404, { message: 'Not Found' });
  send(ctx.res, 200, pullJson(ctx, issue));
}
