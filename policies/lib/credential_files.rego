# Credential files (data.config.credential_files): a tool call or a resource read naming one is
# refused, whatever the tool (read-only ones too) and whoever asks. An agent has no business with
# SSH keys, cloud credentials or a .env file, and one read leaks the key for good; one write (to
# authorized_keys, say) hands the machine over.
#
#   credential_files:
#     enabled: true
#     default_patterns: true   # the kinds below; false keeps only your own
#     patterns: {}             # kind -> regular expression over a path, added to the defaults
#     fields: [path, ...]      # argument names holding paths, at any depth (see fields below)
#
# A path is matched as the server would resolve it where that cannot widen it: a file: URI's
# path as a URL parser reads it; backslashes as slashes, stream names and trailing dots dropped
# (Windows); lower case (macOS and Windows file systems ignore case); `.`, `..` and `//` applied.
# Paths relative to the server's directory match the patterns that are not anchored at the root.
# A symbolic link pointing at a credential file is beyond what a policy sees of a path (but for
# /proc/<pid>/root): confine file tools to roots (paths.rego) and run the server sandboxed for that.
# Reasons name the field and the kind of file, never the path.
package mcp.lib.credential_files

import rego.v1

import data.mcp.lib.call
import data.mcp.lib.settings

default_patterns := {
	"SSH key or configuration": `(^|/)\.ssh(/|$)`,
	"private key": `(^|/)id_(rsa|dsa|ecdsa|ed25519)(_sk)?$`,
	"cloud credentials": `(^|/)(\.aws/(credentials|config)$|\.config/gcloud(/|$)|\.azure(/|$)|\.kube/config$|\.oci/config$)`,
	"registry or git credentials": `(^|/)(\.netrc|_netrc|\.git-credentials|\.npmrc|\.pypirc|\.docker/config\.json|\.vault-token)$`,
	"environment file": `(^|/)\.env(\.(local|dev|development|prod|production|staging))?$`,
	"GnuPG keyring": `(^|/)\.gnupg(/|$)`,
	"password store": `(^|/)\.password-store(/|$)`,
	"system password or sudo file": `^/etc/((shadow|gshadow|master\.passwd|sudoers)-?$|sudoers\.d(/|$))`,
	"process environment": `^/proc/[^/]+/(task/[^/]+/)?environ$`,
	"shell history": `(^|/)\.(bash|zsh|sh|python|psql|mysql)_history$`,
}

# The section, looked up once: each setting below is then a member of it. A section of the wrong
# shape refuses every tool call (below) rather than guard nothing.
section := settings.get(["credential_files"], {})

config := section if is_object(section)

else := {}

own_patterns := object.get(config, "patterns", {})

problems contains "the section must be an object" if not is_object(section)

problems contains "patterns must map each kind to a regular expression" if {
	some kind, pattern in own_patterns
	not valid_pattern(kind, pattern)
}

problems contains "patterns must map each kind to a regular expression" if not is_object(own_patterns)

problems contains "fields must be a list of argument names" if not valid_fields(field_names)

valid_pattern(kind, pattern) if {
	is_string(kind)
	is_string(pattern)
	regex.is_valid(pattern)
}

valid_fields(names) if {
	is_array(names)
	every name in names {
		is_string(name)
	}
}

deny contains sprintf("credential_files settings: %s", [problem]) if {
	call.tool_call
	some problem in problems
}

patterns := object.union(default_patterns, own_patterns) if {
	object.get(config, "default_patterns", true) == true
} else := own_patterns

# Only an explicit false turns the check off.
enabled if not object.get(config, "enabled", true) == false

# Argument names that hold paths, besides any name `suffixes` matches (filePath, source_file,
# output_dir, ...).
default_fields := ["source", "destination", "src", "dest", "target", "cwd", "root", "location"]

field_names := object.get(config, "fields", default_fields)

fields := {lower(f) | some f in field_names}

suffixes := `(path|paths|file|files|filename|dir|directory|uri)$`

deny contains msg if {
	enabled
	call.tool_call
	candidate
	some [field, value] in named_paths
	some kind in kinds(value)
	msg := sprintf("%s: %s names a credential file (%s)", [call.name, field, kind])
}

deny contains msg if {
	enabled
	call.tool_call
	candidate
	some [field, value] in named_paths
	unresolvable(value)
	msg := sprintf("%s: %s has too many '..' segments to be checked for credential files", [call.name, field])
}

