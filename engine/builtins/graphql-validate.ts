import type * as G from 'graphql';
import type { JsonObject } from './args.js';
import { graphqlLib } from './graphql-lib.js';
import type { SchemaModel } from './graphql-schema.js';
import { items, nameNode, namedTypeNode, ptr, text, typeNode, valueNode } from './graphql-to-js.js';

/**
 * Query validation with gqlparser's rule set, run by graphql-js against the
 * schema gqlparser loaded (rebuilt as SDL without the prelude, which
 * graphql-js supplies itself). gqlparser has already checked the schema its
 * own way, so graphql-js is told to assume it valid. Applied directives are
 * left out: gqlparser gives none of them (not even @oneOf) any meaning when
 * validating a query.
 */
export function queryErrors(model: SchemaModel, query: G.DocumentNode): readonly G.GraphQLError[] {
  const g = graphqlLib();
  const rules = [
    g.FieldsOnCorrectTypeRule, g.FragmentsOnCompositeTypesRule, g.KnownArgumentNamesRule, g.KnownDirectivesRule,
    g.KnownFragmentNamesRule, g.KnownOperationTypesRule, g.KnownTypeNamesRule, g.LoneAnonymousOperationRule,
    g.NoFragmentCyclesRule, g.NoUndefinedVariablesRule, g.NoUnusedFragmentsRule, g.NoUnusedVariablesRule,
    g.OverlappingFieldsCanBeMergedRule, g.PossibleFragmentSpreadsRule, g.ProvidedRequiredArgumentsRule, g.ScalarLeafsRule,
    g.SingleFieldSubscriptionsRule, g.UniqueArgumentNamesRule, g.UniqueDirectivesPerLocationRule, g.UniqueFragmentNamesRule,
    g.UniqueInputFieldNamesRule, g.UniqueOperationNamesRule, g.UniqueVariableNamesRule, g.ValuesOfCorrectTypeRule,
    g.VariablesAreInputTypesRule, g.VariablesInAllowedPositionRule,
  ];
  const schema = g.buildASTSchema(schemaDocumentNode(model), { assumeValid: true, assumeValidSDL: true });
  return g.validate(schema, query, rules);
}

const DEFINITION_NODE: Record<string, string> = {
  SCALAR: 'ScalarTypeDefinition', OBJECT: 'ObjectTypeDefinition', INTERFACE: 'InterfaceTypeDefinition',
  UNION: 'UnionTypeDefinition', ENUM: 'EnumTypeDefinition', INPUT_OBJECT: 'InputObjectTypeDefinition',
};

function schemaDocumentNode(model: SchemaModel): G.DocumentNode {
  const types = [...model.types.values()].filter((d) => d.BuiltIn !== true).map(definitionNode);
  const directives = [...model.directives.values()].filter((d) => !model.builtinDirectives.has(d)).map(directiveDefinitionNode);
  const operationTypes = [...model.roots].map(([operation, type]) => ({ kind: 'OperationTypeDefinition', operation, type: namedTypeNode(type) }));
  const schema = { kind: 'SchemaDefinition', operationTypes };
  return { kind: 'Document', definitions: [schema, ...types, ...directives] } as G.DocumentNode;
}

function definitionNode(def: JsonObject): G.TypeDefinitionNode {
  const input = def.Kind === 'INPUT_OBJECT';
  return {
    kind: DEFINITION_NODE[text(def, 'Kind')], name: nameNode(text(def, 'Name')),
    interfaces: ((def.Interfaces ?? []) as string[]).map(namedTypeNode),
    fields: items(def, 'Fields').map((f) => (input ? inputValueNode(f) : fieldDefinitionNode(f))),
    types: ((def.Types ?? []) as string[]).map(namedTypeNode),
    values: items(def, 'EnumValues').map((v) => ({ kind: 'EnumValueDefinition', name: nameNode(text(v, 'Name')) })),
  } as G.TypeDefinitionNode;
}

function fieldDefinitionNode(f: JsonObject): G.FieldDefinitionNode {
  return {
    kind: 'FieldDefinition', name: nameNode(text(f, 'Name')), arguments: items(f, 'Arguments').map(inputValueNode),
    type: typeNode(ptr(f, 'Type')),
  } as G.FieldDefinitionNode;
}

function inputValueNode(a: JsonObject): G.InputValueDefinitionNode {
  return {
    kind: 'InputValueDefinition', name: nameNode(text(a, 'Name')), type: typeNode(ptr(a, 'Type')),
    defaultValue: a.DefaultValue === null ? undefined : valueNode(ptr(a, 'DefaultValue')),
  } as G.InputValueDefinitionNode;
}

function directiveDefinitionNode(d: JsonObject): G.DirectiveDefinitionNode {
  return {
    kind: 'DirectiveDefinition', name: nameNode(text(d, 'Name')), arguments: items(d, 'Arguments').map(inputValueNode),
    repeatable: d.IsRepeatable === true, locations: ((d.Locations ?? []) as string[]).map(nameNode),
  } as G.DirectiveDefinitionNode;
}
