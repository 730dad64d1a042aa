package mcp.lib.pinning_test

import rego.v1

import data.mcp.lib.fixtures
import data.mcp.lib.pinning

with_tool(name, hash, changed) := object.union(fixtures.call(name, {}), {"tool": {"hash": hash, "first_hash": "h1", "changed": changed}})

approved := {"pinning": {"approved": {"read_file": ["h1", "h2"]}}}

test_unchanged_tool_passes if {
	count(pinning.blocks) == 0 with input as with_tool("read_file", "h1", false) with data.config as {}
}

test_changed_tool_blocked if {
	pinning.blocks == {"tool read_file changed since it was first listed"} with input as with_tool("read_file", "h2", true) with data.config as {}
}

test_approved_hash_readmits_a_changed_tool if {
	count(pinning.blocks) == 0 with input as with_tool("read_file", "h2", true) with data.config as approved
}

test_unapproved_hash_blocked if {
	pinning.blocks == {"tool read_file is not in an approved definition"} with input as with_tool("read_file", "h3", true) with data.config as approved
	pinning.blocks == {"tool read_file is not in an approved definition"} with input as with_tool("read_file", "h3", false) with data.config as approved
}

test_unknown_tool_with_approvals_blocked if {
	unknown := object.remove(fixtures.call("read_file", {}), ["tool"])
	pinning.blocks == {"tool read_file is not in an approved definition"} with input as unknown with data.config as approved
}

test_require_approval if {
	config := object.union(approved, {"pinning": {"require_approval": true}})
	pinning.blocks == {"tool write_file has no approved definition"} with input as with_tool("write_file", "h1", false) with data.config as config
	count(pinning.blocks) == 0 with input as with_tool("read_file", "h1", false) with data.config as config
}

test_only_tool_calls if {
	msg := object.union(fixtures.response("tools/call", {}), {"params": {"name": "read_file"}, "tool": {"changed": true}})
	count(pinning.blocks) == 0 with input as msg with data.config as {}
}
