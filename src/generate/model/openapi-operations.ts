import type { Diagnostic } from '../../core/diagnostic.js';
import { diagnosticAt } from '../../core/document.js';
import { appendPointer, getAtPointer } from '../../core/pointer.js';
import type { ApiDescription } from '../../contract/api-description.js';
import type { OperationModel, ParamLocation, ParamModel, SigningModel, TypeDecl } from './adapter-model.js';
import { toJsonSchema } from './json-schema.js';
import { camelCase, docLines, NameRegistry, pascalCase, propertyKey } from './naming.js';
import { reindent, type SchemaTyper } from './schema-typer.js';
import { readSigning } from './signing.js';

type Obj = Record<string, unknown>;

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json$/i;
const FORM_TYPE = 'application/x-www-form-urlencoded';

export interface OperationsResult {
  operations: OperationModel[];
  /** Input interfaces, one per operation. */
  inputs: TypeDecl[];
  /** Response definitions for validation, by type name. */
  responseSchemas: Record<string, unknown>;
  diagnostics: Diagnostic[];
}

/**
 * One operation model per operationId the integration uses: parameters from the path item and the
 * operation (the operation wins), the request body, and the success response type.
 */
export function buildOperations(api: ApiDescription, uses: readonly string[], typer: SchemaTyper): OperationsResult {
  const doc = api.doc!;
  const root = doc.value as Obj;
  // `close` is the client's own method.
  const functions = new NameRegistry(['close']);
  const diagnostics: Diagnostic[] = [];
  const operations: OperationModel[] = [];
  const inputs: TypeDecl[] = [];
  const responseSchemas: Record<string, unknown> = {};
  const rootSigning = readSigning(doc, '/x-interlock-signing', diagnostics);

  for (const operationId of uses) {
    const found = api.operations.get(operationId);
    if (!found) continue; // validate reports unknown operations
    const op = (getAtPointer(root, found.pointer) ?? {}) as Obj;
    const itemPointer = found.pointer.slice(0, found.pointer.lastIndexOf('/'));
    const base = pascalCase(operationId);
    const functionName = functions.claim(camelCase(operationId));

    const params = collectParams(root, itemPointer, found.pointer);
    const groups: Record<ParamLocation, string[]> = { path: [], query: [], header: [] };
    const groupRequired: Record<ParamLocation, boolean> = { path: false, query: false, header: false };
    const paramModels: ParamModel[] = [];
    let bodySchema: { schema: unknown; pointer: string; contentType: string; required: boolean } | undefined;
    const formFields: { name: string; schema: unknown; pointer: string; required: boolean }[] = [];

    for (const { param, pointer } of params) {
      const name = typeof param.name === 'string' ? param.name : '';
      const where = param.in;
      if (where === 'body') {
        bodySchema = { schema: param.schema, pointer: appendPointer(pointer, 'schema'), contentType: 'application/json', required: param.required === true };
        continue;
      }
      if (where === 'formData') {
        formFields.push({ name, schema: param.type ? param : param.schema, pointer, required: param.required === true });
        continue;
      }
      if (where !== 'path' && where !== 'query' && where !== 'header') {
        diagnostics.push(diagnosticAt(doc, appendPointer(pointer, 'in'), { severity: 'warning', code: 'generate/unsupported-parameter', message: `Parameters in '${String(where)}' are not generated; '${name}' is left out`, data: { in: where, name } }));
        continue;
      }
      const required = where === 'path' || param.required === true;
      // OpenAPI 2.0 parameters carry the schema keywords themselves.
      const schema = param.schema ?? (param.type ? param : undefined);
      const schemaPointer = param.schema ? appendPointer(pointer, 'schema') : pointer;
      const type = schemaOf(param, typer, schemaPointer, schema);
      const paramDoc = docLines(typeof param.description === 'string' ? param.description : undefined);
      if (param.deprecated === true) paramDoc.push('@deprecated');
      groups[where].push(...field(name, type, required, paramDoc));
      if (required) groupRequired[where] = true;
      const style = typeof param.style === 'string' ? param.style : param.collectionFormat === 'multi' ? 'form' : where === 'query' ? 'form' : 'simple';
      const explode = typeof param.explode === 'boolean' ? param.explode : param.collectionFormat ? param.collectionFormat === 'multi' : style === 'form';
      paramModels.push({ name, in: where, required, style: normaliseStyle(style), explode });
    }

    const requestBody = resolveRef(root, op.requestBody, appendPointer(found.pointer, 'requestBody'));
    if (requestBody) {
      const content = (requestBody.value.content ?? {}) as Obj;
      const types = Object.keys(content);
      const chosen = types.find((t) => JSON_TYPE.test(t)) ?? types.find((t) => t === FORM_TYPE) ?? types[0];
      if (chosen) {
        const media = (content[chosen] ?? {}) as Obj;
        const pointer = appendPointer(requestBody.pointer, 'content', chosen, 'schema');
        if (!JSON_TYPE.test(chosen) && chosen !== FORM_TYPE) {
          diagnostics.push(diagnosticAt(doc, appendPointer(requestBody.pointer, 'content', chosen), { severity: 'warning', code: 'generate/unsupported-media-type', message: `Request bodies of type '${chosen}' are sent as given (string or bytes); the body type is 'unknown'`, data: { contentType: chosen } }));
          bodySchema = { schema: true, pointer, contentType: chosen, required: requestBody.value.required === true };
        } else {
          bodySchema = { schema: media.schema, pointer, contentType: chosen, required: requestBody.value.required === true };
        }
      }
    } else if (formFields.length) {
      bodySchema = {
        schema: { type: 'object', properties: Object.fromEntries(formFields.map((f) => [f.name, f.schema])), required: formFields.filter((f) => f.required).map((f) => f.name) },
        pointer: found.pointer,
        contentType: FORM_TYPE,
        required: formFields.some((f) => f.required),
      };
    }

    const inputFields: string[] = [];
    for (const where of ['path', 'query', 'header'] as const) {
      if (!groups[where].length) continue;
      const key = where === 'header' ? 'headers' : where;
      inputFields.push(`  ${key}${groupRequired[where] ? '' : '?'}: {`, ...groups[where].map((l) => `  ${l}`), '  };');
    }
    let body: OperationModel['body'];
    if (bodySchema) {
      const bodyType = namedType(typer, `${base}RequestBody`, bodySchema.schema, bodySchema.pointer);
      inputFields.push(`  body${bodySchema.required ? '' : '?'}: ${bodyType};`);
      body = { contentType: bodySchema.contentType, required: bodySchema.required };
    }
    const inputType = typer.names.claim(`${base}Input`);
    const inputRequired = groupRequired.path || groupRequired.query || groupRequired.header || Boolean(bodySchema?.required);
    inputs.push({ name: inputType, doc: [`Input of \`${operationId}\` (${found.method} ${found.path}).`], kind: 'interface', body: inputFields.length ? reindent(`{\n${inputFields.join('\n')}\n}`) : '{}' });

    const response = successResponse(root, op, found.pointer);
    let responseType = 'undefined';
    let responseSchema: string | undefined;
    if (response.length) {
      const withBody = response.filter((r) => r.schemaPointer !== undefined);
      if (withBody.length) {
        const name = typer.names.claim(`${base}Response`);
        const schema = withBody.length === 1 ? withBody[0].schema : { anyOf: withBody.map((r) => r.schema) };
        const pointer = withBody.length === 1 ? withBody[0].schemaPointer! : found.pointer;
        typer.declare(name, schema, pointer, [`Success response of \`${operationId}\`.`]);
        responseType = withBody.length < response.length ? `${name} | undefined` : name;
        responseSchema = name;
        responseSchemas[name] = toJsonSchema(schema, (p) => typer.refName(p));
      }
    } else {
      responseType = 'unknown';
    }

    const opDoc = [
      ...docLines(typeof op.summary === 'string' ? op.summary : undefined),
      ...(typeof op.description === 'string' && op.description !== op.summary ? docLines(op.description) : []),
      `\`${found.method} ${found.path}\` (operationId \`${operationId}\`)`,
    ];
    if (op.deprecated === true) opDoc.push('@deprecated');
    const signing: SigningModel | undefined =
      op['x-interlock-signing'] === undefined ? rootSigning : readSigning(doc, appendPointer(found.pointer, 'x-interlock-signing'), diagnostics);
    operations.push({
      operationId,
      functionName,
      method: found.method,
      path: found.path,
      doc: opDoc,
      inputType,
      inputRequired,
      params: paramModels,
      ...(body ? { body } : {}),
      responseType,
      ...(responseSchema ? { responseSchema } : {}),
      ...(signing ? { signing } : {}),
    });
  }
  return { operations, inputs, responseSchemas, diagnostics };
}

