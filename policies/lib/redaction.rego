# Secrets and personal data (data.config.redaction):
#
#   redaction:
#     secrets: true              # API keys of common providers and private key blocks
#     emails: true               # e-mail addresses
#     card_numbers: true         # payment card numbers (13-19 digits passing the Luhn check)
#     deny_secrets_in_arguments: true
#
# In results coming back from servers (tools/call, resources/read, prompts/get), every text value
# holding something sensitive is redacted as a whole: the `redactions` paths point at it. So is
# the message or data of an error a server answers with, and the params of what a server sends
# unasked (log and progress messages, sampling and elicitation requests), which could carry the
# same text. Tool call arguments carrying a secret are refused, and so are prompt arguments,
# completion arguments and resource URIs; the reason names the kind, never the secret.
package mcp.lib.redaction

import rego.v1

import data.mcp.lib.call
import data.mcp.lib.settings

enabled(kind) if settings.get(["redaction", kind], true) == true

# A token with a long, distinctive prefix (ghp_, github_pat_, sk-ant-, glpat-, whsec_, a JWT's
# eyJ...eyJ) is found wherever it is, glued to other text too (KEY_ghp_..., Bearerghp_...). One
# with a short prefix (AKIA, AIza, sk-, sk_live_, xoxb-) starts after anything but a letter or a
# digit (an underscore too: KEY_AKIA...), or right after one of the escapes JSON writes for a line
# break, a tab or an HTML character (\n, \t, \u003c): the arguments are scanned as their JSON
# text, where a token at the start of a line follows the letter n. Short prefixes inside words
# (task-..., a disk_test_ identifier) are not tokens, and so neither is one glued to a word
# (Bearersk-...): telling the words a token is glued to apart would take the alternation past the
# DFA's 512 states, and every answer sixty times as long to scan.
secret_patterns := {
	"private key": `-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----|LS0tLS1CRUdJTi[A-Za-z0-9+/]*(UFJJVkFURSBLRV|BSSVZBVEUgS0VZ|QUklWQVRFIEtFW)`,
	"AWS access key id": `(?:^|[^A-Za-z0-9]|\\[nrtbf]|\\u[0-9a-fA-F]{4})(AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}([^0-9A-Z]|$)`,
	"AWS secret access key": `(?i:(aws_?)?secret_?access_?key)["']?\s*[:=]\s*["']?[A-Za-z0-9/+]{40}([^A-Za-z0-9/+=]|$)`,
	"GitHub token": `gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,}`,
	"Slack token": `(?:^|[^A-Za-z0-9]|\\[nrtbf]|\\u[0-9a-fA-F]{4})(xox[abposr]|xapp)-[A-Za-z0-9-]{10,}`,
	"Slack webhook": `https://hooks\.slack\.com/services/[A-Za-z0-9/_-]{20,}`,
	"Anthropic API key": `sk-ant-[A-Za-z0-9_-]{20,}`,
	"OpenAI API key": `(?:^|[^A-Za-z0-9]|\\[nrtbf]|\\u[0-9a-fA-F]{4})sk-((proj|svcacct|admin)-[A-Za-z0-9_-]{20,}|[A-Za-z0-9]{32,})`,
	"Stripe key": `(?:^|[^A-Za-z0-9]|\\[nrtbf]|\\u[0-9a-fA-F]{4})(sk|rk)_(live|test)_[A-Za-z0-9]{16,}|whsec_[A-Za-z0-9]{32,}`,
	"GitLab token": `gl(pat|dt|ptt|rt|soat|ft|imt|agent|oas)-[A-Za-z0-9_-]{20,}`,
	"JSON Web Token": `eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{8,}`,
	"Google API key": `(?:^|[^A-Za-z0-9]|\\[nrtbf]|\\u[0-9a-fA-F]{4})AIza[0-9A-Za-z_-]{35}`,
}

email_pattern := `[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`

# Runs of 13-19 digits, optionally grouped by spaces or dashes.
card_pattern := `\b[0-9]([ -]?[0-9]){12,18}\b`

# The kinds of secret in a text, by name (for deny reasons).
secrets_in(text) := {kind | some kind, pattern in secret_patterns; regex.match(pattern, text)}

# Any enabled kind, found without naming it: what redaction runs on each text. A text matching
# none of the patterns (the usual case) costs one scan, of any_sensitive; only a text that does is
# asked which kind it holds and whether that kind is enabled.
sensitive(text) if {
	regex.match(any_sensitive, text)
	sensitive_kind(text)
}

