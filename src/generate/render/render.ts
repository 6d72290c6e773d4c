import Handlebars from 'handlebars';
import type { Diagnostic } from '../../core/diagnostic.js';
import type { AdapterModel, OperationModel } from '../model/adapter-model.js';
import type { TemplateSet } from './templates.js';

/**
 * Output file → the template that renders it, per contract format. Transport, auth, retries, signing and
 * secret resolution are not generated: every adapter imports them from `interlock/adapter-runtime`.
 */
const LAYOUT: Record<AdapterModel['contract']['format'], [file: string, template: string][]> = {
  openapi: [
    ['types.ts', 'types.ts.hbs'],
    ['classification.ts', 'classification.ts.hbs'],
    ['schemas.ts', 'schemas.ts.hbs'],
    ['client.ts', 'client.ts.hbs'],
    ['index.ts', 'index.ts.hbs'],
  ],
  graphql: [
    ['types.ts', 'types.ts.hbs'],
    ['classification.ts', 'classification.ts.hbs'],
    ['schemas.ts', 'schemas.ts.hbs'],
    ['client.ts', 'graphql-client.ts.hbs'],
    ['index.ts', 'index.ts.hbs'],
  ],
};

const BUILTIN_TYPES = new Set(['undefined', 'unknown', 'null', 'void', 'never']);

/** A Handlebars environment with the helpers templates use; every `.hbs` is also a partial by its base name. */
export function createRenderer(templates: TemplateSet): Renderer {
  const hb = Handlebars.create();
  hb.registerHelper('json', (value: unknown, indent: unknown) => {
    const text = JSON.stringify(value, null, 2) ?? 'undefined';
    return typeof indent === 'string' ? text.replace(/\n/g, `\n${indent}`) : text;
  });
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('doc', (lines: unknown, indent: unknown) => {
    const pad = typeof indent === 'string' ? indent : '';
    if (!Array.isArray(lines) || lines.length === 0) return '';
    return `${pad}/**\n${lines.map((l) => `${pad} *${l ? ' ' + String(l) : ''}`).join('\n')}\n${pad} */\n`;
  });
  hb.registerHelper('typeRef', (type: unknown) =>
    String(type)
      .split(' | ')
      .map((t) => (BUILTIN_TYPES.has(t) ? t : `T.${t}`))
      .join(' | '),
  );
  hb.registerHelper('spec', (op: OperationModel) => ({
    operationId: op.operationId,
    method: op.method,
    path: op.path,
    params: op.params,
    ...(op.body ? { body: op.body } : {}),
    ...(op.responseSchema ? { responseSchema: op.responseSchema } : {}),
    ...(op.signing ? { signing: op.signing } : {}),
  }));
  for (const [name, text] of templates) hb.registerPartial(name.replace(/\.hbs$/, ''), text);
  const compiled = new Map<string, HandlebarsTemplateDelegate>();
  return {
    render(model: AdapterModel): { files: Map<string, string>; diagnostics: Diagnostic[] } {
      const files = new Map<string, string>();
      const diagnostics: Diagnostic[] = [];
      for (const [file, template] of LAYOUT[model.contract.format]) {
        const source = templates.get(template);
        if (source === undefined) throw new Error(`Built-in template ${template} is missing`);
        try {
          let fn = compiled.get(template);
          if (!fn) {
            fn = hb.compile(source, { noEscape: true, strict: false });
            compiled.set(template, fn);
          }
          files.set(`generated/${model.folder}/${file}`, normaliseNewlines(fn(model)));
        } catch (error) {
          if (!(error instanceof Error)) throw error;
          // A broken override template is the user's mistake: report it and leave the file out.
          diagnostics.push({ severity: 'error', code: 'generate/template', message: `Template ${template} failed: ${error.message.split('\n')[0]}`, location: { file: `templates/${template}`, line: lineOf(error.message), column: 1 }, data: { template } });
        }
      }
      return { files, diagnostics };
    },
  };
}

export interface Renderer {
  render(model: AdapterModel): { files: Map<string, string>; diagnostics: Diagnostic[] };
}

/** LF line endings, no trailing blank lines, exactly one final newline: byte-identical on every platform. */
function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').replace(/\n*$/, '\n');
}

function lineOf(message: string): number {
  const m = /line (\d+)/.exec(message);
  return m ? Number(m[1]) : 1;
}