deny contains msg if {
	enabled
	read_request
	some kind in kinds(input.params.uri)
	msg := sprintf("%s: uri names a credential file (%s)", [input.method, kind])
}

deny contains msg if {
	enabled
	read_request
	unresolvable(input.params.uri)
	msg := sprintf("%s: uri has too many '..' segments to be checked for credential files", [input.method])
}

# A subscription reads the resource as well: each update invites a read.
read_request if {
	input.direction == "client_to_server"
	input.kind == "request"
	input.method in {"resources/read", "resources/subscribe"}
}

# [field, string] for every string held by a path-like argument, or by a list in one: as written,
# and as a shell reads it (shell_read).
named_paths contains [field, spelling] if {
	walk(call.arguments, [at, value])
	is_string(value)
	field := field_of(at)
	path_field(lower(field))
	some spelling in spellings(value)
}

spellings(value) := {value, read} if read := shell_read(value)

else := {value}

# A value as a shell reads it, when it is written quoted as a whole ('/srv/app/.env',
# "C:\Users\u\.aws\credentials"), where a backslash stays, or with escaped blanks
# (/home/u/My\ Keys/.ssh/id_rsa): a server handing the field to a shell opens that file, and the
# pattern would not see it for the quote or the backslash.
shell_read(value) := concat("", [m[1], m[2]]) if {
	some m in regex.find_all_string_submatch_n(`^[\x00-\x20]*(?:"([^"]*)"|'([^']*)')[\x00-\x20]*$`, value, 1)
} else := regex.replace(value, `\\(.)`, "$1") if contains(value, "\\ ")

field_of(at) := at[count(at) - 1] if is_string(at[count(at) - 1])

field_of(at) := at[count(at) - 2] if {
	count(at) > 1
	is_number(at[count(at) - 1])
	is_string(at[count(at) - 2])
}

# A file URI names a path in any argument, whatever its name (a fetch tool's url).
named_paths contains [field_label(at), value] if {
	walk(call.arguments, [at, value])
	is_string(value)
	regex.match(file_uri, value)
}

field_label(at) := field if {
	field := field_of(at)
} else := "an argument"

path_field(field) if field in fields

path_field(field) if regex.match(suffixes, field)

# Every pattern as one: a path matching none (the usual case) costs one scan, not one per kind.
# The defaults' alternation is written out (credential_files_test.rego checks it is exactly
# theirs), as building it costs a call more than the check itself.
any_pattern := any_default if count(own_patterns) == 0

else := concat("|", [sprintf("(?:%s)", [pattern]) | some pattern in patterns])

any_default := `(?:(^|/)\.gnupg(/|$))|(?:(^|/)\.ssh(/|$))|(?:(^|/)(\.aws/(credentials|config)$|\.config/gcloud(/|$)|\.azure(/|$)|\.kube/config$|\.oci/config$))|(?:(^|/)\.env(\.(local|dev|development|prod|production|staging))?$)|(?:(^|/)\.password-store(/|$))|(?:(^|/)id_(rsa|dsa|ecdsa|ed25519)(_sk)?$)|(?:^/proc/[^/]+/(task/[^/]+/)?environ$)|(?:(^|/)(\.netrc|_netrc|\.git-credentials|\.npmrc|\.pypirc|\.docker/config\.json|\.vault-token)$)|(?:(^|/)\.(bash|zsh|sh|python|psql|mysql)_history$)|(?:^/etc/((shadow|gshadow|master\.passwd|sudoers)-?$|sudoers\.d(/|$)))`

# Words every default kind's path holds, in any case or spelling the patterns match (a backslash
# for a slash, percent-encoding): arguments whose JSON text holds none (the usual call) name no
# credential file, and are not walked. With patterns of your own every call is.
telltales := `(?i:\.ssh|id_(rsa|dsa|ecdsa|ed25519)|\.aws|gcloud|\.azure|\.kube|\.oci|netrc|git-credentials|\.npmrc|\.pypirc|\.docker|vault-token|\.env|\.gnupg|password-store|etc[/\\]|environ|_history|%|file:)|\x{17f}|\x{131}`

candidate if count(own_patterns) > 0

candidate if regex.match(telltales, call.arguments_text)