sensitive_kind(text) if {
	enabled("secrets")
	has_secret_decoded(text)
}

sensitive_kind(text) if {
	some kind in ["emails", "card_numbers"]
	enabled(kind)
	pii(kind, text)
}

# Every pattern redaction looks for, as one: any_secret, then the e-mail and card patterns, then
# a percent-escape (a secret may be encoded) (redaction_test.rego checks it is exactly that
# alternation).
any_sensitive := `(?:(?:^|[^A-Za-z0-9]|\\[nrtbf]|\\u[0-9a-fA-F]{4})(AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}([^0-9A-Z]|$))|(?:(?i:(aws_?)?secret_?access_?key)["']?\s*[:=]\s*["']?[A-Za-z0-9/+]{40}([^A-Za-z0-9/+=]|$))|(?:sk-ant-[A-Za-z0-9_-]{20,})|(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})|(?:gl(pat|dt|ptt|rt|soat|ft|imt|agent|oas)-[A-Za-z0-9_-]{20,})|(?:(?:^|[^A-Za-z0-9]|\\[nrtbf]|\\u[0-9a-fA-F]{4})AIza[0-9A-Za-z_-]{35})|(?:eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{8,})|(?:(?:^|[^A-Za-z0-9]|\\[nrtbf]|\\u[0-9a-fA-F]{4})sk-((proj|svcacct|admin)-[A-Za-z0-9_-]{20,}|[A-Za-z0-9]{32,}))|(?:(?:^|[^A-Za-z0-9]|\\[nrtbf]|\\u[0-9a-fA-F]{4})(xox[abposr]|xapp)-[A-Za-z0-9-]{10,})|(?:https://hooks\.slack\.com/services/[A-Za-z0-9/_-]{20,})|(?:(?:^|[^A-Za-z0-9]|\\[nrtbf]|\\u[0-9a-fA-F]{4})(sk|rk)_(live|test)_[A-Za-z0-9]{16,}|whsec_[A-Za-z0-9]{32,})|(?:-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----|LS0tLS1CRUdJTi[A-Za-z0-9+/]*(UFJJVkFURSBLRV|BSSVZBVEUgS0VZ|QUklWQVRFIEtFW))|(?:[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})|(?:\b[0-9]([ -]?[0-9]){12,18}\b)|(?:%[0-7][0-9A-Fa-f])`

# The secret patterns as one, in the order of their names: it matches where one of them does
# (redaction_test.rego checks it is exactly their alternation). A text is scanned once for all of
# them, which is what redaction asks of every text; secrets_in names the kinds only when one is found.
any_secret := `(?:(?:^|[^A-Za-z0-9]|\\[nrtbf]|\\u[0-9a-fA-F]{4})(AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}([^0-9A-Z]|$))|(?:(?i:(aws_?)?secret_?access_?key)["']?\s*[:=]\s*["']?[A-Za-z0-9/+]{40}([^A-Za-z0-9/+=]|$))|(?:sk-ant-[A-Za-z0-9_-]{20,})|(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})|(?:gl(pat|dt|ptt|rt|soat|ft|imt|agent|oas)-[A-Za-z0-9_-]{20,})|(?:(?:^|[^A-Za-z0-9]|\\[nrtbf]|\\u[0-9a-fA-F]{4})AIza[0-9A-Za-z_-]{35})|(?:eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{8,})|(?:(?:^|[^A-Za-z0-9]|\\[nrtbf]|\\u[0-9a-fA-F]{4})sk-((proj|svcacct|admin)-[A-Za-z0-9_-]{20,}|[A-Za-z0-9]{32,}))|(?:(?:^|[^A-Za-z0-9]|\\[nrtbf]|\\u[0-9a-fA-F]{4})(xox[abposr]|xapp)-[A-Za-z0-9-]{10,})|(?:https://hooks\.slack\.com/services/[A-Za-z0-9/_-]{20,})|(?:(?:^|[^A-Za-z0-9]|\\[nrtbf]|\\u[0-9a-fA-F]{4})(sk|rk)_(live|test)_[A-Za-z0-9]{16,}|whsec_[A-Za-z0-9]{32,})|(?:-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----|LS0tLS1CRUdJTi[A-Za-z0-9+/]*(UFJJVkFURSBLRV|BSSVZBVEUgS0VZ|QUklWQVRFIEtFW))`

has_secret(text) if regex.match(any_secret, text)