function field(name: string, type: string, required: boolean, doc: string[]): string[] {
  const out = doc.length ? ['  /**', ...doc.map((l) => `   *${l ? ' ' + l : ''}`), '   */'] : [];
  out.push(`  ${propertyKey(name)}${required ? '' : '?'}: ${type};`);
  return out;
}

function schemaOf(param: Obj, typer: SchemaTyper, pointer: string, schema: unknown): string {
  if (schema === undefined && param.content && typeof param.content === 'object') {
    const [mediaType, media] = Object.entries(param.content as Obj)[0] ?? [];
    if (mediaType) return typer.typeOf((media as Obj | undefined)?.schema, appendPointer(pointer, 'content', mediaType, 'schema'), '');
  }
  return typer.typeOf(schema, pointer, '');
}

/** A `$ref` stays a reference to its named type; an inline schema gets a type of its own named `name`. */
function namedType(typer: SchemaTyper, name: string, schema: unknown, pointer: string): string {
  if (schema && typeof schema === 'object' && typeof (schema as Obj).$ref === 'string' && (schema as Obj).nullable !== true) return typer.typeOf(schema, pointer, '');
  const claimed = typer.names.claim(name);
  typer.declare(claimed, schema, pointer);
  return claimed;
}

function normaliseStyle(style: string): ParamModel['style'] {
  return style === 'deepObject' || style === 'simple' || style === 'spaceDelimited' || style === 'pipeDelimited' ? style : 'form';
}

