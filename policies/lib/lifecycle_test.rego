package mcp.lib.lifecycle_test

import rego.v1

import data.mcp.lib.fixtures
import data.mcp.lib.lifecycle

test_client_plumbing_allowed if {
	methods := [
		"initialize", "ping", "tools/list", "prompts/list", "prompts/get", "resources/list",
		"resources/templates/list", "resources/read", "completion/complete", "logging/setLevel",
	]
	every method in methods {
		lifecycle.allowed with input as fixtures.request("client_to_server", method, {})
	}
}

test_server_plumbing_allowed if {
	every method in ["ping", "roots/list"] {
		lifecycle.allowed with input as fixtures.request("server_to_client", method, {})
	}
}

test_other_requests_denied_by_default if {
	not lifecycle.allowed with input as fixtures.request("client_to_server", "admin/shutdown", {})
	not lifecycle.allowed with input as fixtures.request("client_to_server", "tools/call", {"name": "t"})
	not lifecycle.allowed with input as fixtures.request("server_to_client", "sampling/createMessage", {})
}

test_direction_matters if {
	not lifecycle.allowed with input as fixtures.request("server_to_client", "initialize", {})
	not lifecycle.allowed with input as fixtures.request("client_to_server", "roots/list", {})
}

test_only_requests if {
	not lifecycle.allowed with input as fixtures.notification("client_to_server", "ping")
}

test_extra_methods_from_data if {
	settings := {"lifecycle": {"client_methods": ["resources/subscribe"], "server_methods": ["custom/ask"]}}
	lifecycle.allowed with input as fixtures.request("client_to_server", "resources/subscribe", {}) with data.config as settings
	lifecycle.allowed with input as fixtures.request("server_to_client", "custom/ask", {}) with data.config as settings
	not lifecycle.allowed with input as fixtures.request("client_to_server", "custom/ask", {}) with data.config as settings
}
