# Routing by sensitivity, for sessions with several upstreams (docs/routing.md) (data.config.routing):
#
#   routing:
#     default_patterns: true     # secrets, e-mail addresses, card numbers, US SSNs, IBANs
#     patterns: {}               # name -> regular expression, added to the defaults
#     keys: [password, passwd, secret, token, api_key, apikey, ssn]   # argument names (any depth, any case)
#     private_roles: []          # principals with one of these roles only use private upstreams
#
# A client request whose arguments match a pattern or carry one of the keys, or whose principal
# has a private role, goes only to candidates marked `private: true`, in config order; with no
# private candidate it is denied. Other requests may use any candidate. Sessions with one
# upstream have no input.candidates, so nothing here applies to them.
package mcp.lib.routing

import rego.v1

import data.mcp.lib.redaction
import data.mcp.lib.settings

default_keys := ["password", "passwd", "secret", "token", "api_key", "apikey", "ssn"]

builtin_patterns := {
	"secret": redaction.any_secret,
	"e-mail address": redaction.email_pattern,
	"US social security number": `\b[0-9]{3}-[0-9]{2}-[0-9]{4}\b`,
	"IBAN": `\b[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}\b`,
}

patterns := object.union(builtin_patterns, settings.get(["routing", "patterns"], {})) if {
	settings.get(["routing", "default_patterns"], true) == true
} else := settings.get(["routing", "patterns"], {})

keys := {lower(k) | some k in settings.get(["routing", "keys"], default_keys)}

routed if {
	input.kind == "request"
	input.direction == "client_to_server"
	is_array(input.candidates)
}

# Why a request is sensitive (names only, never the values).
reasons contains sprintf("argument matches %s", [name]) if {
	some text in argument_texts
	some name, pattern in patterns
	regex.match(pattern, text)
}

reasons contains "argument named like a credential" if {
	walk(object.get(input.params, "arguments", {}), [path, _])
	count(path) > 0
	last := path[count(path) - 1]
	is_string(last)
	lower(last) in keys
}

reasons contains "principal role requires a private upstream" if {
	some role in input.principal.roles
	role in settings.get(["routing", "private_roles"], [])
}

argument_texts contains text if {
	walk(object.get(input.params, "arguments", {}), [_, text])
	is_string(text)
}

sensitive if {
	routed
	count(reasons) > 0
}

private_candidates := [c.name | some c in input.candidates; c.private == true]

route := private_candidates if {
	sensitive
	count(private_candidates) > 0
}

deny contains "sensitive request and no private upstream can serve it" if {
	sensitive
	count(private_candidates) == 0
}
