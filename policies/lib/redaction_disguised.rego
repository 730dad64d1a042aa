# Secrets spelled so that the patterns of redaction.rego miss them in any one string: percent-
# encoded (ghp%5F..., %41KIA... in a URL a server decodes), or split across the strings of a
# request (["ghp_0123", "4567..."], joined again by a server) or across the content items of an
# answer (shown one after another by a client). Part of mcp.lib.redaction: its rules and
# redactions are redaction's.
package mcp.lib.redaction

import rego.v1

# Whether a text holds a secret as it is or percent-decoded (ghp%5F..., %41KIA... in a URL a
# server will decode).
has_secret_decoded(text) if has_secret(text)

has_secret_decoded(text) if has_secret(decoded(text))

# The text with its percent-escapes of ASCII characters decoded, when it has one. Tokens are
# ASCII: escapes of other bytes, a `%` that starts no escape and `+` are left as they are, so
# that decoding never fails (urlquery.decode refuses invalid UTF-8 and stray `%`).
decoded(text) := urlquery.decode(escaped) if {
	regex.match(ascii_escape, text)
	escaped := regex.replace(replace(replace(text, "%", "%25"), "+", "%2B"), `%25([0-7][0-9A-Fa-f])`, "%$1")
}

ascii_escape := `%[0-7][0-9A-Fa-f]`

# The ways a text is read for secrets: as it is and percent-decoded.
readings(text) := {text, d} if {
	d := decoded(text)
} else := {text}

# The strings of a document (arguments, a request's params) joined end to end, when there are
# several: a token split across fields or list elements (["ghp_0123", "4567..."]) that a server
# joins again is found there. Strings join in document order (lists in order, members by name).
joined(doc) := text if {
	parts := [value | walk(doc, [_, value]); is_string(value)]
	count(parts) > 1
	text := concat("", parts)
}

# What a client request is scanned as for secrets: its JSON text and its joined strings, each as
# it is and percent-decoded.
request_readings(text, doc) := {reading | some t in texts_of(text, doc); some reading in readings(t)}

texts_of(text, doc) := [text, joined(doc)] if joined(doc)

else := [text]

# A secret split across the content items of an answer (["ghp_0123", "4567..."]) is whole again
# where a client shows the items one after another, and the model reads them so: the items'
# texts are also scanned joined, and when only the joined text holds a secret every item's text
# is redacted. A long text takes part by its first and last 256 characters, where a token split
# from the next item can be.
pieces := [[["content", i, "text"], item.text] | some i, item in input.result.content; is_string(item.text)] if {
	content_response
	input.method != "resources/read"
	input.method != "prompts/get"
}

pieces := [[["contents", i, "text"], item.text] | some i, item in input.result.contents; is_string(item.text)] if {
	content_response
	input.method == "resources/read"
}

pieces := [[["messages", i, "content", "text"], m.content.text] | some i, m in input.result.messages; is_string(m.content.text)] if {
	content_response
	input.method == "prompts/get"
}

split_secret if {
	enabled("secrets")
	count(pieces) > 1
	joined_secret([piece[1] | some piece in pieces])
	joined_secret([clean_text(piece[1]) | some piece in pieces])
}

# The pieces' clipped texts joined hold a secret. Checked first on all the texts (one scan, the
# usual case), then with the pieces already holding one set apart: a secret of its own in one
# item must not hide a split one, nor be taken for one.
joined_secret(texts) if {
	some text in readings(concat("", [clipped(t) | some t in texts]))
	has_secret(text)
}

clean_text(text) := "\n" if has_secret_decoded(text)

else := text

clipped(text) := text if count(text) <= 512

else := concat("\n", [substring(text, 0, 256), substring(text, count(text) - 256, 256)])

redactions contains piece[0] if {
	split_secret
	some piece in pieces
}
