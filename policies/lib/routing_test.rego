package mcp.lib.routing_test

import rego.v1

import data.mcp.lib.fixtures
import data.mcp.lib.routing

candidates := [
	{"name": "public", "private": false, "namespace": "search", "available": true, "endpoints": 1},
	{"name": "vault", "private": true, "namespace": "search", "available": true, "endpoints": 2},
	{"name": "vault2", "private": true, "namespace": "search", "available": false, "endpoints": 1},
]

routed_call(arguments) := object.union(fixtures.call("search", arguments), {"upstream": "public", "candidates": candidates})

test_plain_request_may_use_any_candidate if {
	not routing.route with input as routed_call({"q": "weather in Oslo"})
	count(routing.deny) == 0 with input as routed_call({"q": "weather in Oslo"})
}

test_pii_goes_only_to_private_upstreams_in_order if {
	every text in ["mail jane.doe@example.com", "ssn 078-05-1120", "pay DE89370400440532013000", "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123"] {
		routing.route == ["vault", "vault2"] with input as routed_call({"q": {"nested": [text]}})
	}
}

test_reasons_name_the_kind_never_the_value if {
	routing.reasons == {"argument matches e-mail address"} with input as routed_call({"q": "jane.doe@example.com"})
}

test_secrets_are_named_as_one_kind if {
	routing.reasons == {"argument matches secret"} with input as routed_call({"q": "use sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123"})
	routing.reasons == {"argument matches secret"} with input as routed_call({"q": "AKIAABCDEFGHIJKLMNOP"})
}

test_credential_named_argument_is_sensitive if {
	routing.route == ["vault", "vault2"] with input as routed_call({"auth": {"API_KEY": "x"}})
	routing.reasons == {"argument named like a credential"} with input as routed_call({"auth": {"API_KEY": "x"}})
}

test_private_role if {
	inp := object.union(routed_call({}), {"principal": object.union(fixtures.principal, {"roles": ["hr"]})})
	routing.route == ["vault", "vault2"] with input as inp with data.config.routing.private_roles as ["hr"]
	not routing.route with input as inp
}

test_configured_patterns_and_keys if {
	cfg := {"patterns": {"project codename": `(?i)bluebird`}, "default_patterns": false, "keys": ["Pin"]}
	routing.reasons == {"argument matches project codename", "argument named like a credential"} with input as routed_call({"pin": "1", "q": "Bluebird x@example.com"})
		with data.config.routing as cfg
	not routing.route with input as routed_call({"q": "x@example.com"}) with data.config.routing as cfg
}

test_no_private_candidate_denies if {
	inp := object.union(routed_call({"q": "jane@example.com"}), {"candidates": [candidates[0]]})
	routing.deny == {"sensitive request and no private upstream can serve it"} with input as inp
	not routing.route with input as inp
}

test_single_upstream_sessions_are_unaffected if {
	not routing.sensitive with input as fixtures.call("search", {"q": "jane@example.com"})
	count(routing.deny) == 0 with input as fixtures.call("search", {"q": "jane@example.com"})
}

test_responses_are_not_routed if {
	inp := object.union(fixtures.response("tools/call", {"content": [{"type": "text", "text": "jane@example.com"}]}), {"candidates": candidates})
	not routing.sensitive with input as inp
}

test_shipped_policy_routes_and_denies if {
	data.mcp.route == ["vault", "vault2"] with input as routed_call({"q": "jane@example.com"})
	"sensitive request and no private upstream can serve it" in data.mcp.deny with input as object.union(routed_call({"q": "jane@example.com"}), {"candidates": [candidates[0]]})
	not data.mcp.route with input as fixtures.call("search", {"q": "jane@example.com"})
}
