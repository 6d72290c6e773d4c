/** Check runs (with GitHub's 50-annotations-per-request limit) and SARIF uploads. */
import { gunzipSync } from 'node:zlib';
import { record, send, unprocessable, type Ctx } from './http.js';
import type { FakeAnnotation, FakeCheckRun } from './state.js';

const ANNOTATION_LIMIT = 50;
const LEVELS = new Set(['notice', 'warning', 'failure']);

export function takeAnnotations(ctx: Ctx, output: unknown): FakeAnnotation[] | string {
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

export function applyOutput(run: FakeCheckRun, output: unknown, annotations: FakeAnnotation[]): void {
  if (output && typeof output === 'object') {
    const o = output as Record<string, unknown>;
    if (typeof o.title === 'string') run.output.title = o.title;
    if (typeof o.summary === 'string') run.output.summary = o.summary;
    if (typeof o.text === 'string') run.output.text = o.text;
  }
  run.annotations.push(...annotations);
  run.output.annotations_count = run.annotations.length;
}

export function createCheckRun(ctx: Ctx): void {
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

export function updateCheckRun(ctx: Ctx): void {
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

export function getCheckRun(ctx: Ctx): void {
  const run = ctx.repo.checkRuns.find((r) => r.id === Number(ctx.params[0]));
  if (!run) return send(ctx.res, 404, { message: 'Not Found' });
  send(ctx.res, 200, checkRunJson(run));
}

export function checkRunJson(run: FakeCheckRun): Record<string, unknown> {
  const { annotations: _a, ...rest } = run;
  return rest;
}

export function uploadSarif(ctx: Ctx): void {
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
