# Tool pinning against rug pulls (data.config.pinning):
#
#   pinning:
#     approved:                       # tool name -> approved definition hashes (input.tool.hash)
#       read_file: [3b9f0c1d...]
#     require_approval: false         # true: a tool without approved hashes is refused
#
# A tool with approved hashes is callable only in one of those definitions, whether or not it
# changed since first listed (approving the new hash re-admits a tool after a reviewed change).
# A tool without any is refused once its definition changes since it was first listed
# (input.tool.changed). Blocked tools are hidden from tools/list as well.
package mcp.lib.pinning

import rego.v1

import data.mcp.lib.call
import data.mcp.lib.settings

approved := settings.get(["pinning", "approved"], {})

blocks contains msg if {
	call.tool_call
	hashes := approved[call.name]
	not input.tool.hash in hashes
	msg := sprintf("tool %s is not in an approved definition", [call.name])
}

blocks contains msg if {
	call.tool_call
	not approved[call.name]
	input.tool.changed == true
	msg := sprintf("tool %s changed since it was first listed", [call.name])
}

blocks contains msg if {
	call.tool_call
	settings.get(["pinning", "require_approval"], false) == true
	not approved[call.name]
	msg := sprintf("tool %s has no approved definition", [call.name])
}
