# Input documents shaped as docs/policy-contract.md describes them, shared by the tests.
package mcp.lib.fixtures

import rego.v1

session := {
	"id": "s-1",
	"transport": "stdio",
	"protocol_version": "2025-06-18",
	"client": {"name": "test-client", "version": "1.0.0"},
	"server": {"name": "demo", "version": "1.0.0"},
}

principal := {"id": "alice", "authenticated_by": "os_user", "claims": {}, "roles": []}

# Wednesday 2025-01-01, 00:00 UTC.
now := {"rfc3339": "2025-01-01T00:00:00.000Z", "ns": 1735689600000000000}

message(direction, kind, method) := {
	"direction": direction,
	"kind": kind,
	"method": method,
	"id": 1,
	"params": {},
	"session": session,
	"principal": principal,
	"upstream": "demo",
	"time": now,
}

request(direction, method, params) := object.union(message(direction, "request", method), {"params": params})

notification(direction, method) := object.union(message(direction, "notification", method), {"id": null})

response(method, result) := object.union(message("server_to_client", "response", method), {"result": result})

error_response(method, error) := object.union(message("server_to_client", "error", method), {"error": error})

tool(name, annotations) := {
	"name": name,
	"server": "demo",
	"known": true,
	"hash": "h1",
	"first_hash": "h1",
	"first_seen": "2025-01-01T00:00:00.000Z",
	"changed": false,
	"approved": true,
	"changed_since_approval": false,
	"annotations": annotations,
}

# warden checks a call's arguments against the tool's inputSchema; these match.
call(name, arguments) := object.union(
	request("client_to_server", "tools/call", {"name": name, "arguments": arguments}),
	{"tool": object.union(tool(name, {}), {"arguments_valid": true, "argument_errors": []})},
)

# The probe warden makes for tools/list: no arguments, input.listing set.
probe(name) := object.union(request("client_to_server", "tools/call", {"name": name}), {"tool": tool(name, {}), "listing": true})

test_fixtures_follow_the_contract if {
	call("t", {}).params == {"name": "t", "arguments": {}}
	notification("client_to_server", "notifications/initialized").id == null
	response("tools/call", {"content": []}).kind == "response"
	probe("t").listing
}
