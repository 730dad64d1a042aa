# Deny by default; the protocol's own plumbing is allowed. Requests need an allow rule: these
# cover session set-up, liveness and discovery, in each direction. Notifications and responses
# need none (they pass unless a deny rule matches). Extra methods come from
# data.config.lifecycle.client_methods and .server_methods.
package mcp.lib.lifecycle

import rego.v1

import data.mcp.lib.settings

# The built-in methods come before the configured ones, so the common path makes no calls (tool
# listing evaluates this once per listed tool).
# Sampling and elicitation let a server drive the client's model or user: see server_requests.rego.
allowed if {
	input.direction == "client_to_server"
	input.kind == "request"
	input.method in {
		"initialize",
		"ping",
		"tools/list",
		"prompts/list",
		"prompts/get",
		"resources/list",
		"resources/templates/list",
		"resources/read",
		"completion/complete",
		"logging/setLevel",
	}
}

allowed if {
	input.direction == "client_to_server"
	input.kind == "request"
	input.method in settings.get(["lifecycle", "client_methods"], [])
}

allowed if {
	input.direction == "server_to_client"
	input.kind == "request"
	input.method in {"ping", "roots/list"}
}

allowed if {
	input.direction == "server_to_client"
	input.kind == "request"
	input.method in settings.get(["lifecycle", "server_methods"], [])
}
