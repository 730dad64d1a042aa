package mcp.lib.server_requests_test

import rego.v1

import data.mcp.lib.fixtures
import data.mcp.lib.server_requests

sampling := fixtures.request("server_to_client", "sampling/createMessage", {"messages": []})

elicitation := fixtures.request("server_to_client", "elicitation/create", {"message": "name?"})

test_denied_by_default if {
	not server_requests.allowed with input as sampling with data.config as {}
	not server_requests.allowed with input as elicitation with data.config as {}
}

test_allowed_from_a_named_upstream if {
	server_requests.allowed with input as sampling with data.config as {"server_requests": {"sampling/createMessage": ["demo"]}}
}

test_each_method_separately if {
	settings := {"server_requests": {"sampling/createMessage": ["demo"]}}
	not server_requests.allowed with input as elicitation with data.config as settings
}

test_other_upstreams_refused if {
	settings := {"server_requests": {"elicitation/create": ["assistant"]}}
	not server_requests.allowed with input as elicitation with data.config as settings
}

test_patterns if {
	server_requests.allowed with input as elicitation with data.config as {"server_requests": {"elicitation/create": ["*"]}}
	server_requests.allowed with input as elicitation with data.config as {"server_requests": {"elicitation/create": ["de*"]}}
}

test_server_info_name_is_not_trusted if {
	spoofed := object.union(sampling, {"upstream": "other", "session": {"server": {"name": "demo"}}})
	not server_requests.allowed with input as spoofed with data.config as {"server_requests": {"sampling/createMessage": ["demo"]}}
}

test_only_gated_server_requests if {
	settings := {"server_requests": {"sampling/createMessage": ["*"], "tools/call": ["*"]}}
	not server_requests.allowed with input as fixtures.request("server_to_client", "tools/call", {}) with data.config as settings
	client_side := object.union(sampling, {"direction": "client_to_server"})
	not server_requests.allowed with input as client_side with data.config as settings
}
