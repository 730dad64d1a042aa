package mcp_test

import rego.v1

import data.mcp

session := {
	"id": "s-1",
	"transport": "stdio",
	"protocol_version": "2025-06-18",
	"client": {"name": "test-client", "version": "1.0.0"},
	"server": {"name": "demo", "version": "1.0.0"},
}

principal := {"id": "alice", "authenticated_by": "os_user", "claims": {}, "roles": []}

now := {"rfc3339": "2025-01-01T00:00:00.000Z", "ns": 1735689600000000000}

config := {
	"read_only_tools": ["list_files", "read_file"],
	"write_prefixes": ["/tmp/sandbox/"],
	"allowed_commands": ["ls", "echo"],
}

request(direction, method, params) := {
	"direction": direction,
	"kind": "request",
	"method": method,
	"id": 1,
	"params": params,
	"session": session,
	"principal": principal,
	"upstream": "demo",
	"time": now,
}

tool(name, annotations, changed) := {
	"name": name,
	"server": "demo",
	"known": true,
	"hash": "h2",
	"first_hash": "h1",
	"first_seen": "2025-01-01T00:00:00.000Z",
	"changed": changed,
	"annotations": annotations,
}

call(name, arguments) := object.union(
	request("client_to_server", "tools/call", {"name": name, "arguments": arguments}),
	{"tool": tool(name, {}, false)},
)

allowed(msg) if {
	mcp.allow with input as msg with data.config as config
	count(mcp.deny) == 0 with input as msg with data.config as config
}

denied_with(msg, reason) if {
	reason in mcp.deny with input as msg with data.config as config
}

test_initialize_allowed if {
	allowed(request("client_to_server", "initialize", {"protocolVersion": "2025-06-18"}))
}

test_list_methods_allowed if {
	every method in ["ping", "tools/list", "prompts/list", "resources/list"] {
		allowed(request("client_to_server", method, {}))
	}
}

test_unknown_method_not_allowed if {
	not mcp.allow with input as request("client_to_server", "admin/shutdown", {})
}

test_notifications_pass if {
	msg := {
		"direction": "client_to_server", "kind": "notification", "method": "notifications/initialized",
		"id": null, "params": {}, "session": session, "principal": principal, "upstream": "demo", "time": now,
	}
	count(mcp.deny) == 0 with input as msg
}

test_server_ping_allowed if {
	allowed(request("server_to_client", "ping", {}))
}

test_server_sampling_not_allowed if {
	not mcp.allow with input as request("server_to_client", "sampling/createMessage", {})
}

test_read_only_annotation_allowed if {
	msg := object.union(call("lookup", {"q": "x"}), {"tool": tool("lookup", {"readOnlyHint": true}, false)})
	allowed(msg)
}

test_read_only_by_name_allowed if {
	allowed(call("read_file", {"path": "/etc/hosts"}))
}

test_unlisted_tool_not_allowed if {
	not mcp.allow with input as call("delete_everything", {}) with data.config as config
}

test_changed_tool_denied if {
	msg := object.union(call("read_file", {"path": "/etc/hosts"}), {"tool": tool("read_file", {}, true)})
	not mcp.allow with input as msg with data.config as config
	denied_with(msg, "tool read_file changed since it was first listed")
}

test_write_inside_prefix_allowed if {
	allowed(call("write_file", {"path": "/tmp/sandbox/notes.txt", "content": "hi"}))
}

test_write_outside_prefix_denied if {
	denied_with(call("write_file", {"path": "/etc/passwd", "content": "x"}), "write_file: path must be below one of: /tmp/sandbox/")
}

test_write_traversal_denied if {
	denied_with(
		call("write_file", {"path": "/tmp/sandbox/../../etc/passwd", "content": "x"}),
		"write_file: path must be below one of: /tmp/sandbox/",
	)
}

test_write_without_path_denied if {
	denied_with(call("write_file", {"content": "x"}), "write_file: path must be a string")
}

test_run_allowed_command if {
	allowed(call("run_command", {"command": "ls -la"}))
}

test_run_other_command_denied if {
	denied_with(call("run_command", {"command": "rm -rf /"}), "run_command: only these commands are allowed: ls, echo")
}

test_run_metacharacters_denied if {
	denied_with(call("run_command", {"command": "ls; rm -rf /"}), "run_command: shell metacharacters are not allowed")
}

test_secret_in_arguments_denied if {
	msg := call("write_file", {"path": "/tmp/sandbox/k", "content": "AKIAIOSFODNN7EXAMPLE"})
	denied_with(msg, "tool arguments contain a secret (AWS access key id)")
}

test_listing_probe_shows_argument_checked_tools if {
	probe := object.union(call("write_file", {}), {"listing": true, "params": {"name": "write_file"}})
	mcp.allow with input as probe with data.config as config
}

test_secret_in_result_redacted if {
	msg := {
		"direction": "server_to_client", "kind": "response", "method": "tools/call", "id": 1,
		"result": {"content": [{"type": "text", "text": "ok"}, {"type": "text", "text": "-----BEGIN RSA PRIVATE KEY-----"}]},
		"session": session, "principal": principal, "upstream": "demo", "time": now,
	}
	mcp.redactions == {["content", 1, "text"]} with input as msg
}
