import { fail, isObject, type JsonObject } from './args.js';

/**
 * OPA hands GraphQL ASTs to policies as vektah/gqlparser's Go structs run
 * through encoding/json, and reads AST operands back the same way. This file
 * describes those structs (field name and Go type) so both directions give
 * the same objects: every field present with its zero value, then pruned as
 * OPA prunes them.
 */
type FieldType = 'string' | 'bool' | 'int' | 'strings' | 'selections' | `list:${string}` | `ptr:${string}`;

export type StructName = keyof typeof STRUCTS;

const VALUE_FIELDS = { Raw: 'string', Children: 'list:ChildValue', Kind: 'int' } as const;
const DIRECTIVES = 'list:Directive' as const;

const STRUCTS = {
  QueryDocument: { Operations: 'list:Operation', Fragments: 'list:Fragment' },
  Operation: { Operation: 'string', Name: 'string', VariableDefinitions: 'list:VariableDefinition', Directives: DIRECTIVES, SelectionSet: 'selections' },
  Fragment: { Name: 'string', VariableDefinition: 'list:VariableDefinition', TypeCondition: 'string', Directives: DIRECTIVES, SelectionSet: 'selections' },
  VariableDefinition: { Variable: 'string', Type: 'ptr:Type', DefaultValue: 'ptr:Value', Directives: DIRECTIVES, Used: 'bool' },
  Field: { Alias: 'string', Name: 'string', Arguments: 'list:Argument', Directives: DIRECTIVES, SelectionSet: 'selections' },
  InlineFragment: { TypeCondition: 'string', Directives: DIRECTIVES, SelectionSet: 'selections' },
  FragmentSpread: { Name: 'string', Directives: DIRECTIVES },
  Argument: { Name: 'string', Value: 'ptr:Value' },
  Directive: { Name: 'string', Arguments: 'list:Argument', Location: 'string' },
  Value: VALUE_FIELDS,
  ChildValue: { Name: 'string', Value: 'ptr:Value' },
  Type: { NamedType: 'string', Elem: 'ptr:Type', NonNull: 'bool' },
  SchemaDocument: {
    Schema: 'list:SchemaDefinition', SchemaExtension: 'list:SchemaDefinition', Directives: 'list:DirectiveDefinition',
    Definitions: 'list:Definition', Extensions: 'list:Definition',
  },
  SchemaDefinition: { Description: 'string', Directives: DIRECTIVES, OperationTypes: 'list:OperationType' },
  OperationType: { Operation: 'string', Type: 'string' },
  DirectiveDefinition: { Description: 'string', Name: 'string', Arguments: 'list:ArgumentDefinition', Locations: 'strings', IsRepeatable: 'bool' },
  Definition: {
    Kind: 'string', Description: 'string', Name: 'string', Directives: DIRECTIVES, Interfaces: 'strings',
    Fields: 'list:FieldDefinition', Types: 'strings', EnumValues: 'list:EnumValueDefinition', BuiltIn: 'bool',
  },
  FieldDefinition: { Description: 'string', Name: 'string', Arguments: 'list:ArgumentDefinition', DefaultValue: 'ptr:Value', Type: 'ptr:Type', Directives: DIRECTIVES },
  ArgumentDefinition: { Description: 'string', Name: 'string', DefaultValue: 'ptr:Value', Type: 'ptr:Type', Directives: DIRECTIVES },
  EnumValueDefinition: { Description: 'string', Name: 'string', Directives: DIRECTIVES },
} satisfies Record<string, Record<string, FieldType>>;

/** gqlparser's ast.ValueKind numbering, as it appears in the JSON. */
export const VALUE_KIND = { Variable: 0, Int: 1, Float: 2, String: 3, Block: 4, Boolean: 5, Null: 6, Enum: 7, List: 8, Object: 9 } as const;

/** A struct with every field, keyed as in Go, in field order. */
export function struct(name: StructName, fields: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(STRUCTS[name])) out[key] = fields[key] ?? null;
  return out;
}

/**
 * encoding/json's reading of a JSON value into a struct: unknown keys are
 * ignored, missing ones keep the zero value, a mistyped one is an error.
 */
export function decode(name: StructName, v: unknown): JsonObject | null {
  if (v === null) return null;
  if (!isObject(v)) fail(`cannot unmarshal into ${name}`);
  const spec: Record<string, FieldType> = STRUCTS[name];
  const out: JsonObject = {};
  for (const [key, type] of Object.entries(spec)) out[key] = decodeField(type, v[key]);
  return out;
}

function decodeField(type: FieldType, v: unknown): unknown {
  if (type === 'string') return v === undefined || v === null ? '' : typeof v === 'string' ? v : fail('expected string');
  if (type === 'bool') return v === undefined || v === null ? false : typeof v === 'boolean' ? v : fail('expected bool');
  if (type === 'int') return v === undefined || v === null ? 0 : Number.isInteger(v) ? v : fail('expected int');
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v) && !type.startsWith('ptr:')) fail('expected array');
  if (type === 'strings') return (v as unknown[]).map((s) => decodeField('string', s));
  if (type === 'selections') return (v as unknown[]).filter(isObject).map((s) => decode('Field', s));
  const [kind, target] = type.split(':') as ['list' | 'ptr', StructName];
  return kind === 'ptr' ? decode(target, v) : (v as unknown[]).map((x) => decode(target, x));
}

/**
 * OPA's clean-up of the AST before returning it: "Position" keys, nulls and
 * (after pruning) empty arrays and objects go; empty strings and false stay.
 */
export function prune(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(prune).filter(kept);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const [key, x] of Object.entries(v)) {
    if (key === 'Position') continue;
    const pruned = prune(x);
    if (kept(pruned)) out[key] = pruned;
  }
  return out;
}

function kept(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (Array.isArray(v)) return v.length > 0;
  return !isObject(v) || Object.keys(v).length > 0;
}
