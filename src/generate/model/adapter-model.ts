import type { Classification, IntegrationSpec } from '../../core/resources.js';
import type { IntegrationConfig } from '../../adapter-runtime/index.js';

/**
 * What the templates see: everything about one adapter, computed from the contract and the
 * integration. Type expressions are already TypeScript text; templates decide file layout only.
 */
export interface AdapterModel {
  /** Folder under `generated/`: the integration name. */
  folder: string;
  header: HeaderModel;
  integration: IntegrationModel;
  contract: ContractModel;
  /** Named types, sorted by name. */
  types: TypeDecl[];
  /** OpenAPI operations, in the order the integration lists them. */
  operations: OperationModel[];
  /** GraphQL operation documents, in the order the integration lists them. */
  graphqlOperations: GraphqlOperationModel[];
  /** `Type.field.path` → classification, sorted by key. */
  classification: ClassifiedField[];
  /** `Type.field.path` → the named type(s) of that field (several for unions), so masking can follow references. */
  fieldTypes: { key: string; types: string[] }[];
  /** JSON Schema definitions (draft-07) for response validation, by type name; OpenAPI only. */
  schemaDefinitions: Record<string, unknown>;
}

export interface HeaderModel {
  contractName: string;
  contractVersion: string;
  contractFile: string;
  integrationFile: string;
  /** sha256 over every input that shapes the output. */
  inputHash: string;
}

/** The adapter runtime's `IntegrationConfig`, with auth as the manifest says it (rendered into the config). */
export interface IntegrationModel extends Omit<IntegrationConfig, 'auth'> {
  auth: IntegrationSpec['auth'];
}

export interface ContractModel {
  name: string;
  version: string;
  format: 'openapi' | 'graphql';
  file: string;
}

export interface TypeDecl {
  name: string;
  doc: string[];
  /** `interface` bodies are `{ … }` text; `alias` is any type expression. */
  kind: 'interface' | 'alias';
  body: string;
}

export type ParamLocation = 'path' | 'query' | 'header';

export interface ParamModel {
  name: string;
  in: ParamLocation;
  required: boolean;
  /** `form` (repeat arrays), `deepObject` (`a[b]=c`), or `simple` (comma-joined). */
  style: 'form' | 'deepObject' | 'simple' | 'spaceDelimited' | 'pipeDelimited';
  explode: boolean;
}

export interface OperationModel {
  operationId: string;
  functionName: string;
  method: string;
  path: string;
  doc: string[];
  /** Name of the input interface, and whether a caller must pass one. */
  inputType: string;
  inputRequired: boolean;
  params: ParamModel[];
  body?: { contentType: string; required: boolean };
  responseType: string;
  /** Definition name in `schemaDefinitions` for the success response, when it has a JSON body. */
  responseSchema?: string;
  signing?: SigningModel;
}

/** Request signing declared by the contract (`x-interlock-signing`), documented in docs/generate.md. */
export interface SigningModel {
  algorithm: 'hmac-sha256';
  header: string;
  timestampHeader: string;
  /** Secret reference; absent → the integration's own credential. */
  secret?: string;
}

export interface GraphqlOperationModel {
  /** The document path as the integration lists it. */
  document: string;
  operationName: string;
  functionName: string;
  kind: 'query' | 'mutation';
  /** The operation text sent on the wire. */
  text: string;
  variablesType: string;
  variablesRequired: boolean;
  resultType: string;
  doc: string[];
}

export interface ClassifiedField extends Classification {
  key: string;
  /** Where the classification was declared. */
  from: 'contract' | 'integration';
}
