import { cryptoBuiltins } from './crypto.js';
import { encodingBuiltins } from './encoding.js';
import { globBuiltins } from './glob.js';
import { templateBuiltins } from './go-template.js';
import { opaRuntimeBuiltins } from './opa-runtime.js';
import { graphqlBuiltins } from './graphql.js';
import { toSdkTable, type SdkBuiltin } from './host.js';
import { httpBuiltins } from './http-send.js';
import { jsonPatchBuiltins } from './json-patch.js';
import { jsonPathBuiltins } from './json-paths.js';
import { jsonBuiltins } from './json.js';
import { jsonSchemaBuiltins } from './json-schema.js';
import { jwtBuiltins } from './jwt.js';
import { netBuiltins } from './net.js';
import { numbersBuiltins } from './numbers.js';
import { objectBuiltins } from './objects.js';
import { providersAwsBuiltins } from './providers-aws.js';
import { randBuiltins } from './rand.js';
import { regexBuiltins } from './regex.js';
import { regoBuiltins } from './rego-parse-module.js';
import { semverBuiltins } from './semver.js';
import { sprintfBuiltins } from './sprintf.js';
import { stringsBuiltins } from './strings.js';
import { timeBuiltins } from './time.js';
import { traceBuiltins } from './trace.js';
import type { BuiltinTable } from './types.js';
import { unitsBuiltins } from './units.js';
import { urlqueryBuiltins } from './urlquery.js';
import { uuidBuiltins } from './uuid.js';
import { x509Builtins } from './x509.js';
import { yamlBuiltins } from './yaml.js';

/**
 * The builtins evaluated on the host, in the shape
 * `loadPolicy(wasm, undefined, hostBuiltins)` takes. See host.ts for how the
 * SDK treats their results and errors.
 */
import { hostBuiltinName } from './names.js';

export { hostBuiltinName };

const families: BuiltinTable[] = [
  regexBuiltins, globBuiltins, sprintfBuiltins, stringsBuiltins, encodingBuiltins, urlqueryBuiltins,
  jsonBuiltins, yamlBuiltins, jsonPathBuiltins, jsonPatchBuiltins, objectBuiltins, timeBuiltins,
  cryptoBuiltins, netBuiltins, semverBuiltins, unitsBuiltins, uuidBuiltins, randBuiltins,
  jwtBuiltins, numbersBuiltins, jsonSchemaBuiltins, x509Builtins, graphqlBuiltins,
  providersAwsBuiltins, templateBuiltins, opaRuntimeBuiltins, regoBuiltins, httpBuiltins, traceBuiltins,
];

function buildTable(): Record<string, SdkBuiltin> {
  const table: Record<string, SdkBuiltin> = {};
  for (const family of families) {
    for (const [name, fn] of Object.entries(toSdkTable(family))) {
      table[name] = fn;
      table[hostBuiltinName(name)] = fn;
    }
  }
  return table;
}

export const hostBuiltins: Record<string, (...args: any[]) => unknown> = buildTable();
