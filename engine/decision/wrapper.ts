/**
 * The Rego module the warden compiles together with the user's modules. Its single rule
 * `data.warden.decision.result` is the only entrypoint, so each message costs one evaluation.
 *
 * User rules are copied through raw (not coerced to booleans or sets) so a mistyped rule such as
 * `deny if ...` reaches the schema check and denies, instead of silently meaning "no reasons".
 * Tool listing is decided by probing each listed tool as if it were being called with no
 * arguments (`input.listing == true`), unless the policy defines `visible_tools` itself: a tool is
 * visible when `data.mcp.allow` is true and no `deny` definition that decides from the tool alone
 * (LISTING_DENY, derived by the compiler) fires. Other deny definitions may look at arguments,
 * which a probe does not have, so they cannot hide a tool.
 */
export const WRAPPER_FILE = '(mcp-warden)/warden_decision.rego';
export const DECISION_ENTRYPOINT = 'warden/decision/result';
/** The package whose rules the wrapper reads (`data.mcp.allow`, `data.mcp.deny`, ...). */
export const POLICY_PACKAGE = 'mcp';
/** User modules may not define rules under this package: the wrapper owns it. */
export const RESERVED_PACKAGE = 'warden';

/**
 * The compiler option (CompileOptions.inputBounded) that derives `data.warden.listing.deny`: the
 * definitions of `data.mcp.deny` that read only input a tools/call of one tool fixes before its
 * arguments are known. Compiled without it, listing consults `allow` alone.
 */
export const LISTING_DENY = {
  from: 'mcp/deny',
  to: `${RESERVED_PACKAGE}/listing/deny`,
  inputPaths: [['direction'], ['kind'], ['method'], ['params', 'name'], ['tool'], ['principal'], ['session'], ['upstream'], ['time'], ['listing']],
} as const;

export const WRAPPER_SOURCE = `package warden.decision

import rego.v1

default allow := false

allow := data.mcp.allow

default deny := []

deny := data.mcp.deny

default redactions := []

redactions := data.mcp.redactions

default route := null

route := data.mcp.route

default retry := false

retry := data.mcp.retry

default visible_tools := null

visible_tools := data.mcp.visible_tools if listing_response

visible_tools := probed_tools if {
	listing_response
	not policy_lists_tools
}

# A visible_tools the policy got wrong (not a set or array of names) is in every message's
# document, so it fails the schema and denies every message, as a wrong route or retry does,
# and not only the listings it would shape.
visible_tools := data.mcp.visible_tools if {
	not listing_response
	not names(data.mcp.visible_tools)
}

names(v) if {
	is_set(v)
	every name in v {
		is_string(name)
	}
}

names(v) if {
	is_array(v)
	every name in v {
		is_string(name)
	}
}

listing_response if {
	input.direction == "server_to_client"
	input.kind == "response"
	input.method == "tools/list"
}

policy_lists_tools if {
	_ := data.mcp.visible_tools
}

probed_tools contains name if {
	some tool in input.result.tools
	name := tool.name
	is_string(name)
	probe := probe_input(name)
	data.mcp.allow == true with input as probe
	not listing_denied with input as probe
}

listing_denied if {
	some _ in data.${LISTING_DENY.to.replaceAll('/', '.')}
}

probe_input(name) := {
	"direction": "client_to_server",
	"kind": "request",
	"method": "tools/call",
	"id": null,
	"params": {"name": name},
	"tool": input.tools[name],
	"listing": true,
	"session": input.session,
	"principal": input.principal,
	"upstream": input.upstream,
	"time": input.time,
}

result := {
	"allow": allow,
	"deny": deny,
	"visible_tools": visible_tools,
	"redactions": redactions,
	"route": route,
	"retry": retry,
}
`;
