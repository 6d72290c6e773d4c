/**
 * GraphQL ids on the same model as the OpenAPI rules: a change's `data` is GraphQL Inspector's own `meta`
 * for it (typeName, fieldName, oldFieldType…) and these templates say Inspector's sentence from it, so
 * the report renders the words and JSON publishes the facts. No Inspector import here: every report
 * looks this up, and loading Inspector costs an OpenAPI diff ~300 ms of start-up.
 *
 * `{name:escaped}` writes a backslash before each single quote, as Inspector does (`fmt`) for the
 * descriptions and deprecation reasons it quotes. Each template ends with the period Inspector's own
 * message is given when it lacks one.
 */
import type { CheckMeta, Level } from '../change.js';
import { DIRECTIVE_USAGE_RULES } from './graphql-usage-rules.js';

/** Inspector's `meta` of one change, as the pickers read it. */
export type GraphqlMeta = Readonly<Record<string, unknown>>;

export interface GraphqlRule {
  /**
   * The typical level. A change's own level follows Inspector's criticality for it (BREAKING → breaking,
   * DANGEROUS → warning, NON_BREAKING → info), which can differ per change (an argument added to a new
   * field is info, a required one breaking).
   */
  level: Level;
  direction?: CheckMeta['direction'];
  /** Inspector's criticality reason when it is the same text for every breaking or dangerous change of the type. */
  reason?: string;
  /**
   * Inspector's reason differs per change (it names the element, or depends on the meta): it stays in
   * `data.advice`, and each template has a `…-with-advice` twin that appends it.
   */
  advised?: true;
  messages: Record<string, string>;
  /** The template the change's meta takes, where Inspector's wording has conditional parts (default `change`). */
  pick?: (meta: GraphqlMeta) => string;
}

const DEFAULT_CHANGED_REASON = 'Changing the default value for an argument may change the runtime behaviour of a field if it was never provided.';
const DIRECTIVE_REMOVED_REASON = 'A directive could be in use of a client application. Removing it could break the client application.';

/** Inspector's description messages: `added` when only the new one is non-null, `removed` when only the old one. */
function byNull(oldKey: string, newKey: string): (m: GraphqlMeta) => string {
  return (m) => (m[oldKey] === null && m[newKey] !== null ? 'added' : m[newKey] === null && m[oldKey] !== null ? 'removed' : 'change');
}

/** Default values: an absent one is `undefined` in Inspector's sentence (it interpolates the missing key). */
function byAbsentDefault(oldKey: string, newKey: string): (m: GraphqlMeta) => string {
  return (m) => (m[oldKey] === undefined ? 'added' : m[newKey] === undefined ? 'removed' : 'change');
}

function rootTypeRule(root: 'query' | 'mutation' | 'subscription'): GraphqlRule {
  const kind = root === 'query' ? 'query root' : root;
  const cap = root.charAt(0).toUpperCase() + root.slice(1);
  const oldKey = `old${cap}TypeName`;
  const newKey = `new${cap}TypeName`;
  return {
    level: 'breaking',
    messages: {
      change: `Schema ${kind} type was changed from '{${oldKey}}' to '{${newKey}}'.`,
      set: `Schema ${kind} type was set to '{${newKey}}'.`,
      removed: `Schema ${kind} type '{${oldKey}}' was removed.`,
    },
    pick: (m) => (m[oldKey] === null ? 'set' : m[newKey] === null ? 'removed' : 'change'),
  };
}

