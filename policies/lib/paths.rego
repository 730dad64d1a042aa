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
# A missing field is refused unless the tool says `optional: true`. The tool's other arguments
# are held to the same roots wherever a path may hide in them: any string at any depth whose
# argument is named like a path (`dest`, `target`, `cwd`, `output_dir`, ...), and any string or
# object key that looks like one (absolute, `~`, a drive letter, a UNC or `./` path, a file: URI,
# with blanks only inside file names, or any blanks when quoted or escaped as a shell reads
# them); a server reads the fields it knows, not the ones the settings list. Reasons name the
# field and the rule broken, never the value. Without settings, write_file is confined to no root
# at all.
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
	some [field, path] in checked
	regex.match(any_trick, path)
	some trick, pattern in tricks
	regex.match(pattern, path)
	msg := sprintf("%s: %s must not contain %s", [call.name, field, trick])
}

deny contains msg if {
	some [field, path] in checked
	not below_a_root(path, rule.roots)
	msg := sprintf("%s: %s must be below one of: %s", [call.name, field, concat(", ", rule.roots)])
}

# [field, path] for every path the call holds: the listed fields' and the others'.
checked contains [field, path] if {
	some field in rule.fields
	some path in call.values(field)
}

checked contains [name_of(at), value] if {
	some [at, value] in unlisted
	is_string(value)
	path_like(at, value)
}

# A map from paths to contents ({"files": {"/etc/x": "..."}}) names its paths in keys.
checked contains [name_of(at), key] if {
	some [at, value] in unlisted
	is_object(value)
	some key, _ in value
	is_string(key)
	looks_like_path(key)
}

# A path written as a shell and its users write one with blanks: quoted, or its blanks escaped.
# What is held to the roots is the path a shell reads; written so, the string itself is no path.
checked contains [name_of(at), path] if {
	shell_quoting
	some [at, value] in unlisted
	is_string(value)
	path := shell_path(value)
}

checked contains [name_of(at), path] if {
	shell_quoting
	some [at, value] in unlisted
	is_object(value)
	some key, _ in value
	is_string(key)
	path := shell_path(key)
}

# What the arguments hold outside the listed fields, whose shape is checked above.
unlisted contains [at, value] if {
	rule
	walk(call.arguments, [at, value])
	count(at) > 0
	not at[0] in rule.fields
}

# The argument a value is in: the innermost member name on its way (a list's index is not one).
name_of(at) := names[count(names) - 1] if {
	names := [k | some k in at; is_string(k)]
	count(names) > 0
}

path_like(at, _) if regex.match(path_names, lower(name_of(at)))

path_like(_, value) if looks_like_path(value)

path_names := `^(source|destination|src|dest|target|cwd|root|location|out|output|to|from|folder)$|(path|paths|file|files|filename|dir|directory|folder|uri)$`

# A string starting as an absolute path, a home, a drive letter, a UNC or a ./ or ../ path, or a
# file: URI does if it has no blank after its start; or if its blanks are inside file names
# (`My Documents`, `Program Files (x86)`, `a - Copy`) and the path goes on below such a name or
# ends with an extension: `/home/a/My Documents/x`, `C:\Users\a b\x`, `/srv/My File.txt`.
# Such a name's words hold no character Windows forbids in names (`<>:"|?*`) nor `^`, and none
# starts with `-` (an option); the path starts with a separator, a drive, `~/`, `./` or `\\`
# and a name, never `//`. So text (`// TODO: fix this`, `/etc is a directory`, `/* old */`,
# `/usr/bin/env node`, `./configure --prefix=/usr`, `//# sourceMappingURL=x.js.map`) is not a
# path: docs/policies.md has the false positives measured on code, documentation and shell output.
looks_like_path(value) if regex.match(path_pattern, value)

path_pattern := `^[\x00-\x20]*(?:(?:(?i:file):|/|~|\\|[A-Za-z]:[\\/]|\.\.?(?:[\\/]|$))[^\s]*|(?:/|~[/\\]|\\\\?|[A-Za-z]:[\\/]|\.\.?[\\/])(?:[^\s/\\<>:"|?*^]+(?: +(?:-+ +)?[^\s/\\<>:"|?*^-][^\s/\\<>:"|?*^]*)*[/\\]+)*[^\s/\\<>:"|?*^]+(?: +(?:-+ +)?[^\s/\\<>:"|?*^-][^\s/\\<>:"|?*^]*)+(?:[/\\](?:[/\\]|[^\s/\\<>:"|?*^]+(?: +(?:-+ +)?[^\s/\\<>:"|?*^-][^\s/\\<>:"|?*^]*)*)*|\.[A-Za-z0-9]{1,8}))$`

# A whole string quoted (`"C:\Users\me\Tax Return"`, as Windows' "Copy as path" gives it;
# `'/home/me/My Secrets'`, as a Linux terminal pastes a dropped file) whose inside looks like a
# path, or in which the last name may hold blanks too: the quotes say where the name ends. A path
# starting with `/` needs a name below the first (`"/help shows this"` is a quoted phrase).
shell_path(value) := inside if {
	regex.match(`^[\x00-\x20]*["']`, value)
	some m in regex.find_all_string_submatch_n(quoted, value, 1)
	inside := concat("", [m[1], m[2]])
	quoted_path(inside)
}

# A path whose blanks are escaped with a backslash (`/Users/me/My\ Secrets`, as a macOS terminal
# pastes a dropped file, and as shells complete one), read with the escapes dropped. Prose escapes
# no blank. Only absolute, `~/` and `./` paths: a backslash separates Windows' names.
shell_path(value) := regex.replace(trim_left(value, " \t\r\n"), `\\(.)`, "$1") if {
	contains(value, "\\ ")
	regex.match(escaped, value)
}

# Arguments whose JSON text holds no quote and no escaped blank (most calls) are not walked for
# them: one scan of the text the call already has.
shell_quoting if regex.match(`\\"|'|\\\\ `, call.arguments_text)

quoted := `^[\x00-\x20]*(?:"([^"\x00-\x1f]*)"|'([^'\x00-\x1f]*)')[\x00-\x20]*$`

quoted_path(inside) if looks_like_path(inside)

quoted_path(inside) if regex.match(named_path, inside)

# A path of names (each as in path_pattern: no `<>:"|?*^`, no word starting with `-`), the last
# one with blanks or not.
named_path := `^(?:(?:/|\\\\?)[^\s/\\<>:"|?*^]+(?: +(?:-+ +)?[^\s/\\<>:"|?*^-][^\s/\\<>:"|?*^]*)*[/\\]+|~[/\\]|[A-Za-z]:[\\/]|\.\.?[\\/])(?:[^\s/\\<>:"|?*^]+(?: +(?:-+ +)?[^\s/\\<>:"|?*^-][^\s/\\<>:"|?*^]*)*[/\\]+)*[^\s/\\<>:"|?*^]+(?: +(?:-+ +)?[^\s/\\<>:"|?*^-][^\s/\\<>:"|?*^]*)*[/\\]*$`

escaped := `^[\x00-\x20]*(?:/|~/|\.\.?/)(?:(?:[^\s/\\]|\\.)+/+)*(?:[^\s/\\]|\\.)+/*$`

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
