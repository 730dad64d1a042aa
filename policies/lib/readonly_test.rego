package mcp.lib.readonly_test

import rego.v1

import data.mcp.lib.fixtures
import data.mcp.lib.readonly

annotated(name, annotations) := object.union(fixtures.call(name, {}), {"tool": fixtures.tool(name, annotations)})

mode := {"read_only": {"enabled": true}}

no_destructive := {"read_only": {"deny_destructive": true}}

test_read_only_by_annotation if {
	readonly.read_only with input as annotated("lookup", {"readOnlyHint": true}) with data.config as {}
}

test_read_only_by_name if {
	readonly.read_only with input as fixtures.call("read_file", {}) with data.config as {}
	readonly.read_only with input as fixtures.call("search", {}) with data.config as {"tools": {"read_only": ["search"]}}
	not readonly.read_only with input as fixtures.call("read_file", {}) with data.config as {"tools": {"read_only": []}}
}

test_destructive_is_never_read_only if {
	not readonly.read_only with input as annotated("t", {"readOnlyHint": true, "destructiveHint": true}) with data.config as {}
	not readonly.read_only with input as annotated("t", {"readOnlyHint": false}) with data.config as {}
}

test_missing_annotations if {
	no_tool := object.remove(fixtures.call("t", {}), ["tool"])
	not readonly.read_only with input as no_tool with data.config as {}
	not readonly.destructive with input as no_tool
}

test_mode_off_by_default if {
	count(readonly.blocks) == 0 with input as annotated("write_file", {"destructiveHint": true}) with data.config as {}
}

test_mode_blocks_other_tools if {
	readonly.blocks == {"tool write_file is not read-only (read-only mode)"} with input as annotated("write_file", {"readOnlyHint": false})
		with data.config as mode
	count(readonly.blocks) == 0 with input as annotated("lookup", {"readOnlyHint": true}) with data.config as mode
}

test_deny_destructive if {
	readonly.blocks == {"tool rm is annotated destructive"} with input as annotated("rm", {"destructiveHint": true}) with data.config as no_destructive
	count(readonly.blocks) == 0 with input as annotated("rm", {"destructiveHint": false}) with data.config as no_destructive
}

test_only_tool_calls if {
	msg := object.union(fixtures.request("client_to_server", "tools/list", {}), {"params": {"name": "write_file"}})
	count(readonly.blocks) == 0 with input as msg with data.config as mode
}
