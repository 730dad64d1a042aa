package mcp.lib.call_test

import rego.v1

import data.mcp.lib.call
import data.mcp.lib.fixtures

test_tool_call if {
	call.tool_call with input as fixtures.call("t", {})
}

test_not_a_tool_call if {
	not call.tool_call with input as fixtures.request("client_to_server", "tools/list", {})
	not call.tool_call with input as fixtures.request("server_to_client", "tools/call", {"name": "t"})
	not call.tool_call with input as fixtures.response("tools/call", {})
}

test_arguments_default_to_an_empty_object if {
	call.arguments == {} with input as fixtures.probe("t")
	call.arguments == {} with input as fixtures.call("t", "not an object")
}

test_values_of_a_string_field if {
	call.values("p") == ["a"] with input as fixtures.call("t", {"p": "a"})
}

test_values_of_a_list_field if {
	call.values("p") == ["a", "b"] with input as fixtures.call("t", {"p": ["a", "b"]})
}

test_other_fields_are_untyped if {
	every value in [1, null, {"a": "b"}, ["a", 2]] {
		not call.typed("p") with input as fixtures.call("t", {"p": value})
	}
	not call.typed("p") with input as fixtures.call("t", {})
}

test_matches_globs if {
	call.matches("*", "any/thing.here")
	call.matches("read_*", "read_file")
	call.matches("read_file", "read_file")
	not call.matches("read_*", "write_file")
}
