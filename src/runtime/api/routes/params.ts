import { isRuntimeKind } from '../../model.js';
import { RuntimeProblem } from '../../problem.js';
import type { RequestContext } from '../route.js';

const NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** The `{kind}/{name}` of a resource path, checked like the OpenAPI parameters describe them. */
export function resourceParams(ctx: RequestContext): { kind: string; name: string } {
  const { kind, name } = ctx.params;
  const errors = [
    ...(isRuntimeKind(kind) ? [] : [{ pointer: '/kind', message: `unknown kind ${JSON.stringify(kind)}` }]),
    ...(NAME.test(name) ? [] : [{ pointer: '/name', message: `invalid name ${JSON.stringify(name)}` }]),
  ];
  if (errors.length) throw new RuntimeProblem('invalid-request', errors.map((e) => e.message).join('; '), { errors });
  return { kind, name };
}

/** A non-negative integer query parameter, or the default when absent. */
export function integerQuery(ctx: RequestContext, name: string, fallback: number, bounds: { min: number; max: number }): number {
  const raw = ctx.query.get(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < bounds.min || value > bounds.max) {
    throw new RuntimeProblem('invalid-request', `${name} must be an integer from ${bounds.min} to ${bounds.max}`, {
      errors: [{ pointer: `/${name}`, message: `must be an integer from ${bounds.min} to ${bounds.max}` }],
    });
  }
  return value;
}

export function resourceTarget(ctx: RequestContext): string {
  return `${ctx.params.kind}/${ctx.params.name}`;
}