/** By Inspector `ChangeType`. */
export const GRAPHQL_RULES: Readonly<Record<string, GraphqlRule>> = {
  FIELD_ARGUMENT_DESCRIPTION_CHANGED: {
    level: 'info',
    direction: 'request',
    messages: {
      change: "Description for argument '{argumentName}' on field '{typeName}.{fieldName}' changed from '{oldDescription:escaped}' to '{newDescription:escaped}'.",
      added: "Description '{newDescription:escaped}' was added to argument '{argumentName}' on field '{typeName}.{fieldName}'.",
      removed: "Description '{oldDescription:escaped}' was removed from argument '{argumentName}' on field '{typeName}.{fieldName}'.",
    },
    pick: byNull('oldDescription', 'newDescription'),
  },
  FIELD_ARGUMENT_DEFAULT_CHANGED: {
    level: 'warning',
    direction: 'request',
    reason: DEFAULT_CHANGED_REASON,
    messages: {
      change: "Default value for argument '{argumentName}' on field '{typeName}.{fieldName}' changed from '{oldDefaultValue}' to '{newDefaultValue}'.",
      added: "Default value '{newDefaultValue}' was added to argument '{argumentName}' on field '{typeName}.{fieldName}'.",
      removed: "Default value for argument '{argumentName}' on field '{typeName}.{fieldName}' changed from '{oldDefaultValue}' to 'undefined'.",
    },
    pick: byAbsentDefault('oldDefaultValue', 'newDefaultValue'),
  },
  FIELD_ARGUMENT_TYPE_CHANGED: {
    level: 'breaking',
    direction: 'request',
    reason: "Changing the type of a field's argument can cause existing queries that use this argument to error.",
    messages: { change: "Type for argument '{argumentName}' on field '{typeName}.{fieldName}' changed from '{oldArgumentType}' to '{newArgumentType}'." },
  },
  DIRECTIVE_REMOVED: { level: 'breaking', reason: DIRECTIVE_REMOVED_REASON, messages: { change: "Directive '{removedDirectiveName}' was removed." } },
  DIRECTIVE_ADDED: { level: 'info', messages: { change: "Directive '{addedDirectiveName}' was added." } },
  DIRECTIVE_DESCRIPTION_CHANGED: {
    level: 'info',
    messages: {
      change: "Directive '{directiveName}' description changed from '{oldDirectiveDescription:escaped}' to '{newDirectiveDescription:escaped}'.",
      added: "Directive '{directiveName}' description '{newDirectiveDescription:escaped}' was added.",
      removed: "Directive '{directiveName}' description '{oldDirectiveDescription:escaped}' was removed.",
    },
    pick: byNull('oldDirectiveDescription', 'newDirectiveDescription'),
  },
  DIRECTIVE_LOCATION_ADDED: { level: 'info', messages: { change: "Location '{addedDirectiveLocation}' was added to directive '{directiveName}'." } },
  DIRECTIVE_LOCATION_REMOVED: {
    level: 'breaking',
    reason: DIRECTIVE_REMOVED_REASON,
    messages: { change: "Location '{removedDirectiveLocation}' was removed from directive '{directiveName}'." },
  },
  DIRECTIVE_ARGUMENT_ADDED: {
    level: 'info',
    // Breaking only when the argument is non-null on an existing directive.
    reason: 'A directive could be in use of a client application. Adding a non-nullable argument will break those clients.',
    messages: { change: "Argument '{addedDirectiveArgumentName}' was added to directive '{directiveName}'." },
  },
  DIRECTIVE_ARGUMENT_REMOVED: {
    level: 'breaking',
    reason: 'A directive argument could be in use of a client application. Removing the argument can break client applications.',
    messages: { change: "Argument '{removedDirectiveArgumentName}' was removed from directive '{directiveName}'." },
  },
  DIRECTIVE_ARGUMENT_DESCRIPTION_CHANGED: {
    level: 'info',
    messages: {
      change: "Description for argument '{directiveArgumentName}' on directive '{directiveName}' changed from '{oldDirectiveArgumentDescription:escaped}' to '{newDirectiveArgumentDescription:escaped}'.",
      added: "Description '{newDirectiveArgumentDescription:escaped}' was added to argument '{directiveArgumentName}' on directive '{directiveName}'.",
      removed: "Description '{oldDirectiveArgumentDescription:escaped}' was removed from argument '{directiveArgumentName}' on directive '{directiveName}'.",
    },
    pick: byNull('oldDirectiveArgumentDescription', 'newDirectiveArgumentDescription'),
  },
  DIRECTIVE_ARGUMENT_DEFAULT_VALUE_CHANGED: {
    level: 'warning',
    reason: DEFAULT_CHANGED_REASON,
    messages: {
      change: "Default value for argument '{directiveArgumentName}' on directive '{directiveName}' changed from '{oldDirectiveArgumentDefaultValue}' to '{newDirectiveArgumentDefaultValue}'.",
      added: "Default value '{newDirectiveArgumentDefaultValue}' was added to argument '{directiveArgumentName}' on directive '{directiveName}'.",
      removed: "Default value for argument '{directiveArgumentName}' on directive '{directiveName}' changed from '{oldDirectiveArgumentDefaultValue}' to 'undefined'.",
    },
    pick: byAbsentDefault('oldDirectiveArgumentDefaultValue', 'newDirectiveArgumentDefaultValue'),
  },
  DIRECTIVE_ARGUMENT_TYPE_CHANGED: {
    // Inspector gives no reason for the breaking case.
    level: 'breaking',
    messages: { change: "Type for argument '{directiveArgumentName}' on directive '{directiveName}' changed from '{oldDirectiveArgumentType}' to '{newDirectiveArgumentType}'." },
  },
  DIRECTIVE_REPEATABLE_ADDED: { level: 'info', messages: { change: "Directive '{directiveName}' added repeatable." } },
  DIRECTIVE_REPEATABLE_REMOVED: { level: 'warning', messages: { change: "Directive '{directiveName}' removed repeatable." } },
  ENUM_VALUE_REMOVED: {
    level: 'breaking',
    reason: 'Removing an enum value will cause existing queries that use this enum value to error.',
    messages: {
      change: "Enum value '{removedEnumValueName}' was removed from enum '{enumName}'.",
      deprecated: "Enum value '{removedEnumValueName}' (deprecated) was removed from enum '{enumName}'.",
    },
    pick: (m) => (m.isEnumValueDeprecated ? 'deprecated' : 'change'),
  },
  ENUM_VALUE_ADDED: {
    level: 'warning',
    reason: 'Adding an enum value may break existing clients that were not programming defensively against an added case when querying an enum.',
    messages: { change: "Enum value '{addedEnumValueName}' was added to enum '{enumName}'." },
  },
  ENUM_VALUE_DESCRIPTION_CHANGED: {
    level: 'info',
    messages: {
      change: "Description for enum value '{enumName}.{enumValueName}' changed from '{oldEnumValueDescription:escaped}' to '{newEnumValueDescription:escaped}'.",
      added: "Description '{newEnumValueDescription:escaped}' was added to enum value '{enumName}.{enumValueName}'.",
      removed: "Description '{oldEnumValueDescription:escaped}' was removed from enum value '{enumName}.{enumValueName}'.",
    },
    pick: byNull('oldEnumValueDescription', 'newEnumValueDescription'),
  },
  ENUM_VALUE_DEPRECATION_REASON_CHANGED: {
    level: 'info',
    messages: { change: "Enum value '{enumName}.{enumValueName}' deprecation reason changed from '{oldEnumValueDeprecationReason:escaped}' to '{newEnumValueDeprecationReason:escaped}'." },
  },
  ENUM_VALUE_DEPRECATION_REASON_ADDED: {
    level: 'info',
    messages: { change: "Enum value '{enumName}.{enumValueName}' was deprecated with reason '{addedValueDeprecationReason:escaped}'." },
  },
  ENUM_VALUE_DEPRECATION_REASON_REMOVED: { level: 'info', messages: { change: "Deprecation reason was removed from enum value '{enumName}.{enumValueName}'." } },
  FIELD_REMOVED: {
    // Inspector's reason depends on whether the field was deprecated.
    level: 'breaking',
    direction: 'response',
    advised: true,
    messages: {
      change: "Field '{removedFieldName}' was removed from {typeType} '{typeName}'.",
      deprecated: "Field '{removedFieldName}' (deprecated) was removed from {typeType} '{typeName}'.",
    },
    pick: (m) => (m.isRemovedFieldDeprecated ? 'deprecated' : 'change'),
  },
  FIELD_ADDED: { level: 'info', direction: 'response', messages: { change: "Field '{addedFieldName}' was added to {typeType} '{typeName}'." } },
  FIELD_DESCRIPTION_CHANGED: {
    level: 'info',
    direction: 'response',
    messages: {
      change: "Field '{typeName}.{fieldName}' description changed from '{oldDescription:escaped}' to '{newDescription:escaped}'.",
      added: "Field '{typeName}.{fieldName}' description '{newDescription:escaped}' was added.",
      removed: "Field '{typeName}.{fieldName}' description '{oldDescription:escaped}' was removed.",
    },
    // Here Inspector tests for an empty description, not null.
    pick: (m) => (!m.oldDescription && m.newDescription ? 'added' : !m.newDescription && m.oldDescription ? 'removed' : 'change'),
  },
  FIELD_DESCRIPTION_ADDED: { level: 'info', direction: 'response', messages: { change: "Field '{typeName}.{fieldName}' has description '{addedDescription:escaped}'." } },
  FIELD_DESCRIPTION_REMOVED: { level: 'info', direction: 'response', messages: { change: "Description was removed from field '{typeName}.{fieldName}'." } },
  FIELD_DEPRECATION_ADDED: { level: 'info', direction: 'response', messages: { change: "Field '{typeName}.{fieldName}' is deprecated." } },
  FIELD_DEPRECATION_REMOVED: { level: 'info', direction: 'response', messages: { change: "Field '{typeName}.{fieldName}' is no longer deprecated." } },
  FIELD_DEPRECATION_REASON_CHANGED: {
    level: 'info',
    direction: 'response',
    messages: { change: "Deprecation reason on field '{typeName}.{fieldName}' has changed from '{oldDeprecationReason:escaped}' to '{newDeprecationReason:escaped}'." },
  },
  FIELD_DEPRECATION_REASON_ADDED: {
    level: 'info',
    direction: 'response',
    messages: { change: "Field '{typeName}.{fieldName}' has deprecation reason '{addedDeprecationReason:escaped}'." },
  },
  FIELD_DEPRECATION_REASON_REMOVED: { level: 'info', direction: 'response', messages: { change: "Deprecation reason was removed from field '{typeName}.{fieldName}'." } },
  FIELD_TYPE_CHANGED: {
    // Inspector gives no reason.
    level: 'breaking',
    direction: 'response',
    messages: { change: "Field '{typeName}.{fieldName}' changed type from '{oldFieldType}' to '{newFieldType}'." },
  },
  FIELD_ARGUMENT_ADDED: {
    // Info on a new field, breaking when required without a default, else dangerous; Inspector gives no reason.
    level: 'warning',
    direction: 'request',
    messages: {
      change: "Argument '{addedArgumentName}: {addedArgumentType}' added to field '{typeName}.{fieldName}'.",
      'with-default': "Argument '{addedArgumentName}: {addedArgumentType}' (with default value) added to field '{typeName}.{fieldName}'.",
    },
    pick: (m) => (m.hasDefaultValue ? 'with-default' : 'change'),
  },
  FIELD_ARGUMENT_REMOVED: {
    level: 'breaking',
    direction: 'request',
    messages: { change: "Argument '{removedFieldArgumentName}: {removedFieldType}' was removed from field '{typeName}.{fieldName}'." },
  },
  INPUT_FIELD_REMOVED: {
    level: 'breaking',
    direction: 'request',
    reason: 'Removing an input field will cause existing queries that use this input field to error.',
    messages: {
      change: "Input field '{removedFieldName}' was removed from input object type '{inputName}'.",
      deprecated: "Input field '{removedFieldName}' (deprecated) was removed from input object type '{inputName}'.",
    },
    pick: (m) => (m.isInputFieldDeprecated ? 'deprecated' : 'change'),
  },
  INPUT_FIELD_ADDED: {
    // Breaking when required without a default, dangerous with a default, each with its own reason.
    level: 'info',
    direction: 'request',
    advised: true,
    messages: {
      change: "Input field '{addedInputFieldName}' of type '{addedInputFieldType}' was added to input object type '{inputName}'.",
      'with-default': "Input field '{addedInputFieldName}' of type '{addedInputFieldType}' with default value '{addedFieldDefault}' was added to input object type '{inputName}'.",
    },
    pick: (m) => (m.addedFieldDefault ? 'with-default' : 'change'),
  },
  INPUT_FIELD_DESCRIPTION_ADDED: {
    level: 'info',
    direction: 'request',
    messages: { change: "Input field '{inputName}.{inputFieldName}' has description '{addedInputFieldDescription:escaped}'." },
  },
  INPUT_FIELD_DESCRIPTION_REMOVED: {
    level: 'info',
    direction: 'request',
    messages: { change: "Description '{removedDescription:escaped}' was removed from input field '{inputName}.{inputFieldName}'." },
  },
  INPUT_FIELD_DESCRIPTION_CHANGED: {
    level: 'info',
    direction: 'request',
    messages: { change: "Input field '{inputName}.{inputFieldName}' description changed from '{oldInputFieldDescription:escaped}' to '{newInputFieldDescription:escaped}'." },
  },
  INPUT_FIELD_DEFAULT_VALUE_CHANGED: {
    level: 'warning',
    direction: 'request',
    reason: 'Changing the default value for an argument may change the runtime behavior of a field if it was never provided.',
    messages: {
      change: "Input field '{inputName}.{inputFieldName}' default value changed from '{oldDefaultValue}' to '{newDefaultValue}'.",
      added: "Input field '{inputName}.{inputFieldName}' default value changed from 'undefined' to '{newDefaultValue}'.",
      removed: "Input field '{inputName}.{inputFieldName}' default value changed from '{oldDefaultValue}' to 'undefined'.",
    },
    pick: byAbsentDefault('oldDefaultValue', 'newDefaultValue'),
  },
  INPUT_FIELD_TYPE_CHANGED: {
    level: 'breaking',
    direction: 'request',
    reason: 'Changing the type of an input field can cause existing queries that use this field to error.',
    messages: { change: "Input field '{inputName}.{inputFieldName}' changed type from '{oldInputFieldType}' to '{newInputFieldType}'." },
  },
  OBJECT_TYPE_INTERFACE_ADDED: {
    level: 'warning',
    direction: 'response',
    reason: 'Adding an interface to an object type may break existing clients that are consuming a field returning the interface type that are not programming defensively against this new possible type.',
    messages: { change: "'{objectTypeName}' object implements '{addedInterfaceName}' interface." },
  },
  OBJECT_TYPE_INTERFACE_REMOVED: {
    level: 'breaking',
    direction: 'response',
    reason: 'Removing an interface from an object type can cause existing queries that use this in a fragment spread to error.',
    messages: { change: "'{objectTypeName}' object type no longer implements '{removedInterfaceName}' interface." },
  },
  SCHEMA_QUERY_TYPE_CHANGED: rootTypeRule('query'),
  SCHEMA_MUTATION_TYPE_CHANGED: rootTypeRule('mutation'),
  SCHEMA_SUBSCRIPTION_TYPE_CHANGED: rootTypeRule('subscription'),
  TYPE_REMOVED: { level: 'breaking', messages: { change: "Type '{removedTypeName}' was removed." } },
  TYPE_ADDED: { level: 'info', messages: { change: "Type '{addedTypeName}' was added." } },
  TYPE_KIND_CHANGED: {
    level: 'breaking',
    reason:
      'Changing the kind of a type is a breaking change because it can cause existing queries to error. For example, turning an object type to a scalar type would break queries that define a selection set for this type.',
    messages: { change: "'{typeName}' kind changed from '{oldTypeKind}' to '{newTypeKind}'." },
  },
  TYPE_DESCRIPTION_CHANGED: {
    level: 'info',
    messages: { change: "Description '{oldTypeDescription:escaped}' on type '{typeName}' has changed to '{newTypeDescription:escaped}'." },
  },
  TYPE_DESCRIPTION_REMOVED: { level: 'info', messages: { change: "Description '{removedTypeDescription:escaped}' was removed from object type '{typeName}'." } },
  TYPE_DESCRIPTION_ADDED: { level: 'info', messages: { change: "Object type '{typeName}' has description '{addedTypeDescription:escaped}'." } },
  UNION_MEMBER_REMOVED: {
    level: 'breaking',
    direction: 'response',
    reason: 'Removing a union member from a union can cause existing queries that use this union member in a fragment spread to error.',
    messages: { change: "Member '{removedUnionMemberTypeName}' was removed from Union type '{unionName}'." },
  },
  UNION_MEMBER_ADDED: {
    level: 'warning',
    direction: 'response',
    reason: 'Adding a possible type to Unions may break existing clients that were not programming defensively against a new possible type.',
    messages: { change: "Member '{addedUnionMemberTypeName}' was added to Union type '{unionName}'." },
  },
  ...DIRECTIVE_USAGE_RULES,
};

/** Each template of an advised rule, and its twin that appends Inspector's reason. */
export function ruleMessages(rule: GraphqlRule): Record<string, string> {
  if (!rule.advised) return rule.messages;
  const out: Record<string, string> = {};
  for (const [k, t] of Object.entries(rule.messages)) {
    out[k] = t;
    out[`${k}-with-advice`] = `${t} {advice}`;
  }
  return out;
}
