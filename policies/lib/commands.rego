# Command tools (data.config.commands):
#
#   commands:
#     tools:
#       run_command: {program: command, fields: [command, args], allowed: [echo, ls]}
#     metacharacters: [";", "&", "|", "$", "`", ">", "<", "(", ")", "\\", "\n", "\r"]
#
# The program is the first word of the `program` field and must be one of `allowed`; every field
# in `fields` (strings or lists of strings) must be free of shell metacharacters, so the server
# cannot be talked into running a pipeline, a substitution or a second command. Without
# settings, run_command may run nothing.
package mcp.lib.commands

import rego.v1

import data.mcp.lib.call
import data.mcp.lib.settings

default_tools := {"run_command": {"program": "command", "fields": ["command", "args"], "allowed": []}}

default_metacharacters := [";", "&", "|", "$", "`", ">", "<", "(", ")", "{", "}", "*", "?", "!", "~", "\\", "'", "\"", "\n", "\r", "\u0000"]

tools := settings.get(["commands", "tools"], default_tools)

metacharacters := settings.get(["commands", "metacharacters"], default_metacharacters)

rule := tools[call.name] if call.tool_call

deny contains msg if {
	not is_string(call.arguments[rule.program])
	msg := sprintf("%s: %s must be a string", [call.name, rule.program])
}

deny contains msg if {
	some field in rule.fields
	field in object.keys(call.arguments)
	not call.typed(field)
	msg := sprintf("%s: %s must be a string or a list of strings", [call.name, field])
}

deny contains msg if {
	some field in rule.fields
	some value in call.values(field)
	some ch in metacharacters
	contains(value, ch)
	msg := sprintf("%s: shell metacharacters are not allowed", [call.name])
}

deny contains msg if {
	command := call.arguments[rule.program]
	is_string(command)
	not program(command) in rule.allowed
	msg := sprintf("%s: only these commands are allowed: %s", [call.name, concat(", ", rule.allowed)])
}

program(command) := split(trim_space(command), " ")[0]
