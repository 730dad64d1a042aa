import { fail, type JsonObject } from './args.js';
import { preludeDocument } from './graphql-prelude.js';
import { items, ptr, text } from './graphql-to-js.js';

/**
 * gqlparser's schema loading (validator.ValidateSchemaDocument): the prelude
 * and the given SchemaDocument are merged, extensions are folded into their
 * types (creating the type when there is none, which federated schemas rely
 * on), and a fixed set of checks runs. Its rules are looser than graphql-js's
 * schema validation in places (e.g. arguments and enum values are not checked
 * for duplicates) and stricter in others, so they are reproduced here.
 */
export interface SchemaModel {
  types: Map<string, JsonObject>;
  directives: Map<string, JsonObject>;
  roots: Map<string, string>;
  /** The directive definitions that came from the prelude (graphql-js has its own). */
  builtinDirectives: Set<JsonObject>;
}

type Def = JsonObject;

const ROOT_OPERATIONS = ['query', 'mutation', 'subscription'];
const BUILTIN_DIRECTIVES = new Set(['include', 'skip', 'deprecated', 'specifiedBy']);

/** Loads a decoded SchemaDocument, which is left as it was (extensions are folded into a copy). */
export function loadSchema(given: JsonObject): SchemaModel {
  const doc = structuredClone(given);
  const prelude = preludeDocument();
  const merged = (key: string): Def[] => [...items(prelude, key), ...items(doc, key)];
  const model: SchemaModel = { types: new Map(), directives: new Map(), roots: new Map(), builtinDirectives: new Set(items(prelude, 'Directives')) };
  for (const def of merged('Definitions')) {
    if (model.types.has(text(def, 'Name'))) fail(`Cannot redeclare type ${text(def, 'Name')}`);
    model.types.set(text(def, 'Name'), def);
  }
  for (const ext of merged('Extensions')) extend(model, ext);
  for (const dir of merged('Directives')) {
    if (model.directives.has(text(dir, 'Name')) && !BUILTIN_DIRECTIVES.has(text(dir, 'Name'))) fail(`Cannot redeclare directive ${text(dir, 'Name')}`);
    model.directives.set(text(dir, 'Name'), dir);
  }
  const schemas = merged('Schema');
  if (schemas.length > 1) fail('Cannot have multiple schema entry points');
  for (const schema of [...schemas, ...merged('SchemaExtension')]) setRoots(model, schema);
  const possible = possibleTypes(model);
  for (const name of [...model.types.keys()].sort()) checkDefinition(model, possible, model.types.get(name) as Def);
  for (const name of [...model.directives.keys()].sort()) checkDirectiveDefinition(model, model.directives.get(name) as Def);
  if (schemas.length === 0) {
    for (const op of ROOT_OPERATIONS) {
      const byName = op[0].toUpperCase() + op.slice(1);
      if (!model.roots.has(op) && model.types.has(byName)) model.roots.set(op, byName);
    }
  }
  return model;
}

function extend(model: SchemaModel, ext: Def): void {
  const name = text(ext, 'Name');
  let def = model.types.get(name);
  if (def === undefined) {
    def = { Kind: ext.Kind, Name: name, Description: '', BuiltIn: false, Directives: null, Interfaces: null, Fields: null, Types: null, EnumValues: null };
    model.types.set(name, def);
  }
  if (def.Kind !== ext.Kind) fail(`Cannot extend type ${name} because the base type is a ${String(def.Kind)}, not ${String(ext.Kind)}`);
  for (const key of ['Directives', 'Interfaces', 'Fields', 'Types', 'EnumValues']) {
    def[key] = [...((def[key] ?? []) as unknown[]), ...((ext[key] ?? []) as unknown[])];
  }
}