/** Path-item parameters overridden by operation parameters with the same name and location. */
function collectParams(root: Obj, itemPointer: string, opPointer: string): { param: Obj; pointer: string }[] {
  const byKey = new Map<string, { param: Obj; pointer: string }>();
  for (const owner of [itemPointer, opPointer]) {
    const list = getAtPointer(root, appendPointer(owner, 'parameters'));
    if (!Array.isArray(list)) continue;
    list.forEach((raw, i) => {
      const resolved = resolveRef(root, raw, appendPointer(owner, 'parameters', i));
      if (!resolved) return;
      byKey.set(`${String(resolved.value.in)}:${String(resolved.value.name)}`, { param: resolved.value, pointer: resolved.pointer });
    });
  }
  return [...byKey.values()];
}

/** Follows local `$ref`s of non-schema objects (parameters, request bodies, responses). */
function resolveRef(root: Obj, value: unknown, pointer: string): { value: Obj; pointer: string } | undefined {
  let current = value;
  let at = pointer;
  for (let hops = 0; hops < 32; hops++) {
    if (!current || typeof current !== 'object') return undefined;
    const ref = (current as Obj).$ref;
    if (typeof ref !== 'string') return { value: current as Obj, pointer: at };
    if (!ref.startsWith('#')) return undefined;
    at = ref.slice(1);
    current = getAtPointer(root, at);
  }
  return undefined;
}

interface SuccessResponse {
  status: string;
  schema?: unknown;
  schemaPointer?: string;
}

/** Every 2xx response, with its JSON schema when it has one (OpenAPI 3 content, or 2.0 `schema`). */
function successResponse(root: Obj, op: Obj, opPointer: string): SuccessResponse[] {
  const responses = (op.responses ?? {}) as Obj;
  const out: SuccessResponse[] = [];
  for (const status of Object.keys(responses).sort()) {
    if (!/^2(\d\d|XX)$/i.test(status)) continue;
    const resolved = resolveRef(root, responses[status], appendPointer(opPointer, 'responses', status));
    if (!resolved) {
      out.push({ status });
      continue;
    }
    const r = resolved.value;
    if (r.schema !== undefined) {
      out.push({ status, schema: r.schema, schemaPointer: appendPointer(resolved.pointer, 'schema') });
      continue;
    }
    const content = (r.content ?? {}) as Obj;
    const json = Object.keys(content).find((t) => JSON_TYPE.test(t));
    const media = json ? (content[json] as Obj | undefined) : undefined;
    if (json && media && media.schema !== undefined) out.push({ status, schema: media.schema, schemaPointer: appendPointer(resolved.pointer, 'content', json, 'schema') });
    else out.push({ status });
  }
  return out;
}
