/**
 * Turns a failing case's raw outcome into the reason recorded in exceptions.yaml: a short
 * explanation of the known gap first, then the observed outcome.
 */
type Explain = (m: RegExpMatchArray) => string;

const BY_OUTCOME: Array<[RegExp, Explain]> = [
  [/built-in function \d+: net\.lookup_ip_addr/, () => 'net.lookup_ip_addr is deliberately not provided: a DNS lookup inside a decision would make decisions depend on the network and stall the proxy'],
  [/built-in function \d+: http\.send/, () => 'http.send is deliberately not provided: a request inside a decision would make decisions depend on the network and stall the proxy (OPA checks the request\'s parameters before sending, which is what this case expects)'],
  [/not implemented: built-in function \d+: (\S+)/, (m) => `builtin ${m[1]} is not implemented`],
  [/undefined function test\.sleep/, () => 'test.sleep exists only in OPA\'s own test harness'],
  [/rego\.parse_module: .*rego_parse_error/, () => 'our Rego parser words its syntax errors its own way, not as OPA\'s parser does (which rego.parse_module reports)'],
];

const BY_NOTE: Array<[RegExp, string]> = [
  [/^reachable_paths\/cycle_1022_3$/, 'the expected paths reflect an older OPA whose graph.reachable_paths cut sibling branches short (later fixed upstream); mcp-warden never revisits a node on the same path but explores every branch'],
  [/^(jsonpatch\/set-|netcidrcontainsmatches\/sets|providers-aws-sign_req\/.*body)/,
    'host builtins receive and return sets as JSON arrays (the official SDK passes values as JSON), so set semantics are lost at the host boundary'],
  [/^time\/format$/, 'integers beyond 2^53 (nanosecond timestamps) lose precision crossing the SDK\'s JSON boundary to host builtins'],
  [/^data\/(toplevel|nested) integer$/, 'integer keys in data (OPA issue 3711; OPA\'s own wasm target fails these too)'],
];

export function reasonFor(note: string, raw: string): string {
  for (const [pattern, explanation] of BY_NOTE) if (pattern.test(note)) return `${explanation}; observed: ${raw}`;
  for (const [pattern, explain] of BY_OUTCOME) {
    const m = raw.match(pattern);
    if (m) return `${explain(m)}; observed: ${raw}`;
  }
  return raw;
}
