# Hidden text in what servers list (data.config.hidden_text):
#
#   hidden_text:
#     enabled: true
#
# Characters that render as nothing (Unicode tag characters, zero-width and bidirectional
# controls, variation selectors but the emoji ones, the soft hyphen) can spell out instructions
# a model reads and a person reviewing a tool before approving it (warden tools list --json) does
# not see. In the answers to initialize (a server's instructions, which clients give the model),
# tools/list, prompts/list, resources/list and resources/templates/list, every string holding one
# is redacted, and every object one of whose keys does (a schema property named with one): the
# model sees the marker, never the hidden text. Pinning still hashes the definition as the
# server sent it, so a server that adds hidden text to an approved tool is caught as a change.
package mcp.lib.hidden_text

import rego.v1

import data.mcp.lib.listings
import data.mcp.lib.settings

invisible := `[\x{00AD}\x{180E}\x{200B}-\x{200F}\x{202A}-\x{202E}\x{2060}-\x{2064}\x{2066}-\x{206F}\x{FE00}-\x{FE0D}\x{FEFF}\x{E0000}-\x{E007F}\x{E0100}-\x{E01EF}]`

described if {
	listings.listing
	not settings.get(["hidden_text", "enabled"], true) == false
}

# An answer without any (the usual one) costs one scan of its text; only one with some is walked.
hidden if {
	described
	regex.match(invisible, listings.text)
}

redactions contains path if {
	hidden
	walk(input.result, [path, value])
	is_string(value)
	regex.match(invisible, value)
}

redactions contains path if {
	hidden
	walk(input.result, [path, value])
	is_object(value)
	some key, _ in value
	is_string(key)
	regex.match(invisible, key)
}