kinds(value) := {kind |
	path := local_path(value)
	regex.match(any_pattern, path)
	some kind, pattern in patterns
	regex.match(pattern, path)
}

# A file URI, however the URL parser would read one: `file:` in any case, with or without `//`
# and a host, after leading blanks.
file_uri := `^[\x00-\x20]*(?i:file):`

# The path a server would open for `value`; undefined for a URL of another scheme (urls.rego
# decides those).
local_path(value) := resolved(spelled(value))

# The path as `value` spells it. A Windows drive path (C:\Users\...) is a path, not a URL.
spelled(value) := file_uri_path(value) if {
	regex.match(file_uri, value)
} else := value if {
	not regex.match(`^[A-Za-z][A-Za-z0-9+.-]*:`, value)
} else := value if {
	regex.match(`^[A-Za-z]:[\\/]`, value)
}

# A path whose `..` segments are too many to apply (see max_segments).
unresolvable(value) if {
	segs := segments(windows_name(normal(spelled(value))))
	".." in segs
	count(segs) > max_segments
}

# A file URI's path as a URL parser and fileURLToPath find it: tabs and line breaks dropped
# anywhere, blanks around it, the query and fragment cut, any host (localhost, or a UNC server
# on Windows) set aside, the path taken from the root (`file:etc/x` is /etc/x), and percent-escapes decoded (a `%` that starts none is itself; `+` is
# not a space in a path).
file_uri_path(value) := urlquery.decode(escaped) if {
	uri := regex.replace(value, `[\t\n\r]`, "")
	rest := replace(regex.replace(uri, `^[\x00-\x20]*(?i:file):|[?#].*$|[\x00-\x20]+$`, ""), "\\", "/")
	path := concat("/", ["", regex.replace(rest, `^//[^/]*`, "")])
	escaped := regex.replace(replace(replace(path, "%", "%25"), "+", "%2B"), `%25([0-9A-Fa-f]{2})`, "%$1")
}

# The path as the file system resolves it, where that cannot widen it: backslashes as slashes
# (Windows), in lower case (macOS and Windows ignore case, and fold the long s and the dotless i
# onto ASCII letters), without a Windows stream name (`.env::$DATA`) or the dots and spaces
# Windows drops from the end of a name (`.env.`), without `.` and empty segments, `..` applied,
# and a /proc/<pid>/root link read as the root it leads to.
resolved(path) := regex.replace(lexical(windows_name(normal(path))), proc_root, "/")

normal(path) := strings.replace_n({"\\": "/", "ſ": "s", "ı": "i"}, lower(path))

windows_name(path) := regex.replace(regex.replace(path, `([^/:]):[^/]*`, "$1"), `([^/. ])[. ]+(/|$)`, "$1$2")

proc_root := `^(/proc/[^/]+(/task/[^/]+)?/root)+(/|$)`

# The segments of a path that name something: `.` and empty ones (`//`) name nothing.
segments(path) := [s | some s in split(path, "/"); not s in {"", "."}]

lexical(path) := concat("/", array.concat(root(path), segments(path))) if not ".." in segments(path)

lexical(path) := concat("/", array.concat(root(path), applied(segments(path)))) if {
	".." in segments(path)
	count(segments(path)) <= max_segments
}

root(path) := [""] if startswith(path, "/")

root(path) := [] if not startswith(path, "/")

# A path past this many segments with a `..` among them is refused unresolved: applying `..`
# costs the square of the segments, and no path the kernel opens has this many.
max_segments := 64

# `..` applied without a stack, in time the segments times the `..` among them: a segment's
# height is the segments up to it less twice the `..` among them; its depth, that height above the
# lowest height so far (a `..` at the top stays there, as at the root), which only a `..` lowers.
# A segment is kept when no later `..` takes the depth below its own.
applied(segs) := [s |
	some i, s in segs
	s != ".."
	depth := depth_at(ups, i)
	count([j | some j, up in ups; up > i; up_depths[j] < depth]) == 0
] if {
	ups := [i | some i, s in segs; s == ".."]
	heights := [height(ups, up) | some up in ups]
	up_depths := [h - min(array.concat([0], array.slice(heights, 0, j + 1))) | some j, h in heights]
}

height(ups, i) := (i + 1) - (2 * count([up | some up in ups; up <= i]))

depth_at(ups, i) := height(ups, i) - min(array.concat([0], [height(ups, up) | some up in ups; up <= i]))
