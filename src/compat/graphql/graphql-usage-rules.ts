/**
 * GraphQL Inspector's directive usage types (`DIRECTIVE_USAGE_…`): a directive applied to, or taken
 * off, an element. Dangerous unless on a new element; `@deprecated` is harmless and `@oneOf` changes
 * what input is valid. Inspector's reason names the element, so it stays in `data.advice`.
 */
import type { GraphqlRule } from './graphql-rules.js';

/** Where the directive sits, as Inspector's sentence names it from the change's meta. */
const PLACES: Record<string, string> = {
  UNION_MEMBER: "union member '{unionName}'",
  ENUM: "enum '{enumName}'",
  ENUM_VALUE: "enum value '{enumName}.{enumValueName}'",
  INPUT_OBJECT: "input object '{inputObjectName}'",
  FIELD: "field '{typeName}.{fieldName}'",
  SCALAR: "scalar '{scalarName}'",
  OBJECT: "object '{objectName}'",
  INTERFACE: "interface '{interfaceName}'",
  ARGUMENT_DEFINITION: "argument '{argumentName}' of field '{fieldName}' in type '{typeName}'",
  SCHEMA: 'schema',
  FIELD_DEFINITION: "field '{typeName}.{fieldName}'",
  INPUT_FIELD_DEFINITION: "input field '{inputFieldName}' in input object '{inputObjectName}'",
};

function usageRules(): Record<string, GraphqlRule> {
  const out: Record<string, GraphqlRule> = {};
  for (const [place, words] of Object.entries(PLACES)) {
    out[`DIRECTIVE_USAGE_${place}_ADDED`] = { level: 'warning', advised: true, messages: { change: `Directive '{addedDirectiveName}' was added to ${words}.` } };
    out[`DIRECTIVE_USAGE_${place}_REMOVED`] = { level: 'warning', advised: true, messages: { change: `Directive '{removedDirectiveName}' was removed from ${words}.` } };
  }
  out.DIRECTIVE_USAGE_ARGUMENT_ADDED = { level: 'info', messages: { change: "Argument '{addedArgumentName}' was added to '@{directiveName}'." } };
  out.DIRECTIVE_USAGE_ARGUMENT_REMOVED = {
    level: 'warning',
    reason: 'Changing an argument on a directive can change runtime behavior.',
    messages: { change: "Argument '{removedArgumentName}' was removed from '@{directiveName}'." },
  };
  return out;
}

export const DIRECTIVE_USAGE_RULES: Readonly<Record<string, GraphqlRule>> = usageRules();
