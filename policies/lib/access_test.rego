package mcp.lib.access_test

import rego.v1

import data.mcp.lib.access
import data.mcp.lib.fixtures

call_by(principal, name) := object.union(fixtures.call(name, {}), {"principal": principal})

alice := fixtures.principal

bob := {"id": "bob", "authenticated_by": "jwt", "claims": {"sub": "bob", "groups": ["ops", 7], "team": "blue"}, "roles": ["admin"]}

settings := {"access": {
	"principals": {"alice": ["write_file"]},
	"roles": {"admin": ["*"], "ops": ["deploy_*"], "blue": ["paint"]},
	"role_claims": ["groups", "team"],
	"restricted": ["run_command", "deploy_*"],
}}

test_nothing_granted_by_default if {
	not access.granted("write_file") with input as call_by(alice, "write_file") with data.config as {}
	not access.granted("anything") with input as call_by(bob, "anything") with data.config as {}
}

test_principal_grant if {
	access.granted("write_file") with input as call_by(alice, "write_file") with data.config as settings
	not access.granted("run_command") with input as call_by(alice, "run_command") with data.config as settings
}

test_role_grant if {
	access.granted("anything") with input as call_by(bob, "anything") with data.config as settings
}

test_roles_from_claims if {
	access.roles == {"admin", "ops", "blue"} with input as call_by(bob, "x") with data.config as settings
	access.roles == {"admin"} with input as call_by(bob, "x") with data.config as {}
}

test_role_claim_grants if {
	no_admin := object.union(bob, {"roles": []})
	access.granted("deploy_app") with input as call_by(no_admin, "deploy_app") with data.config as settings
	access.granted("paint") with input as call_by(no_admin, "paint") with data.config as settings
	not access.granted("other") with input as call_by(no_admin, "other") with data.config as settings
}

test_restricted_tool_blocked_without_grant if {
	access.blocks == {"tool run_command is restricted to the principals and roles granted it"} with input as call_by(alice, "run_command")
		with data.config as settings
}

test_restricted_tool_passes_with_grant if {
	count(access.blocks) == 0 with input as call_by(bob, "run_command") with data.config as settings
}

test_unrestricted_tools_not_blocked if {
	count(access.blocks) == 0 with input as call_by(alice, "read_file") with data.config as settings
}

test_strict_allowlist if {
	strict := {"access": {"principals": {"alice": ["read_file"]}, "restricted": ["*"]}}
	count(access.blocks) == 0 with input as call_by(alice, "read_file") with data.config as strict
	count(access.blocks) == 1 with input as call_by(alice, "list_files") with data.config as strict
}

test_only_tool_calls_blocked if {
	msg := fixtures.request("client_to_server", "tools/list", {"name": "run_command"})
	count(access.blocks) == 0 with input as msg with data.config as settings
}
