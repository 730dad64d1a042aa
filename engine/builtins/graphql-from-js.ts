import type * as G from 'graphql';
import { fail, type JsonObject } from './args.js';
import { struct, VALUE_KIND } from './graphql-go-shape.js';
import { graphqlLib } from './graphql-lib.js';

/**
 * Parsing a GraphQL document as gqlparser does: graphql-js reads the text,
 * then the constructs gqlparser's grammar lacks are refused and the result
 * is reshaped into gqlparser's structs (see graphql-go-shape.ts).
 */

/** gqlparser accepts a document with no definitions; graphql-js does not. */
const NOTHING = /^(?:[ \t\n\r,\uFEFF]|#[^\n\r]*)*$/;

function parse(text: string): G.DocumentNode | undefined {
  if (NOTHING.test(text)) return undefined;
  try {
    // Locations are kept: a query's validation errors say where (graphql.ts).
    return graphqlLib().parse(text, { experimentalFragmentArguments: true });
  } catch (e) {
    return fail(syntaxError(e, text));
  }
}

const PUNCTUATOR = /"(!|\$|&|\(|\)|\.\.\.|:|=|@|\[|\]|\{|\||\})"/g;

/**
 * A graphql-js syntax error as gqlparser words it, which OPA reports: no "Syntax Error:" prefix
 * or final period, punctuators unquoted, and where: `... in GraphQL string at location 1:2`.
 */
function syntaxError(e: unknown, source: string): string {
  const { message, locations, positions } = e as { message?: unknown; locations?: Array<{ line: number; column: number }>; positions?: number[] };
  if (typeof message !== 'string') return String(e);
  const position = positions?.[0];
  let text = message.replace(/^Syntax Error: /, '').replace(/\.$/, '').replace(PUNCTUATOR, '$1');
  for (const [pattern, words] of REWORDED) {
    if (pattern.test(text)) text = words(position === undefined ? '' : source.slice(position));
  }
  // An empty `{}` list: graphql-js wants its first name, gqlparser says the list is empty.
  const before = position === undefined ? '' : source.slice(0, position).trimEnd();
  if (text === 'Expected Name, found }' && before.endsWith('{')) text = 'expected at least one definition, found }';
  const at = locations?.[0];
  if (at === undefined) return text;
  // gqlparser places a string token one column in, past its opening quote.
  const column = /String "/.test(text) ? at.column + 1 : at.column;
  return `${text} in GraphQL string at location ${at.line}:${column}`;
}

/** graphql-js messages gqlparser words differently; `rest` is the source from the error on. */
const REWORDED: Array<[RegExp, (rest: string) => string]> = [
  [/^Unexpected variable "\$[^"]*" in constant value$/, () => 'Unexpected $'],
  [/^Unterminated string$/, () => 'Unexpected <Invalid>'],
  [/^Unexpected description, only GraphQL definitions support descriptions$/,
    (rest) => `Unexpected String "${/^"((?:[^"\\]|\\.)*)"/.exec(rest)?.[1] ?? ''}"`],
];

export function parseQueryDocument(text: string): { doc: G.DocumentNode | undefined; ast: JsonObject } {
  const doc = parse(text);
  const operations: JsonObject[] = [];
  const fragments: JsonObject[] = [];
  for (const def of doc?.definitions ?? []) {
    if (def.kind === 'OperationDefinition') operations.push(operation(def));
    else if (def.kind === 'FragmentDefinition') fragments.push(fragment(def));
    else fail(`unexpected ${def.kind} in a query`);
  }
  return { doc, ast: struct('QueryDocument', { Operations: operations, Fragments: fragments }) };
}

function noDescription(node: { description?: G.StringValueNode | undefined }): void {
  if (node.description !== undefined) fail('descriptions are not allowed here');
}

function operation(def: G.OperationDefinitionNode): JsonObject {
  noDescription(def);
  return struct('Operation', {
    Operation: def.operation, Name: def.name?.value ?? '', VariableDefinitions: def.variableDefinitions?.map(variable),
    Directives: directives(def.directives), SelectionSet: selections(def.selectionSet),
  });
}

function fragment(def: G.FragmentDefinitionNode): JsonObject {
  noDescription(def);
  return struct('Fragment', {
    Name: def.name.value, VariableDefinition: def.variableDefinitions?.map(variable), TypeCondition: def.typeCondition.name.value,
    Directives: directives(def.directives), SelectionSet: selections(def.selectionSet),
  });
}

function variable(def: G.VariableDefinitionNode): JsonObject {
  noDescription(def);
  return struct('VariableDefinition', {
    Variable: def.variable.name.value, Type: type(def.type), DefaultValue: def.defaultValue && value(def.defaultValue),
    Directives: directives(def.directives), Used: false,
  });
}

/** gqlparser requires at least one selection in every set, and words an empty one so. */
function selections(set: G.SelectionSetNode | undefined): JsonObject[] | undefined {
  if (set === undefined) return undefined;
  if (set.selections.length === 0) {
    const at = set.loc?.endToken;
    fail(`expected at least one definition, found }${at === undefined ? '' : ` in GraphQL string at location ${at.line}:${at.column}`}`);
  }
  return set.selections.map(selection);
}

function selection(sel: G.SelectionNode): JsonObject {
  switch (sel.kind) {
    case 'Field':
      return struct('Field', {
        Alias: (sel.alias ?? sel.name).value, Name: sel.name.value, Arguments: sel.arguments?.map(argument),
        Directives: directives(sel.directives), SelectionSet: selections(sel.selectionSet),
      });
    case 'FragmentSpread':
      if ((sel.arguments?.length ?? 0) > 0) fail('fragment spreads take no arguments');
      return struct('FragmentSpread', { Name: sel.name.value, Directives: directives(sel.directives) });
    case 'InlineFragment':
      return struct('InlineFragment', {
        TypeCondition: sel.typeCondition?.name.value ?? '', Directives: directives(sel.directives), SelectionSet: selections(sel.selectionSet),
      });
  }
}

function directives(list: readonly G.DirectiveNode[] | undefined): JsonObject[] | undefined {
  return list?.map((d) => struct('Directive', { Name: d.name.value, Arguments: d.arguments?.map(argument), Location: '' }));
}

function argument(arg: G.ArgumentNode): JsonObject {
  return struct('Argument', { Name: arg.name.value, Value: value(arg.value) });
}

function value(v: G.ValueNode): JsonObject {
  switch (v.kind) {
    case 'Variable': return scalar(VALUE_KIND.Variable, v.name.value);
    case 'IntValue': return scalar(VALUE_KIND.Int, v.value);
    case 'FloatValue': return scalar(VALUE_KIND.Float, v.value);
    case 'StringValue': return scalar(v.block === true ? VALUE_KIND.Block : VALUE_KIND.String, v.value);
    case 'BooleanValue': return scalar(VALUE_KIND.Boolean, String(v.value));
    case 'NullValue': return scalar(VALUE_KIND.Null, 'null');
    case 'EnumValue': return scalar(VALUE_KIND.Enum, v.value);
    case 'ListValue': return compound(VALUE_KIND.List, v.values.map((x) => ['', x]));
    case 'ObjectValue': return compound(VALUE_KIND.Object, v.fields.map((f) => [f.name.value, f.value]));
  }
}

function scalar(kind: number, raw: string): JsonObject {
  return struct('Value', { Raw: raw, Kind: kind });
}

function compound(kind: number, children: Array<[string, G.ValueNode]>): JsonObject {
  return struct('Value', { Raw: '', Kind: kind, Children: children.map(([name, x]) => struct('ChildValue', { Name: name, Value: value(x) })) });
}

function type(t: G.TypeNode): JsonObject {
  switch (t.kind) {
    case 'NamedType': return struct('Type', { NamedType: t.name.value, NonNull: false });
    case 'ListType': return struct('Type', { NamedType: '', Elem: type(t.type), NonNull: false });
    case 'NonNullType': return { ...type(t.type), NonNull: true };
  }
}

const DEFINITION_KIND: Record<string, string> = {
  ScalarTypeDefinition: 'SCALAR', ObjectTypeDefinition: 'OBJECT', InterfaceTypeDefinition: 'INTERFACE',
  UnionTypeDefinition: 'UNION', EnumTypeDefinition: 'ENUM', InputObjectTypeDefinition: 'INPUT_OBJECT',
  ScalarTypeExtension: 'SCALAR', ObjectTypeExtension: 'OBJECT', InterfaceTypeExtension: 'INTERFACE',
  UnionTypeExtension: 'UNION', EnumTypeExtension: 'ENUM', InputObjectTypeExtension: 'INPUT_OBJECT',
};

type SchemaBucket = 'Schema' | 'SchemaExtension' | 'Directives' | 'Definitions' | 'Extensions';

export function parseSchemaDocument(text: string): JsonObject {
  const buckets: Record<SchemaBucket, JsonObject[]> = { Schema: [], SchemaExtension: [], Directives: [], Definitions: [], Extensions: [] };
  for (const def of parse(text)?.definitions ?? []) {
    if (def.kind === 'SchemaDefinition' || def.kind === 'SchemaExtension') {
      buckets[def.kind === 'SchemaDefinition' ? 'Schema' : 'SchemaExtension'].push(schemaDefinition(def));
    } else if (def.kind === 'DirectiveDefinition') buckets.Directives.push(directiveDefinition(def));
    else if (def.kind in DEFINITION_KIND) {
      buckets[def.kind.endsWith('Extension') ? 'Extensions' : 'Definitions'].push(definition(def as TypeNode));
    } else fail(`unexpected ${def.kind} in a schema`);
  }
  return struct('SchemaDocument', buckets);
}

function schemaDefinition(def: G.SchemaDefinitionNode | G.SchemaExtensionNode): JsonObject {
  return struct('SchemaDefinition', {
    Description: ('description' in def ? def.description?.value : undefined) ?? '', Directives: directives(def.directives),
    OperationTypes: def.operationTypes?.map((o) => struct('OperationType', { Operation: o.operation, Type: o.type.name.value })),
  });
}

function directiveDefinition(def: G.DirectiveDefinitionNode): JsonObject {
  return struct('DirectiveDefinition', {
    Description: def.description?.value ?? '', Name: def.name.value, Arguments: def.arguments?.map(argumentDefinition),
    Locations: def.locations.map((l) => l.value), IsRepeatable: def.repeatable,
  });
}

type TypeNode = G.TypeDefinitionNode | G.TypeExtensionNode;

function definition(def: TypeNode): JsonObject {
  const kind = DEFINITION_KIND[def.kind];
  const fields = 'fields' in def ? def.fields : undefined;
  return struct('Definition', {
    Kind: kind, Description: ('description' in def ? def.description?.value : undefined) ?? '', Name: def.name.value,
    Directives: directives(def.directives), Interfaces: 'interfaces' in def ? def.interfaces?.map((i) => i.name.value) : undefined,
    Fields: fields?.map((f) => (kind === 'INPUT_OBJECT' ? inputField(f as G.InputValueDefinitionNode) : fieldDefinition(f as G.FieldDefinitionNode))),
    Types: 'types' in def ? def.types?.map((t) => t.name.value) : undefined,
    EnumValues: 'values' in def ? def.values?.map(enumValue) : undefined, BuiltIn: false,
  });
}

function fieldDefinition(f: G.FieldDefinitionNode): JsonObject {
  return struct('FieldDefinition', {
    Description: f.description?.value ?? '', Name: f.name.value, Arguments: f.arguments?.map(argumentDefinition),
    Type: type(f.type), Directives: directives(f.directives),
  });
}

function inputField(f: G.InputValueDefinitionNode): JsonObject {
  return struct('FieldDefinition', {
    Description: f.description?.value ?? '', Name: f.name.value, DefaultValue: f.defaultValue && value(f.defaultValue),
    Type: type(f.type), Directives: directives(f.directives),
  });
}

function argumentDefinition(a: G.InputValueDefinitionNode): JsonObject {
  return struct('ArgumentDefinition', {
    Description: a.description?.value ?? '', Name: a.name.value, DefaultValue: a.defaultValue && value(a.defaultValue),
    Type: type(a.type), Directives: directives(a.directives),
  });
}

function enumValue(v: G.EnumValueDefinitionNode): JsonObject {
  return struct('EnumValueDefinition', { Description: v.description?.value ?? '', Name: v.name.value, Directives: directives(v.directives) });
}
