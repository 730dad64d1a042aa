package mcp.lib.pinning_test

import rego.v1

import data.mcp.lib.fixtures
import data.mcp.lib.pinning

# A tools/call of a tool in definition `hash`, with what warden knows about its approval.
with_tool(name, hash, changed, approved, changed_since_approval) := object.union(fixtures.call(name, {}), {"tool": {
	"hash": hash,
	"first_hash": "h1",
	"changed": changed,
	"approved": approved,
	"changed_since_approval": changed_since_approval,
}})

approved := {"pinning": {"approved": {"read_file": ["h1", "h2"]}}}

no_quarantine := {"pinning": {"quarantine": false}}

new_reason := "tool read_file is quarantined: it is new and not approved yet (review it, then run: warden tools approve --upstream demo read_file)"

changed_reason := "tool read_file is quarantined: its definition changed since it was approved (review it, then run: warden tools approve --upstream demo read_file)"

test_approved_tool_passes if {
	count(pinning.blocks) == 0 with input as with_tool("read_file", "h1", false, true, false) with data.config as {}
}

test_new_tool_quarantined_by_default if {
	pinning.blocks == {new_reason} with input as with_tool("read_file", "h1", false, false, false) with data.config as {}
}

test_changed_since_approval_quarantined if {
	pinning.blocks == {changed_reason} with input as with_tool("read_file", "h2", true, false, true) with data.config as {}
}

test_approving_a_changed_definition_readmits_it if {
	count(pinning.blocks) == 0 with input as with_tool("read_file", "h2", true, true, false) with data.config as {}
}

test_quarantine_without_tool_metadata if {
	unknown := object.remove(fixtures.call("read_file", {}), ["tool"])
	pinning.blocks == {"tool read_file is quarantined: it is new and not approved yet (review it, then run: warden tools list)"} with input as unknown with data.config as {}
}

test_data_approved_hashes_count_as_approval if {
	count(pinning.blocks) == 0 with input as with_tool("read_file", "h2", true, false, false) with data.config as approved
}

test_unchanged_tool_passes_without_quarantine if {
	count(pinning.blocks) == 0 with input as with_tool("read_file", "h1", false, false, false) with data.config as no_quarantine
}

test_changed_tool_blocked_without_quarantine if {
	pinning.blocks == {"tool read_file changed since it was first listed"} with input as with_tool("read_file", "h2", true, false, false) with data.config as no_quarantine
	count(pinning.blocks) == 0 with input as with_tool("read_file", "h2", true, true, false) with data.config as no_quarantine
}

test_approved_hash_readmits_a_changed_tool if {
	count(pinning.blocks) == 0 with input as with_tool("read_file", "h2", true, false, false) with data.config as object.union(approved, no_quarantine)
}

test_unapproved_hash_blocked if {
	pinning.blocks == {"tool read_file is not in an approved definition"} with input as with_tool("read_file", "h3", true, false, false) with data.config as approved
	pinning.blocks == {"tool read_file is not in an approved definition"} with input as with_tool("read_file", "h3", false, true, false) with data.config as approved
}

test_unknown_tool_with_approvals_blocked if {
	unknown := object.remove(fixtures.call("read_file", {}), ["tool"])
	pinning.blocks == {"tool read_file is not in an approved definition"} with input as unknown with data.config as approved
}

test_require_approval if {
	config := object.union(approved, {"pinning": {"require_approval": true}})
	pinning.blocks == {"tool write_file has no approved definition"} with input as with_tool("write_file", "h1", false, true, false) with data.config as config
	count(pinning.blocks) == 0 with input as with_tool("read_file", "h1", false, false, false) with data.config as config
}

test_probe_of_a_new_tool_blocked if {
	probe := object.union(fixtures.probe("read_file"), {"tool": {"approved": false}})
	pinning.blocks == {new_reason} with input as probe with data.config as {}
}

test_only_tool_calls if {
	msg := object.union(fixtures.response("tools/call", {}), {"params": {"name": "read_file"}, "tool": {"changed": true, "approved": false}})
	count(pinning.blocks) == 0 with input as msg with data.config as {}
}