function setRoots(model: SchemaModel, schema: Def): void {
  for (const entry of items(schema, 'OperationTypes')) {
    if (!model.types.has(text(entry, 'Type'))) fail(`Schema root ${text(entry, 'Operation')} refers to a type that does not exist`);
    if (ROOT_OPERATIONS.includes(text(entry, 'Operation'))) model.roots.set(text(entry, 'Operation'), text(entry, 'Type'));
  }
}

/** For each interface or union, the names of the types that may stand for it (used for covariance). */
function possibleTypes(model: SchemaModel): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (name: string, member: string): void => {
    out.set(name, (out.get(name) ?? new Set()).add(member));
  };
  for (const def of model.types.values()) {
    const name = text(def, 'Name');
    if (def.Kind === 'UNION') for (const t of strings(def, 'Types')) add(name, t);
    if (['OBJECT', 'INPUT_OBJECT', 'INTERFACE'].includes(def.Kind as string)) for (const i of strings(def, 'Interfaces')) add(i, name);
    if (def.Kind === 'OBJECT' || def.Kind === 'INPUT_OBJECT') add(name, name);
  }
  return out;
}

function strings(o: JsonObject, key: string): string[] {
  return (o[key] ?? []) as string[];
}

/** The name inside any list and non-null wrappers. */
export function typeName(t: JsonObject): string {
  return t.Elem === null ? text(t, 'NamedType') : typeName(ptr(t, 'Elem'));
}

function checkName(name: string): void {
  if (name.startsWith('__')) fail(`Name "${name}" must not begin with "__"`);
}

function checkTypeRef(model: SchemaModel, t: JsonObject): Def {
  return model.types.get(typeName(t)) ?? fail(`Undefined type ${typeName(t)}`);
}

const OUTPUT_KINDS = ['SCALAR', 'OBJECT', 'INTERFACE', 'UNION', 'ENUM'];
const INPUT_KINDS = ['SCALAR', 'ENUM', 'INPUT_OBJECT'];

function checkDefinition(model: SchemaModel, possible: Map<string, Set<string>>, def: Def): void {
  const fields = items(def, 'Fields');
  for (const field of fields) {
    checkName(text(field, 'Name'));
    checkTypeRef(model, ptr(field, 'Type'));
    checkArguments(model, items(field, 'Arguments'), undefined);
    checkDirectives(model, items(field, 'Directives'), def.Kind === 'INPUT_OBJECT' ? 'INPUT_FIELD_DEFINITION' : 'FIELD_DEFINITION', undefined);
  }
  for (const member of strings(def, 'Types')) {
    if (model.types.get(member)?.Kind !== 'OBJECT') fail(`union member ${member} must be an OBJECT`);
  }
  for (const intf of strings(def, 'Interfaces')) checkImplements(model, possible, def, intf);
  checkKindRules(model, def, fields);
  const names = fields.map((f) => text(f, 'Name'));
  if (new Set(names).size !== names.length) fail(`Field of ${text(def, 'Name')} defined twice`);
  if (def.BuiltIn !== true) checkName(text(def, 'Name'));
  checkDirectives(model, items(def, 'Directives'), text(def, 'Kind'), undefined);
}

function checkKindRules(model: SchemaModel, def: Def, fields: JsonObject[]): void {
  const allowed = def.Kind === 'INPUT_OBJECT' ? INPUT_KINDS : OUTPUT_KINDS;
  if (['OBJECT', 'INTERFACE', 'INPUT_OBJECT'].includes(def.Kind as string)) {
    if (fields.length === 0) fail(`${String(def.Kind)} ${text(def, 'Name')} must define one or more fields`);
    for (const field of fields) {
      const kind = model.types.get(typeName(ptr(field, 'Type')))?.Kind;
      if (kind !== undefined && !allowed.includes(kind as string)) fail(`field ${text(field, 'Name')} has a type of the wrong kind`);
    }
  }
  if (def.Kind === 'ENUM') {
    const values = items(def, 'EnumValues');
    if (values.length === 0) fail(`ENUM ${text(def, 'Name')} must define one or more unique enum values`);
    if (values.some((v) => ['true', 'false', 'null'].includes(text(v, 'Name')))) fail('non-enum value');
  }
}

