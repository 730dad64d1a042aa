# The tools/call request being decided, shared by the argument and tool checks.
package mcp.lib.call

import rego.v1

tool_call if {
	input.direction == "client_to_server"
	input.kind == "request"
	input.method == "tools/call"
}

name := input.params.name

default arguments := {}

arguments := input.params.arguments if is_object(input.params.arguments)

# The arguments as sent, whatever their type, as JSON text: a complete rule, so one evaluation
# marshals them once for every part that scans them whole (redaction, credential_files). A call
# whose arguments are not an object is refused for its shape, and a secret in them must stay out
# of the journal all the same.
arguments_text := json.marshal(input.params.arguments) if tool_call

# The strings an argument field holds: the string itself, or the strings of a list. A field
# holding anything else (or absent) gives no values; checks report that through typed().
values(field) := [arguments[field]] if is_string(arguments[field])

values(field) := arguments[field] if {
	is_array(arguments[field])
	every value in arguments[field] {
		is_string(value)
	}
}

# Whether the field holds a string or a list of strings.
typed(field) if is_array(values(field))

# Whether a glob pattern from the settings matches a name ("*" matches anything, "read_*" a prefix).
matches(pattern, name) if glob.match(pattern, null, name)