# An address with what comes before and after it: a URL's userinfo (https://user@host/), an
# scp-style remote (git@github.com:org/repo) and a file name with a scale (logo@2x.png) have an
# address's shape without being one, and redacting them would take whole source files and
# command outputs from the agent.
email_in_context := `(^|[^A-Za-z0-9._%+/-])([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.([A-Za-z]{2,}))((:\S)?)`

file_extensions := {"png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "css", "js", "mjs", "ts", "json", "html", "md", "txt", "pdf", "zip"}

pii("emails", text) if {
	regex.match(email_pattern, text)
	some m in regex.find_all_string_submatch_n(email_in_context, text, -1)
	m[5] == ""
	not lower(m[4]) in file_extensions
}

# Finding every candidate costs far more than matching one, so only texts with a candidate pay it.
pii("card_numbers", text) if {
	regex.match(card_pattern, text)
	some candidate in regex.find_n(card_pattern, text, -1)
	digits := regex.replace(candidate, `[ -]`, "")
	card_network(digits)
	card_number(digits)
}

# The issuer prefixes and lengths of the card networks (ISO/IEC 7812 IINs): one run of 13-19
# digits in ten passes the Luhn check, millisecond and nanosecond timestamps and device ids
# among them, and a number no network issues is not a card number.
card_network(d) if {
	startswith(d, "4")
	count(d) in {13, 16, 19}
}

card_network(d) if {
	count(d) == 16
	prefix_between(d, 2, 51, 55)
}

card_network(d) if {
	count(d) == 16
	prefix_between(d, 4, 2221, 2720)
}

card_network(d) if {
	count(d) == 15
	substring(d, 0, 2) in {"34", "37"}
}

card_network(d) if {
	count(d) >= 16
	some prefix in ["6011", "65", "62"]
	startswith(d, prefix)
}

card_network(d) if {
	count(d) >= 16
	prefix_between(d, 3, 644, 649)
}

card_network(d) if {
	count(d) >= 16
	prefix_between(d, 4, 3528, 3589)
}

card_network(d) if {
	count(d) >= 14
	substring(d, 0, 2) in {"36", "38", "39"}
}

card_network(d) if {
	count(d) >= 14
	prefix_between(d, 3, 300, 305)
}

prefix_between(d, n, low, high) if {
	prefix := to_number(substring(d, 0, n))
	prefix >= low
	prefix <= high
}

card_number(digits) if {
	count({d | some d in split(digits, "")}) > 1
	(luhn_sum(digits) % 10) == 0
}

# The Luhn sum: from the right, every second digit doubled (less 9 when above 9).
luhn_sum(digits) := sum([luhn_digit(to_number(substring(digits, (count(digits) - 1) - i, 1)), i) | some i in numbers.range(0, count(digits) - 1)])

luhn_digit(d, i) := d if (i % 2) == 0

luhn_digit(d, i) := 2 * d if {
	(i % 2) == 1
	d < 5
}

luhn_digit(d, i) := (2 * d) - 9 if {
	(i % 2) == 1
	d >= 5
}

# Whether the arguments' text holds a secret that is refused: a complete rule, so one evaluation
# scans the arguments once for the denial and the redaction below.

argument_readings := request_readings(call.arguments_text, input.params.arguments) if call.tool_call

secret_arguments if {
	settings.get(["redaction", "deny_secrets_in_arguments"], true) == true
	some text in argument_readings
	has_secret(text)
}

deny contains msg if {
	secret_arguments
	some text in argument_readings
	some kind in secrets_in(text)
	msg := sprintf("tool arguments contain a secret (%s)", [kind])
}

# A call refused for a secret in its arguments keeps the secret out of the journal too: a
# journal recording inputs (--journal-inputs) records them after these redactions. Only then,
# so an operator who lets secrets through still forwards the arguments as sent.
redactions contains array.concat(["arguments"], path) if some path in secret_paths

# Where in the arguments the refused secrets are: a string holding one, or an object one of whose
# keys holds one (the object is redacted, since a key cannot be redacted on its own).
secret_paths contains path if {
	secret_arguments
	walk(input.params.arguments, [path, value])
	holds_secret(value)
}

holds_secret(value) if {
	is_string(value)
	has_secret_decoded(value)
}

holds_secret(value) if {
	is_object(value)
	some key, _ in value
	has_secret_decoded(key)
}

# A secret that only the arguments' text shows as a whole (a key naming it, its value beside
# it) has no one place to redact: all the arguments are.
redactions contains ["arguments"] if {
	secret_arguments
	count(secret_paths) == 0
}

# The other client requests that carry an agent's text to a server, a way out as much as tool
# arguments are: a prompt's arguments, a completion's argument and context, a resource's URI (a
# secret in its query string). Refused and redacted as a tool call's arguments are, but for _meta.
request_with_text if {
	input.direction == "client_to_server"
	input.kind == "request"
	input.method in {"prompts/get", "completion/complete", "resources/read", "resources/subscribe"}
}

request_readings_of_params := request_readings(json.marshal(params), params) if {
	request_with_text
	params := object.remove(input.params, ["_meta"])
}

secret_request if {
	settings.get(["redaction", "deny_secrets_in_arguments"], true) == true
	some text in request_readings_of_params
	has_secret(text)
}

deny contains msg if {
	secret_request
	some text in request_readings_of_params
	some kind in secrets_in(text)
	msg := sprintf("%s: the request contains a secret (%s)", [input.method, kind])
}

request_secret_paths contains path if {
	secret_request
	walk(input.params, [path, value])
	count(path) > 0
	path[0] != "_meta"
	holds_secret(value)
}

redactions contains path if some path in request_secret_paths

redactions contains [key] if {
	secret_request
	count(request_secret_paths) == 0
	some key, _ in input.params
	key != "_meta"
}

# Every string of a message that carries content, wherever the sender put it: an answer's content
# items' text, names, titles, descriptions, URIs and annotations, embedded resources,
# structuredContent at any depth, _meta and members of its own; an error a server answers with;
# what a server sends unasked (a log message's data, a progress message, a sampling or
# elicitation request). A task's result (tasks/result, MCP 2025-11-25) is a tool call's answer
# come later. Listings (tools/list, ...) are left out: their strings are definitions
# the policy decides on, and scanning a thousand tools' schemas per listing would cost more than
# the listing.
content_response if {
	input.direction == "server_to_client"
	input.kind == "response"
	input.method in {"tools/call", "resources/read", "prompts/get", "completion/complete", "tasks/result"}
}

# What is scanned, and what redaction paths are relative to: the result, the error or the params.
scanned := input.result if content_response

scanned := input.error if {
	input.direction == "server_to_client"
	input.kind == "error"
}

scanned := input.params if {
	input.direction == "server_to_client"
	input.kind in {"notification", "request"}
}

texts contains [path, value] if {
	walk(scanned, [path, value])
	is_string(value)
	not binary(path)
	not handle(path)
}

# Base64 payloads (an image's or audio's data, a resource's blob, where MCP puts them) are not
# text: a pattern found in one is chance, and scanning megabytes of them per answer is not worth
# it. A member called data or blob anywhere else is scanned like any other.
binary(["content", i, "data"]) if input.result.content[i].type in {"image", "audio"}

binary(["content", i, "resource", "blob"]) if input.result.content[i].type == "resource"

binary(["contents", _, "blob"]) if input.method == "resources/read"

binary(["messages", i, "content", "data"]) if input.result.messages[i].content.type in {"image", "audio"}

binary(["messages", i, "content", "resource", "blob"]) if input.result.messages[i].content.type == "resource"

binary(["messages", i, "content", "data"]) if input.params.messages[i].content.type in {"image", "audio"}

binary(["messages", i, "content", j, "data"]) if input.params.messages[i].content[j].type in {"image", "audio"}

# The tokens the protocol matches a notification or request by stay as they are: redacting one
# would only break the match.
handle(["progressToken"]) if input.method == "notifications/progress"

handle(["requestId"]) if input.method == "notifications/cancelled"

handle(["_meta", "progressToken"]) if input.kind == "request"

# A number is scanned as its JSON text: a card number a server writes as a JSON number (an
# account record in structuredContent, say) is as much one as in a string. Only integers long
# enough to be one are looked at.
texts contains [path, text] if {
	walk(scanned, [path, value])
	text := card_length_integer(value)
	not handle(path)
}

card_length_integer(value) := text if {
	is_number(value)
	text := json.marshal(value)
	regex.match(`^[0-9]{13,19}$`, text)
}

# A key cannot be redacted on its own: an object one of whose keys is sensitive is, whole.
redactions contains path if {
	walk(scanned, [path, value])
	is_object(value)
	some key, _ in value
	is_string(key)
	sensitive(key)
}

redactions contains path if {
	some [path, text] in texts
	is_string(text)
	sensitive(text)
}
