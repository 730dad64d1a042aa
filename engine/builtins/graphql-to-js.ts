import type * as G from 'graphql';
import { fail, type JsonObject } from './args.js';
import { VALUE_KIND } from './graphql-go-shape.js';

/**
 * gqlparser-shaped structs (see graphql-go-shape.ts) back into graphql-js
 * AST nodes, so graphql-js can validate what a policy passed as an object.
 */

/** The elements of a Go slice field; a nil element is a nil pointer, which gqlparser would dereference. */
export function items(o: JsonObject, key: string): JsonObject[] {
  return ((o[key] ?? []) as Array<JsonObject | null>).map((x) => x ?? fail(`nil element in ${key}`));
}

export function text(o: JsonObject, key: string): string {
  return o[key] as string;
}

export function ptr(o: JsonObject, key: string): JsonObject {
  return (o[key] as JsonObject | null) ?? fail(`nil ${key}`);
}

export function nameNode(value: string): G.NameNode {
  return { kind: 'Name', value } as G.NameNode;
}

export function namedTypeNode(value: string): G.NamedTypeNode {
  return { kind: 'NamedType', name: nameNode(value) } as G.NamedTypeNode;
}

export function typeNode(t: JsonObject): G.TypeNode {
  const inner = t.Elem === null
    ? namedTypeNode(text(t, 'NamedType'))
    : ({ kind: 'ListType', type: typeNode(ptr(t, 'Elem')) } as G.ListTypeNode);
  return t.NonNull === true ? ({ kind: 'NonNullType', type: inner } as G.NonNullTypeNode) : inner;
}

export function valueNode(v: JsonObject): G.ValueNode {
  const raw = text(v, 'Raw');
  const children = (): Array<[string, G.ValueNode]> => items(v, 'Children').map((c) => [text(c, 'Name'), valueNode(ptr(c, 'Value'))]);
  switch (v.Kind) {
    case VALUE_KIND.Variable: return { kind: 'Variable', name: nameNode(raw) } as G.VariableNode;
    case VALUE_KIND.Int: return { kind: 'IntValue', value: raw } as G.IntValueNode;
    case VALUE_KIND.Float: return { kind: 'FloatValue', value: raw } as G.FloatValueNode;
    case VALUE_KIND.String:
    case VALUE_KIND.Block: return { kind: 'StringValue', value: raw, block: v.Kind === VALUE_KIND.Block } as G.StringValueNode;
    case VALUE_KIND.Boolean: return { kind: 'BooleanValue', value: raw === 'true' } as G.BooleanValueNode;
    case VALUE_KIND.Null: return { kind: 'NullValue' } as G.NullValueNode;
    case VALUE_KIND.Enum: return { kind: 'EnumValue', value: raw } as G.EnumValueNode;
    case VALUE_KIND.List: return { kind: 'ListValue', values: children().map(([, x]) => x) } as G.ListValueNode;
    case VALUE_KIND.Object: {
      const fields = children().map(([name, x]) => ({ kind: 'ObjectField', name: nameNode(name), value: x }));
      return { kind: 'ObjectValue', fields } as G.ObjectValueNode;
    }
    default: return fail(`unknown value kind ${String(v.Kind)}`);
  }
}

function argumentNodes(o: JsonObject): G.ArgumentNode[] {
  return items(o, 'Arguments').map((a) => ({ kind: 'Argument', name: nameNode(text(a, 'Name')), value: valueNode(ptr(a, 'Value')) }) as G.ArgumentNode);
}

export function directiveNodes(o: JsonObject): G.DirectiveNode[] {
  return items(o, 'Directives').map((d) => ({ kind: 'Directive', name: nameNode(text(d, 'Name')), arguments: argumentNodes(d) }) as G.DirectiveNode);
}

/**
 * A decoded QueryDocument as graphql-js nodes. gqlparser reads every
 * selection of a JSON AST as a field (it tries Field first, and any object
 * decodes as one), so that is what is validated.
 */
export function queryDocumentNode(doc: JsonObject): G.DocumentNode {
  const operations = items(doc, 'Operations').map(operationNode);
  const fragments = items(doc, 'Fragments').map(fragmentNode);
  return { kind: 'Document', definitions: [...operations, ...fragments] } as G.DocumentNode;
}

function operationNode(op: JsonObject): G.OperationDefinitionNode {
  const operation = text(op, 'Operation');
  if (!['query', 'mutation', 'subscription'].includes(operation)) fail(`unknown operation ${operation}`);
  return {
    kind: 'OperationDefinition', operation, name: text(op, 'Name') === '' ? undefined : nameNode(text(op, 'Name')),
    variableDefinitions: items(op, 'VariableDefinitions').map(variableNode), directives: directiveNodes(op), selectionSet: selectionSetNode(op),
  } as G.OperationDefinitionNode;
}

function fragmentNode(f: JsonObject): G.FragmentDefinitionNode {
  return {
    kind: 'FragmentDefinition', name: nameNode(text(f, 'Name')), variableDefinitions: items(f, 'VariableDefinition').map(variableNode),
    typeCondition: namedTypeNode(text(f, 'TypeCondition')), directives: directiveNodes(f), selectionSet: selectionSetNode(f),
  } as G.FragmentDefinitionNode;
}

function variableNode(v: JsonObject): G.VariableDefinitionNode {
  return {
    kind: 'VariableDefinition', variable: { kind: 'Variable', name: nameNode(text(v, 'Variable')) }, type: typeNode(ptr(v, 'Type')),
    defaultValue: v.DefaultValue === null ? undefined : valueNode(ptr(v, 'DefaultValue')), directives: directiveNodes(v),
  } as G.VariableDefinitionNode;
}

function selectionSetNode(o: JsonObject): G.SelectionSetNode {
  return { kind: 'SelectionSet', selections: items(o, 'SelectionSet').map(fieldNode) } as G.SelectionSetNode;
}

function fieldNode(f: JsonObject): G.FieldNode {
  const name = text(f, 'Name');
  const alias = text(f, 'Alias');
  return {
    kind: 'Field', alias: alias === name ? undefined : nameNode(alias), name: nameNode(name), arguments: argumentNodes(f),
    directives: directiveNodes(f), selectionSet: items(f, 'SelectionSet').length === 0 ? undefined : selectionSetNode(f),
  } as G.FieldNode;
}
