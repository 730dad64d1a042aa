# Tool pinning against rug pulls, and quarantine (data.config.pinning):
#
#   pinning:
#     quarantine: true                # new and changed tools are hidden and refused until approved
#     approved:                       # tool name -> approved definition hashes (input.tool.hash)
#       read_file: [3b9f0c1d...]
#     require_approval: false         # true: a tool without approved hashes in data is refused
#
# Quarantine: a tool is approved with `warden tools approve` (input.tool.approved: its current
# definition is the one approved) or by listing its hash in `approved`. Until then it is new, or
# changed since its approval (input.tool.changed_since_approval), and refused with a reason that
# says how to approve it. Without quarantine, a tool is refused once its definition changed since
# it was first listed (input.tool.changed), unless its current definition is approved.
#
# A tool with approved hashes in data is callable only in one of those definitions. Blocked tools
# are hidden from tools/list as well.
package mcp.lib.pinning

import rego.v1

import data.mcp.lib.call
import data.mcp.lib.settings

approved := settings.get(["pinning", "approved"], {})

quarantine := settings.get(["pinning", "quarantine"], true)

# Approved for this definition, by `warden tools approve` or by hash in data.
approved_definition if input.tool.approved == true

approved_definition if input.tool.hash in approved[call.name]

# The name and upstream `warden tools approve` takes (the upstream's own name for the tool).
approve_command := sprintf("warden tools approve --upstream %s %s", [input.tool.server, input.tool.name])

default approve_command := "warden tools list"

blocks contains msg if {
	call.tool_call
	hashes := approved[call.name]
	not input.tool.hash in hashes
	msg := sprintf("tool %s is not in an approved definition", [call.name])
}

blocks contains msg if {
	call.tool_call
	quarantine == true
	not approved[call.name]
	not approved_definition
	not input.tool.changed_since_approval == true
	msg := sprintf("tool %s is quarantined: it is new and not approved yet (review it, then run: %s)", [call.name, approve_command])
}

blocks contains msg if {
	call.tool_call
	quarantine == true
	not approved[call.name]
	not approved_definition
	input.tool.changed_since_approval == true
	msg := sprintf("tool %s is quarantined: its definition changed since it was approved (review it, then run: %s)", [call.name, approve_command])
}

blocks contains msg if {
	call.tool_call
	input.tool.changed == true
	quarantine != true
	not approved[call.name]
	not approved_definition
	msg := sprintf("tool %s changed since it was first listed", [call.name])
}

blocks contains msg if {
	call.tool_call
	settings.get(["pinning", "require_approval"], false) == true
	not approved[call.name]
	msg := sprintf("tool %s has no approved definition", [call.name])
}
