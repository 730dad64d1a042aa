/**
 * METADATA `schemas:` annotations, as OPA applies them when type-checking a rule: each entry gives
 * a document path (`input`, `input.x.y`) a JSON Schema, named (`schema.name`, resolved against the
 * compile option `schemas`, and not applied without it) or inline. Entries apply from the widest
 * scope to the narrowest, so a nearer one wins: subpackages (outer packages first), package, document, then rule. A path below
 * `input` replaces that part of input's type, which stays open around it.
 *
 * An entry on a `data` path (`data.roles: schema.roles`) types refs under that path, whether base
 * data or rules are there, as OPA's checker does; elsewhere base data stays `any`.
 */
import type { Location, Rule } from '../ast.js';
import { DiagnosticCode, diagnostic, type Diagnostic } from '../diagnostics.js';
import { ANY, STRING, objectOf, type Type } from './model.js';
import { schemaType } from './schema.js';

type RefPart = { type: string; value: string };
interface Entry { path: RefPart[]; schema?: RefPart[]; definition?: unknown }

/** A package's annotations, with the package's path under data. */
export interface PackageAnnotations { path: string[]; annotations?: Record<string, unknown> }

export interface SchemaScopes {
  packages: readonly PackageAnnotations[];
  /**
   * Named schemas (`schema.a.b` is "a.b"). Undefined when none were given (no `--schema`): then,
   * as in OPA, an annotation naming one is not applied, and is no error; inline schemas still are.
   */
  schemas: Readonly<Record<string, unknown>> | undefined;
}

/** A schema given to a path under data (`path` leaves out the `data` head). */
export interface DataSchema { path: string[]; type: Type }

/** The documents' types a rule is checked with. */
export interface AnnotatedTypes { input: Type; data: DataSchema[] }

export class AnnotatedInput {
  private readonly converted = new Map<unknown, Type>();
  /** Per rule group (its rule list): the entries of its document-scope annotations, found once. */
  private readonly documentEntries = new WeakMap<readonly Rule[], Entry[]>();

  constructor(private readonly scopes: SchemaScopes, private readonly report: (d: Diagnostic) => void) {}

  /**
   * `base` (the package's input type) with the `input` entries that reach `rule` applied, and the
   * `data` entries, widest scope first.
   */
  documentTypes(base: Type, pkg: string[], rule: Rule, documentRules: readonly Rule[]): AnnotatedTypes {
    let input = base;
    const data: DataSchema[] = [];
    for (const entry of this.entries(pkg, rule, documentRules)) {
      const schema = this.resolve(entry, rule.loc);
      if (schema === undefined) continue;
      const path = entry.path.slice(1).map((p) => p.value);
      if (entry.path[0]!.value === 'input') input = upsert(input, path, schema);
      else if (entry.path[0]!.value === 'data' && path.length > 0) data.push({ path, type: schema });
    }
    return { input, data };
  }

  private entries(pkg: string[], rule: Rule, documentRules: readonly Rule[]): Entry[] {
    const out: Entry[] = [];
    const outerFirst = [...this.scopes.packages].sort((a, b) => a.path.length - b.path.length);
    for (const p of outerFirst) {
      const scope = p.annotations?.scope;
      const below = p.path.length <= pkg.length && p.path.every((seg, i) => seg === pkg[i]);
      if (scope === 'subpackages' && below) out.push(...schemasOf(p.annotations));
    }
    for (const p of this.scopes.packages) {
      if (p.annotations?.scope === 'package' && samePath(p.path, pkg)) out.push(...schemasOf(p.annotations));
    }
    out.push(...this.documentScoped(documentRules));
    if (rule.annotations?.scope === 'rule') out.push(...schemasOf(rule.annotations));
    return out;
  }

  private documentScoped(documentRules: readonly Rule[]): Entry[] {
    let entries = this.documentEntries.get(documentRules);
    if (!entries) {
      entries = documentRules.flatMap((r) => (r.annotations?.scope === 'document' ? schemasOf(r.annotations) : []));
      this.documentEntries.set(documentRules, entries);
    }
    return entries;
  }

  private resolve(entry: Entry, loc: Location): Type | undefined {
    if (entry.definition !== undefined) return this.convert(entry.definition);
    if (this.scopes.schemas === undefined) return undefined;
    const name = entry.schema!.slice(1).map((p) => p.value).join('.');
    const schema = this.scopes.schemas[name];
    if (schema === undefined) {
      this.report(diagnostic(DiagnosticCode.type, `undefined schema: ${schemaRefString(entry.schema!)}`, loc));
      return undefined;
    }
    return this.convert(schema);
  }

  private convert(schema: unknown): Type {
    let t = this.converted.get(schema);
    if (!t) {
      t = schemaType(schema);
      this.converted.set(schema, t);
    }
    return t;
  }
}

function samePath(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((seg, i) => seg === b[i]);
}

function schemasOf(annotations: Record<string, unknown> | undefined): Entry[] {
  const list = annotations?.schemas;
  return Array.isArray(list) ? (list as Entry[]) : [];
}

/** OPA prints the reference as written: `schema.x`, `schema["data-schema"]`. */
function schemaRefString(ref: RefPart[]): string {
  return ref.map((p, i) => (i === 0 ? p.value : /^[A-Za-z_][A-Za-z0-9_]*$/.test(p.value) ? `.${p.value}` : `[${JSON.stringify(p.value)}]`)).join('');
}

/** `t` with the value at `path` replaced by `value`; what is not an object on the way becomes one. */
function upsert(t: Type, path: string[], value: Type): Type {
  if (path.length === 0) return value;
  const [key, ...rest] = path as [string, ...string[]];
  if (t.kind !== 'object') return objectOf([{ key, value: upsert(ANY, rest, value) }], { key: STRING, value: ANY });
  const current = t.static.find((p) => p.key === key)?.value ?? ANY;
  const props = [...t.static.filter((p) => p.key !== key), { key, value: upsert(current, rest, value) }];
  return objectOf(props, t.dynamic);
}
