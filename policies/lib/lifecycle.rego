# Deny by default; the protocol's own plumbing is allowed. Requests need an allow rule: these
# cover session set-up, liveness and discovery, in each direction. Notifications and responses
# need none (they pass unless a deny rule matches). Extra methods come from
# data.config.lifecycle.client_methods and .server_methods.
package mcp.lib.lifecycle

import rego.v1

import data.mcp.lib.settings

base_client_methods := {
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

# Sampling and elicitation let a server drive the client's model or user: see server_requests.rego.
base_server_methods := {"ping", "roots/list"}

client_methods := base_client_methods | {method | some method in settings.get(["lifecycle", "client_methods"], [])}

server_methods := base_server_methods | {method | some method in settings.get(["lifecycle", "server_methods"], [])}

request(direction) if {
	input.direction == direction
	input.kind == "request"
}

allowed if {
	request("client_to_server")
	input.method in client_methods
}

allowed if {
	request("server_to_client")
	input.method in server_methods
}
