# Per-principal and per-role tool grants (data.config.access):
#
#   access:
#     principals: {alice: [write_file]}   # principal id -> tool patterns it may call
#     roles: {admin: ["*"]}               # role -> tool patterns its members may call
#     role_claims: [groups]               # token claims whose values also count as roles
#     restricted: [run_command]           # tools only granted principals and roles may call
#
# Grants add to what everyone may call. A restricted tool needs a grant, whoever calls it:
# `restricted: ["*"]` turns the grants into a strict allowlist. Roles are input.principal.roles
# (the warden takes them from the API key file or the JWT's roles claim) plus the values of the
# claims named in role_claims. Patterns are globs: "*" matches any tool, "read_*" a prefix.
package mcp.lib.access

import rego.v1

import data.mcp.lib.call
import data.mcp.lib.settings

roles contains role if {
	some role in input.principal.roles
	is_string(role)
}

roles contains role if {
	some claim in settings.get(["access", "role_claims"], [])
	some role in claim_values(input.principal.claims[claim])
}

claim_values(value) := [value] if is_string(value)

claim_values(value) := [v | some v in value; is_string(v)] if is_array(value)

# Tool listing probes granted() once per listed tool: roles are only worked out when some role
# has grants.
granted(name) if {
	some pattern in settings.get(["access", "principals", input.principal.id], [])
	call.matches(pattern, name)
}

granted(name) if {
	role_grants := settings.get(["access", "roles"], {})
	count(role_grants) > 0
	some role in roles
	some pattern in object.get(role_grants, role, [])
	call.matches(pattern, name)
}

restricted(name) if {
	some pattern in settings.get(["access", "restricted"], [])
	call.matches(pattern, name)
}

blocks contains msg if {
	call.tool_call
	restricted(call.name)
	not granted(call.name)
	msg := sprintf("tool %s is restricted to the principals and roles granted it", [call.name])
}
