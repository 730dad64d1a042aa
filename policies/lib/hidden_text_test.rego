package mcp.lib.hidden_text_test

import rego.v1

import data.mcp.lib.fixtures
import data.mcp.lib.hidden_text

# Written as JSON escapes: warden fmt, as opa fmt, would write a \u escape of a Rego string as the
# character itself, and these are invisible.
unescaped(text) := json.unmarshal(concat("", [`"`, text, `"`]))

# "Ignore" in Unicode tag characters: invisible, and read by a model as the letters they mirror.
tagged := unescaped(`Reads a file.\udb40\udc49\udb40\udc67\udb40\udc6e\udb40\udc6f\udb40\udc72\udb40\udc65`)

tool(description) := {"name": "read_file", "description": description, "inputSchema": {"type": "object"}}

test_hidden_text_in_tool_definitions_redacted if {
	listing := fixtures.response("tools/list", {"tools": [
		tool("Reads a file."),
		tool(tagged),
		{"name": "w", "inputSchema": {"type": "object", "properties": {"path": {"type": "string", "description": unescaped(`where\u200b to write`)}}}},
		{"name": "x", "inputSchema": {"type": "object", "properties": {unescaped(`p\u2066ath`): {"type": "string"}}}},
	]})
	hidden_text.redactions == {
		["tools", 1, "description"],
		["tools", 2, "inputSchema", "properties", "path", "description"],
		["tools", 3, "inputSchema", "properties"],
	} with input as listing with data.config as {}
}

test_every_kind_of_invisible_character_found if {
	escapes := [
		`\u00ad`, `\u180e`, `\u200b`, `\u200f`, `\u202e`, `\u2060`, `\u2066`, `\u206f`, `\ufe00`, `\ufe0d`, `\ufeff`,
		`\udb40\udc01`, `\udb40\udc7f`, `\udb40\udd00`,
	]
	every escape in escapes {
		prompts := {"prompts": [{"name": "p", "description": unescaped(concat("", ["a", escape, "b"]))}]}
		hidden_text.redactions == {["prompts", 0, "description"]} with input as fixtures.response("prompts/list", prompts)
			with data.config as {}
	}
}

test_other_listings_and_messages if {
	every method in ["resources/list", "resources/templates/list"] {
		count(hidden_text.redactions) == 1 with input as fixtures.response(method, {"resources": [{"uri": "x://a", "name": tagged}]}) with data.config as {}
	}
	instructions := {"protocolVersion": "2025-06-18", "instructions": tagged, "serverInfo": {"name": "s", "version": "1"}}
	hidden_text.redactions == {["instructions"]} with input as fixtures.response("initialize", instructions) with data.config as {}
	count(hidden_text.redactions) == 0 with input as fixtures.response("tools/call", {"content": [{"type": "text", "text": tagged}]}) with data.config as {}
	count(hidden_text.redactions) == 0 with input as fixtures.response("tools/list", {"tools": [tool(unescaped(`Caf\u00e9 \u2014 \u201cquoted\u201d \u65e5\u672c \u26a0\ufe0f \ud83d\udc4d`))]}) with data.config as {}
	count(hidden_text.redactions) == 0 with input as fixtures.response("tools/list", {"tools": [tool(tagged)]})
		with data.config as {"hidden_text": {"enabled": false}}
}
