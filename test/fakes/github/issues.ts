/** Issues, issue comments, labels and issue events. */
import { findIssue, paginate, record, send, unprocessable, type Ctx } from './http.js';
import { idOf, type FakeComment, type FakeIssue, type FakeLabel } from './state.js';

const COMMENT_LIMIT = 65_536;

export function listComments(ctx: Ctx): void {
  const n = Number(ctx.params[0]);
  if (!findIssue(ctx, n)) return send(ctx.res, 404, { message: 'Not Found' });
  paginate(ctx, ctx.repo.comments.filter((c) => c.issue_number === n).map(commentJson));
}

export function createComment(ctx: Ctx): void {
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

export function getComment(ctx: Ctx): void {
  const comment = ctx.repo.comments.find((c) => c.id === Number(ctx.params[0]));
  if (!comment) return send(ctx.res, 404, { message: 'Not Found' });
  send(ctx.res, 200, commentJson(comment));
}

export function updateComment(ctx: Ctx): void {
  const comment = ctx.repo.comments.find((c) => c.id === Number(ctx.params[0]));
  if (!comment) return send(ctx.res, 404, { message: 'Not Found' });
  const body = record(ctx).body;
  if (typeof body !== 'string' || body === '') return unprocessable(ctx.res, 'body is missing');
  if (body.length > COMMENT_LIMIT) return unprocessable(ctx.res, `Body is too long (maximum is ${COMMENT_LIMIT} characters)`);
  comment.body = body;
  comment.updated_at = ctx.state.now();
  send(ctx.res, 200, commentJson(comment));
}

export function commentJson(c: FakeComment): Record<string, unknown> {
  const { issue_number: _n, ...rest } = c;
  return rest;
}

export function listLabels(ctx: Ctx): void {
  const issue = findIssue(ctx, Number(ctx.params[0]));
  if (!issue) return send(ctx.res, 404, { message: 'Not Found' });
  paginate(ctx, issue.labels);
}

export function addLabels(ctx: Ctx): void {
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

export function listIssueEvents(ctx: Ctx): void {
  const issue = findIssue(ctx, Number(ctx.params[0]));
  if (!issue) return send(ctx.res, 404, { message: 'Not Found' });
  paginate(ctx, issue.events);
}

export function issueJson(ctx: Ctx, i: FakeIssue): Record<string, unknown> {
  const { pull, events: _e, ...rest } = i;
  return {
    ...rest,
    ...(pull ? { pull_request: { url: `${ctx.url}/repos/${ctx.repo.fullName}/pulls/${i.number}`, html_url: i.html_url } } : {}),
  };
}

export function listIssues(ctx: Ctx): void {
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

export function labelsOf(value: unknown): FakeLabel[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((l) => {
    const name = typeof l === 'string' ? l : String((l as { name?: unknown }).name);
    return { id: idOf(name), name };
  });
}

export function createIssue(ctx: Ctx): void {
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

export function getIssue(ctx: Ctx): void {
  const issue = findIssue(ctx, Number(ctx.params[0]));
  if (!issue) return send(ctx.res, 404, { message: 'Not Found' });
  send(ctx.res, 200, issueJson(ctx, issue));
}

export function updateIssue(ctx: Ctx): void {
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