function checkArguments(model: SchemaModel, args: JsonObject[], directive: Def | undefined): void {
  for (const arg of args) {
    checkName(text(arg, 'Name'));
    const def = checkTypeRef(model, ptr(arg, 'Type'));
    if (!INPUT_KINDS.includes(def.Kind as string)) fail(`argument ${text(arg, 'Name')} is not of an input type`);
    checkDirectives(model, items(arg, 'Directives'), 'ARGUMENT_DEFINITION', directive);
  }
}

function checkDirectives(model: SchemaModel, dirs: JsonObject[], location: string, current: Def | undefined): void {
  for (const dir of dirs) {
    const name = text(dir, 'Name');
    checkName(name);
    if (current !== undefined && name === text(current, 'Name')) fail(`Directive ${name} cannot refer to itself`);
    const def = model.directives.get(name) ?? fail(`Undefined directive ${name}`);
    if (!strings(def, 'Locations').includes(location)) fail(`Directive ${name} is not applicable on ${location}`);
  }
}

function checkDirectiveDefinition(model: SchemaModel, dir: Def): void {
  checkName(text(dir, 'Name'));
  checkArguments(model, items(dir, 'Arguments'), dir);
}

function checkImplements(model: SchemaModel, possible: Map<string, Set<string>>, def: Def, intfName: string): void {
  const intf = model.types.get(intfName) ?? fail(`Undefined type ${intfName}`);
  if (intf.Kind !== 'INTERFACE') fail(`${intfName} is a non interface type`);
  const fields = items(def, 'Fields');
  for (const required of items(intf, 'Fields')) {
    const found = fields.find((f) => f.Name === required.Name) ?? fail(`${text(def, 'Name')} lacks field ${text(required, 'Name')}`);
    if (!covariant(possible, ptr(required, 'Type'), ptr(found, 'Type'))) fail(`field ${text(found, 'Name')} has the wrong type`);
    checkImplementedArguments(items(required, 'Arguments'), items(found, 'Arguments'));
  }
  for (const transitive of strings(intf, 'Interfaces')) {
    if (!strings(def, 'Interfaces').includes(transitive)) fail(`${text(def, 'Name')} must implement ${transitive}`);
  }
}

function checkImplementedArguments(required: JsonObject[], found: JsonObject[]): void {
  for (const arg of required) {
    const match = found.find((a) => a.Name === arg.Name) ?? fail(`missing argument ${text(arg, 'Name')}`);
    if (!compatible(ptr(arg, 'Type'), ptr(match, 'Type'))) fail(`argument ${text(arg, 'Name')} has the wrong type`);
  }
  for (const extra of found) {
    const optional = ptr(extra, 'Type').NonNull !== true || extra.DefaultValue !== null;
    if (!required.some((a) => a.Name === extra.Name) && !optional) fail(`additional argument ${text(extra, 'Name')} is required`);
  }
}

function covariant(possible: Map<string, Set<string>>, required: JsonObject, actual: JsonObject): boolean {
  if (required.NonNull === true && actual.NonNull !== true) return false;
  if (required.NamedType !== '') {
    return required.NamedType === actual.NamedType || (possible.get(text(required, 'NamedType'))?.has(text(actual, 'NamedType')) ?? false);
  }
  if (actual.Elem === null) return false;
  return covariant(possible, ptr(required, 'Elem'), ptr(actual, 'Elem'));
}

/** gqlparser's Type.IsCompatible: same shape, and the implementation may not be stricter about null. */
function compatible(t: JsonObject, other: JsonObject): boolean {
  if (t.NamedType !== other.NamedType) return false;
  if (t.Elem !== null && (other.Elem === null || !compatible(ptr(t, 'Elem'), ptr(other, 'Elem')))) return false;
  return other.NonNull !== true || t.NonNull === true;
}
