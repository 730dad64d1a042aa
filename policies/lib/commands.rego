# Command tools (data.config.commands):
#
#   commands:
#     tools:
#       run_command: {program: command, fields: [command, args], allowed: [echo, ls]}
#     metacharacters: [";", "&", "|", "$", "`", ">", "<", "(", ")", "\\", "%", "^", "\n", "\r"]
#
# The program is the first word of the `program` field and must be one of `allowed`; the fields
# in `fields` must be strings or lists of strings; and every string of the arguments, at any
# depth and in keys too (a `cwd`, an `env` object, a nested option), must be free of shell
# metacharacters, so the server cannot be talked into running a pipeline, a substitution or a
# second command: a server may hand any argument to a shell, not only the ones listed. `%` and
# `^` are there for cmd.exe (`%COMSPEC%`, `r^m`). A tool's `unchecked` names fields its server
# passes without a shell (git's `--format=%h`), left out of the metacharacter check. Without
# settings, run_command may run nothing.
package mcp.lib.commands

import rego.v1

import data.mcp.lib.call
import data.mcp.lib.settings

default_tools := {"run_command": {"program": "command", "fields": ["command", "args"], "allowed": []}}

default_metacharacters := [";", "&", "|", "$", "`", ">", "<", "(", ")", "{", "}", "*", "?", "!", "~", "\\", "'", "\"", "%", "^", "\n", "\r", "\u0000"]

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
	some value in checked_strings
	some ch in metacharacters
	contains(value, ch)
	msg := sprintf("%s: shell metacharacters are not allowed", [call.name])
}

# Every string of the arguments but those under an `unchecked` field: values at any depth, and
# the keys of objects (an `env` object's variable names reach a shell as much as its values).
checked_strings contains value if {
	rule
	walk(call.arguments, [at, value])
	is_string(value)
	not unchecked(at)
}

checked_strings contains key if {
	rule
	walk(call.arguments, [at, value])
	is_object(value)
	not unchecked(at)
	some key, _ in value
	is_string(key)
	not unchecked([key])
}

unchecked(at) if {
	count(at) > 0
	at[0] in object.get(rule, "unchecked", [])
}

deny contains msg if {
	command := call.arguments[rule.program]
	is_string(command)
	not program(command) in rule.allowed
	msg := sprintf("%s: only these commands are allowed: %s", [call.name, concat(", ", rule.allowed)])
}

program(command) := split(trim_space(command), " ")[0]
