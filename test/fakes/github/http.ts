/** Request context and response helpers shared by the fake's route handlers. */
import type { ServerResponse } from 'node:http';
import type { FakeGitHubState, FakeIssue, FakeRepo, RecordedRequest } from './state.js';

export interface Ctx {
  req: RecordedRequest;
  repo: FakeRepo;
  state: FakeGitHubState;
  url: string;
  params: string[];
  res: ServerResponse;
}

export type Handler = (ctx: Ctx) => void;

export function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
}

export function unprocessable(res: ServerResponse, message: string): void {
  send(res, 422, { message: 'Validation Failed', errors: [{ message }], documentation_url: 'https://docs.github.com/rest' });
}

/** GitHub's pagination: `per_page` (default 30, max 100), `page` (1-based), RFC 8288 Link header. */
export function paginate<T>(ctx: Ctx, items: T[]): void {
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

export function record(ctx: Ctx): Record<string, unknown> {
  const b = ctx.req.body;
  return b !== null && typeof b === 'object' && !Array.isArray(b) ? (b as Record<string, unknown>) : {};
}

export function findIssue(ctx: Ctx, n: number): FakeIssue | undefined {
  return ctx.repo.issues.find((i) => i.number === n);
}
