# URL arguments of fetch-like tools (data.config.urls.tools):
#
#   urls:
#     tools:
#       fetch:
#         fields: [url]
#         schemes: [https]
#         hosts: [example.com, .github.com]   # ".github.com": github.com and its subdomains
#         allow_ip_literals: false
#
# Each field must hold an absolute URL (or a list of them) with an allowed scheme and an allowed
# host. Refused outright: user information (`https://allowed.com@evil.com` goes to evil.com),
# backslashes, whitespace and control characters (parsers disagree about them), percent-encoded
# hosts, and IP literals (dotted, integer, hex or IPv6) unless allow_ip_literals is true; then the
# literal must itself be listed in hosts. Hosts compare case-insensitively, a trailing dot ignored.
package mcp.lib.urls

import rego.v1

import data.mcp.lib.call
import data.mcp.lib.settings

tools := settings.get(["urls", "tools"], {})

rule := tools[call.name] if call.tool_call

url_pattern := `^([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)([/?#].*)?$`

# [scheme, authority] of an absolute URL; undefined for anything else.
parts(url) := [lower(m[1]), m[2]] if {
	some m in regex.find_all_string_submatch_n(url_pattern, url, 1)
}

# The host of an authority without user information: the port and one trailing dot removed.
host(authority) := lower(trim_suffix(regex.replace(authority, `:[0-9]*$`, ""), "."))

ip_literal(host) if regex.match(`^\[.*\]$`, host)

ip_literal(host) if regex.match(`^[0-9.]+$`, host)

ip_literal(host) if regex.match(`^0x[0-9a-f.x]*$`, host)

host_allowed(host, patterns) if {
	some pattern in patterns
	host_matches(host, lower(pattern))
}

host_matches(host, pattern) if host == pattern

host_matches(host, pattern) if {
	startswith(pattern, ".")
	host == substring(pattern, 1, -1)
}

host_matches(host, pattern) if {
	startswith(pattern, ".")
	endswith(host, pattern)
}

host_matches(host, pattern) if {
	startswith(pattern, "*.")
	endswith(host, substring(pattern, 1, -1))
}

schemes := object.get(rule, "schemes", ["https"])

hosts := object.get(rule, "hosts", [])

# Every URL the call carries, with the field holding it.
urls contains [field, url] if {
	some field in rule.fields
	some url in call.values(field)
}

authority(url) := parts(url)[1]

deny contains msg if {
	some field in rule.fields
	not call.typed(field)
	msg := sprintf("%s: %s must be a URL or a list of URLs", [call.name, field])
}

deny contains msg if {
	some [field, url] in urls
	not parts(url)
	msg := sprintf("%s: %s must be an absolute URL", [call.name, field])
}

deny contains msg if {
	some [field, url] in urls
	regex.match(`[\\\s\x00-\x1f\x7f]`, url)
	msg := sprintf("%s: %s must not contain backslashes, whitespace or control characters", [call.name, field])
}

deny contains msg if {
	some [field, url] in urls
	[scheme, _] := parts(url)
	not scheme in schemes
	msg := sprintf("%s: %s scheme must be one of: %s", [call.name, field, concat(", ", schemes)])
}

deny contains msg if {
	some [field, url] in urls
	contains(authority(url), "@")
	msg := sprintf("%s: %s must not contain user information", [call.name, field])
}

deny contains msg if {
	some [field, url] in urls
	contains(authority(url), "%")
	msg := sprintf("%s: %s host must not be percent-encoded", [call.name, field])
}

deny contains msg if {
	some [field, url] in urls
	ip_literal(host(authority(url)))
	not rule.allow_ip_literals == true
	msg := sprintf("%s: %s host must be a name, not an IP address", [call.name, field])
}

deny contains msg if {
	some [field, url] in urls
	auth := authority(url)
	not contains(auth, "@")
	not host_allowed(host(auth), hosts)
	msg := sprintf("%s: %s host must be one of: %s", [call.name, field, concat(", ", hosts)])
}
