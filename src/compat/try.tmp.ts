import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseYaml } from '../load/yaml-document.js';
import { parseJson } from '../load/json-document.js';
import { loadOpenApi } from './openapi/load-openapi.js';
import { diffOpenApi } from './openapi/diff-openapi.js';
function read(f: string) { const t = readFileSync(f, 'utf8'); return f.endsWith('.json') ? parseJson(f, t).document : parseYaml(f, t).documents[0]; }
function load(f: string) {
  const r = loadOpenApi(read(f)!, (file) => { try { return { doc: read(file), diagnostics: [] }; } catch { return { diagnostics: [] }; } });
  if (!r.value) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
}
const args = process.argv.slice(2);
if (args[0] === 'conf') {
  const cases = JSON.parse(readFileSync('/work/shared/corpus/oasdiff-cases.json', 'utf8')) as { base: string; head: string; breaking: boolean; checks: string[]; scope: string }[];
  const pairs = new Map<string, { base: string; head: string; breaking: boolean; checks: Set<string> }>();
  for (const c of cases) { const k = c.base + '|' + c.head; const p = pairs.get(k) ?? { base: c.base, head: c.head, breaking: false, checks: new Set() }; p.breaking ||= c.breaking; c.checks.forEach((x) => p.checks.add(x)); pairs.set(k, p); }
  let agree = 0;
  for (const p of pairs.values()) {
    let ours: boolean; let ids: string[] = [];
    try { const ch = diffOpenApi(load('/work/' + p.base), load('/work/' + p.head), { now: new Date('2026-08-08') }); ours = ch.some((c) => c.level === 'breaking'); ids = ch.filter((c) => c.level === 'breaking').map((c) => c.id); } catch (e) { ours = false; ids = ['ERROR ' + String(e).slice(0, 200)]; }
    if (ours === p.breaking) agree++;
    else console.log(p.breaking ? 'MISS' : 'EXTRA', p.base.replace('shared/corpus/oasdiff-data/', ''), p.head.replace('shared/corpus/oasdiff-data/', ''), 'exp:', [...p.checks].join(','), 'ours:', [...new Set(ids)].join(','));
  }
  console.log(`agree ${agree}/${pairs.size} = ${(100 * agree / pairs.size).toFixed(1)}%`);
} else {
  const [b, h] = args;
  const t0 = performance.now();
  const ch = diffOpenApi(load(b), load(h), { now: new Date('2026-08-08') });
  const t1 = performance.now();
  for (const c of ch.slice(0, Number(process.env.N ?? 40))) console.log(c.level, c.id, c.operation?.method, c.operation?.path, '|', c.message.slice(0, 150));
  console.log(ch.length, 'changes', (t1 - t0).toFixed(0), 'ms', path.basename(b));
}
