package mcp.lib.listings_test

import rego.v1

import data.mcp.lib.fixtures
import data.mcp.lib.listings

test_listings_are_the_answers_describing_a_server if {
	every method in ["initialize", "tools/list", "prompts/list", "resources/list", "resources/templates/list"] {
		listings.listing with input as fixtures.response(method, {})
	}
	every method in ["tools/call", "resources/read", "prompts/get", "completion/complete"] {
		not listings.listing with input as fixtures.response(method, {})
	}
	not listings.listing with input as fixtures.request("client_to_server", "tools/list", {})
	not listings.listing with input as fixtures.error_response("tools/list", {"code": -1, "message": "x"})
}

test_text_is_the_answer_as_json if {
	result := {"tools": [{"name": "t", "description": "<b>bold</b> & ![x](y)"}]}
	listings.text == `{"tools":[{"description":"\u003cb\u003ebold\u003c/b\u003e \u0026 ![x](y)","name":"t"}]}` with input as fixtures.response("tools/list", result)
	not listings.text with input as fixtures.response("tools/call", result)
}
