# File path arguments confined to configured roots (data.config.paths.tools):
#
#   paths:
#     tools:
#       write_file: {fields: [path], roots: [/srv/data/]}
#       list_files: {fields: [path], roots: [/srv/data/], optional: true}
#
# Each field must hold an absolute path (or a non-empty list of them) below one of the roots, and must not
# play tricks that could make the server resolve it elsewhere: `..` or `.` segments, `//`,
# percent-encoding, backslashes, NUL and control characters, `~`, and /proc or /dev/fd links.
# A missing field is refused unless the tool says `optional: true`. Reasons name the field and
# the rule broken, never the value. Without settings, write_file is confined to no root at all.
package mcp.lib.paths

import rego.v1

import data.mcp.lib.call
import data.mcp.lib.settings

default_tools := {"write_file": {"fields": ["path"], "roots": []}}

tools := settings.get(["paths", "tools"], default_tools)

# Each trick a path may not contain, by the reason it is refused.
tricks := {
	"a '..' segment": `(^|/)\.\.(/|$)`,
	"a '.' segment": `(^|/)\.(/|$)`,
	"an empty segment ('//')": `//`,
	"a percent-encoded character": `%[0-9A-Fa-f]{2}`,
	"a backslash": `\\`,
	"a NUL or control character": `[\x00-\x1f\x7f]`,
	"a leading '~'": `^~`,
	"a /proc or /dev/fd link": `^/(proc/(self|thread-self|[0-9]+)/(root|cwd|fd|exe|map_files)|dev/fd|dev/std(in|out|err))(/|$)`,
}

# Every trick at once, so that a clean path (the usual case) costs one pass instead of one per
# trick. Each alternative is a trick's pattern as above; paths_test.rego checks they agree.
any_trick := `(?:(^|/)\.(/|$))|(?:(^|/)\.\.(/|$))|(?:^/(proc/(self|thread-self|[0-9]+)/(root|cwd|fd|exe|map_files)|dev/fd|dev/std(in|out|err))(/|$))|(?:[\x00-\x1f\x7f])|(?:\\)|(?:^~)|(?:%[0-9A-Fa-f]{2})|(?://)`

rule := tools[call.name] if call.tool_call

deny contains msg if {
	some field in rule.fields
	not holds_paths(field)
	not optional_and_absent(field)
	msg := sprintf("%s: %s must be a path or a list of paths", [call.name, field])
}

# An empty list names no path to confine, and a server may read it as "everything".
holds_paths(field) if count(call.values(field)) > 0

deny contains msg if {
	some field in rule.fields
	some path in call.values(field)
	regex.match(any_trick, path)
	some trick, pattern in tricks
	regex.match(pattern, path)
	msg := sprintf("%s: %s must not contain %s", [call.name, field, trick])
}

deny contains msg if {
	some field in rule.fields
	some path in call.values(field)
	not below_a_root(path, rule.roots)
	msg := sprintf("%s: %s must be below one of: %s", [call.name, field, concat(", ", rule.roots)])
}

optional_and_absent(field) if {
	rule.optional == true
	not field in object.keys(call.arguments)
}

below_a_root(path, roots) if {
	some root in roots
	below(path, root)
}

# A root matches itself and what is below it, never a sibling sharing its prefix (/data-old).
below(path, root) if {
	startswith(root, "/")
	base := trim_suffix(root, "/")
	startswith(path, concat("", [base, "/"]))
}

below(path, root) if {
	startswith(root, "/")
	path == trim_suffix(root, "/")
}
