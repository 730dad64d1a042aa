package mcp.lib.arguments_test

import rego.v1

import data.mcp.lib.arguments
import data.mcp.lib.fixtures

checked(errors) := object.union(fixtures.call("write_file", {"path": 7}), {"tool": {"arguments_valid": false, "argument_errors": errors}})

test_valid_arguments_pass if {
	count(arguments.deny) == 0 with input as fixtures.call("write_file", {"path": "/tmp/x"}) with data.config as {}
}

test_invalid_arguments_denied_with_paths if {
	errors := [{"path": "/path", "message": "must be string"}, {"path": "/content", "message": "must have required property 'content'"}]
	arguments.deny == {"tool write_file: arguments do not match its inputSchema: /path must be string; /content must have required property 'content'"} with input as checked(errors) with data.config as {}
}

test_at_most_three_errors_named if {
	errors := [{"path": "", "message": "a"}, {"path": "", "message": "b"}, {"path": "", "message": "c"}, {"path": "", "message": "d"}]
	arguments.deny == {"tool write_file: arguments do not match its inputSchema: a; b; c"} with input as checked(errors) with data.config as {}
}

test_a_call_without_the_check_is_refused if {
	unchecked := object.remove(fixtures.call("write_file", {}), ["tool"])
	arguments.deny == {"tool write_file: arguments do not match its inputSchema: the arguments were not checked"} with input as unchecked with data.config as {}
}

test_unlisted_tools_are_refused_also_without_quarantine if {
	unlisted := object.union(checked([{"path": "", "message": "the upstream has not listed this tool"}]), {"tool": {"known": false}})
	arguments.deny == {"tool write_file: arguments do not match its inputSchema: the upstream has not listed this tool"} with input as unlisted with data.config as {"pinning": {"quarantine": false}}
}

test_listing_probes_are_not_checked if {
	count(arguments.deny) == 0 with input as fixtures.probe("write_file") with data.config as {}
}

test_validation_can_be_turned_off if {
	count(arguments.deny) == 0 with input as checked([]) with data.config as {"arguments": {"validate": false}}
}
