# The default mcp-warden policy (see docs/policy-contract.md for the input and decision).
#
# - protocol plumbing (initialize, ping, list methods) is allowed; notifications pass;
# - read-only tools are allowed (readOnlyHint annotation, or named in config);
# - write_file only below the configured prefixes, run_command only for allow-listed commands;
# - a tool whose definition changed since it was first listed is neither listed nor callable;
# - arguments that look like secrets are refused, and secrets in tool results are redacted.
#
# `allow` decides whether a tool is listed at all (it is probed with no arguments and
# input.listing = true), so every argument check lives in `deny`. Deny reasons are journaled and
# returned to the client verbatim, so they never quote argument values.
package mcp

import rego.v1

# Settings: data.config (policies/data.yaml). The defaults apply when it is absent.

default read_only_tools := ["list_files", "read_file"]

read_only_tools := data.config.read_only_tools

# No writes anywhere unless configured.
default write_prefixes := []

write_prefixes := data.config.write_prefixes

default allowed_commands := ["date", "echo", "ls", "pwd", "whoami"]

allowed_commands := data.config.allowed_commands

# Methods

client_methods := {
	"initialize",
	"ping",
	"tools/list",
	"prompts/list",
	"prompts/get",
	"resources/list",
	"resources/templates/list",
	"resources/read",
	"completion/complete",
	"logging/setLevel",
}

# Sampling and elicitation let a server drive the client's model or user; add them here deliberately.
server_methods := {"ping", "roots/list"}

allow if {
	input.direction == "client_to_server"
	input.kind == "request"
	input.method in client_methods
}

allow if {
	input.direction == "server_to_client"
	input.kind == "request"
	input.method in server_methods
}

# Tools

tool_call if {
	input.direction == "client_to_server"
	input.kind == "request"
	input.method == "tools/call"
}

allow if {
	tool_call
	tool_permitted
	not input.tool.changed
}

tool_permitted if input.tool.annotations.readOnlyHint == true

tool_permitted if input.params.name in read_only_tools

# Permitted by name; their arguments are checked by the deny rules below.
tool_permitted if input.params.name in {"write_file", "run_command"}

deny contains msg if {
	tool_call
	input.tool.changed
	msg := sprintf("tool %s changed since it was first listed", [input.params.name])
}

# write_file

write_call if {
	tool_call
	input.params.name == "write_file"
}

deny contains "write_file: path must be a string" if {
	write_call
	not is_string(input.params.arguments.path)
}

deny contains msg if {
	write_call
	path := input.params.arguments.path
	is_string(path)
	not write_allowed(path)
	msg := sprintf("write_file: path must be below one of: %s", [concat(", ", write_prefixes)])
}

write_allowed(path) if {
	not contains(path, "..")
	some prefix in write_prefixes
	startswith(path, prefix)
}

# run_command

command_call if {
	tool_call
	input.params.name == "run_command"
}

deny contains "run_command: command must be a string" if {
	command_call
	not is_string(input.params.arguments.command)
}

deny contains "run_command: shell metacharacters are not allowed" if {
	command_call
	some ch in shell_metacharacters
	contains(input.params.arguments.command, ch)
}

deny contains msg if {
	command_call
	program := command_program(input.params.arguments.command)
	not program in allowed_commands
	msg := sprintf("run_command: only these commands are allowed: %s", [concat(", ", allowed_commands)])
}

command_program(command) := split(trim_space(command), " ")[0]

shell_metacharacters := [";", "&", "|", "$", "`", ">", "<", "(", ")", "\\", "\n", "\r"]

# Secrets

secret_patterns := {
	"private key": `-----BEGIN [A-Z ]*PRIVATE KEY-----`,
	"AWS access key id": `\b(AKIA|ASIA)[0-9A-Z]{16}\b`,
	"GitHub token": `\bgh[pousr]_[A-Za-z0-9]{36,}`,
	"Slack token": `\bxox[abprs]-[A-Za-z0-9-]{10,}`,
	"API secret key": `\bsk-[A-Za-z0-9_-]{20,}`,
}

deny contains msg if {
	tool_call
	text := json.marshal(input.params.arguments)
	some label, pattern in secret_patterns
	regex.match(pattern, text)
	msg := sprintf("tool arguments contain a secret (%s)", [label])
}

redactions contains ["content", i, "text"] if {
	input.direction == "server_to_client"
	input.kind == "response"
	input.method == "tools/call"
	some i, item in input.result.content
	is_string(item.text)
	some pattern in secret_patterns
	regex.match(pattern, item.text)
}
