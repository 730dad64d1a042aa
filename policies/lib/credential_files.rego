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
# A path is matched as the server would resolve it where that cannot widen it: a file:// URI's
# path, percent-decoded; backslashes as slashes (Windows); lower case (macOS and Windows file
# systems ignore case). Paths relative to the server's directory match the patterns that are not
# anchored at the root. A symbolic link pointing at a credential file is beyond what a policy sees
# of a path: confine file tools to roots (paths.rego) and run the server sandboxed for that.
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
	"process environment": `^/proc/[^/]+/environ$`,
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
	input.direction == "client_to_server"
	input.kind == "request"
	input.method == "resources/read"
	some kind in kinds(input.params.uri)
	msg := sprintf("resources/read: uri names a credential file (%s)", [kind])
}

# [field, string] for every string held by a path-like argument, or by a list in one.
named_paths contains [field, value] if {
	walk(call.arguments, [at, value])
	is_string(value)
	field := field_of(at)
	path_field(lower(field))
}

field_of(at) := at[count(at) - 1] if is_string(at[count(at) - 1])

field_of(at) := at[count(at) - 2] if {
	count(at) > 1
	is_number(at[count(at) - 1])
	is_string(at[count(at) - 2])
}

path_field(field) if field in fields

path_field(field) if regex.match(suffixes, field)

# Every pattern as one: a path matching none (the usual case) costs one scan, not one per kind.
# The defaults' alternation is written out (credential_files_test.rego checks it is exactly
# theirs), as building it costs a call more than the check itself.
any_pattern := any_default if count(own_patterns) == 0

else := concat("|", [sprintf("(?:%s)", [pattern]) | some pattern in patterns])

any_default := `(?:(^|/)\.gnupg(/|$))|(?:(^|/)\.ssh(/|$))|(?:(^|/)(\.aws/(credentials|config)$|\.config/gcloud(/|$)|\.azure(/|$)|\.kube/config$|\.oci/config$))|(?:(^|/)\.env(\.(local|dev|development|prod|production|staging))?$)|(?:(^|/)\.password-store(/|$))|(?:(^|/)id_(rsa|dsa|ecdsa|ed25519)(_sk)?$)|(?:^/proc/[^/]+/environ$)|(?:(^|/)(\.netrc|_netrc|\.git-credentials|\.npmrc|\.pypirc|\.docker/config\.json|\.vault-token)$)|(?:(^|/)\.(bash|zsh|sh|python|psql|mysql)_history$)|(?:^/etc/((shadow|gshadow|master\.passwd|sudoers)-?$|sudoers\.d(/|$)))`

# Words every default kind's path holds, in any case or spelling the patterns match (a backslash
# for a slash, percent-encoding): arguments whose JSON text holds none (the usual call) name no
# credential file, and are not walked. With patterns of your own every call is.
telltales := `(?i)\.ssh|id_(rsa|dsa|ecdsa|ed25519)|\.aws|gcloud|\.azure|\.kube|\.oci|netrc|git-credentials|\.npmrc|\.pypirc|\.docker|vault-token|\.env|\.gnupg|password-store|etc[/\\]|environ|_history|%`

candidate if count(own_patterns) > 0

candidate if regex.match(telltales, call.arguments_text)

kinds(value) := {kind |
	path := local_path(value)
	regex.match(any_pattern, path)
	some kind, pattern in patterns
	regex.match(pattern, path)
}

# The path a server would open for `value`; undefined for a URL of another scheme (urls.rego
# decides those).
local_path(value) := normal(value) if not contains(value, ":")

local_path(value) := normal(urlquery.decode(trim_prefix(substring(value, 7, -1), "localhost"))) if {
	startswith(lower(value), "file://")
}

local_path(value) := normal(value) if {
	contains(value, ":")
	not regex.match(`^[A-Za-z][A-Za-z0-9+.-]*:`, value)
}

# A Windows drive path (C:\Users\...) is a path, not a URL.
local_path(value) := normal(value) if regex.match(`^[A-Za-z]:[\\/]`, value)

normal(path) := lower(replace(path, "\\", "/"))
