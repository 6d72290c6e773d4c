import { GraphQLError, parse, validate, type GraphQLSchema } from 'graphql/index.js';
import type { Diagnostic } from '../../core/diagnostic.js';

/**
 * Validates one operation document (`operations/*.graphql` of a GraphQL connector) against a schema.
 * Each validation error is located in the document; a syntax error is one diagnostic.
 */
export function validateOperationDocument(file: string, text: string, schema: GraphQLSchema): Diagnostic[] {
  let doc;
  try {
    doc = parse(text);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    const loc = error.locations?.[0];
    return [{ severity: 'error', code: 'graphql-syntax', message: error.message, location: { file, line: loc?.line ?? 1, column: loc?.column ?? 1 } }];
  }
  return validate(schema, doc).map((e) => {
    const loc = e.locations?.[0];
    return { severity: 'error' as const, code: 'graphql-operation-invalid', message: e.message, location: { file, line: loc?.line ?? 1, column: loc?.column ?? 1 } };
  });
}
