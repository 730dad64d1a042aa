# Tool arguments against the tool's inputSchema (data.config.arguments):
#
#   arguments:
#     validate: true    # refuse tools/call requests whose arguments do not match
#
# warden checks the arguments of every tools/call request (input.tool.arguments_valid and
# input.tool.argument_errors, each {path, message}); a schema that does not compile makes the
# arguments invalid. The reason names the failing paths and rules, never argument values.
package mcp.lib.arguments

import rego.v1

import data.mcp.lib.call
import data.mcp.lib.settings

# At most this many errors are named in the reason.
max_errors := 3

deny contains msg if {
	call.tool_call
	# A listing probe has no arguments to check; a real call without the check is refused, and so
	# is a call of a tool the upstream never listed: it has no schema to check against. Quarantine
	# refuses such a tool too, but it can be turned off.
	not input.listing
	settings.get(["arguments", "validate"], true) == true
	not input.tool.arguments_valid == true
	msg := sprintf("tool %s: arguments do not match its inputSchema: %s", [call.name, summary])
}

default summary := "the arguments were not checked"

summary := concat("; ", [describe(e) | some i, e in input.tool.argument_errors; i < max_errors]) if {
	count(input.tool.argument_errors) > 0
}

describe(e) := e.message if e.path == ""

describe(e) := sprintf("%s %s", [e.path, e.message]) if e.path != ""
