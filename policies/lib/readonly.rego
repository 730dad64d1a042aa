# Read-only mode from tool annotations (data.config.read_only):
#
#   read_only:
#     enabled: true             # only read-only tools may be called
#     deny_destructive: true    # tools annotated destructiveHint: true are refused, mode or not
#
# A tool is read-only when its upstream annotates it readOnlyHint: true (and not also
# destructiveHint: true), or when it is named in data.config.tools.read_only. Annotations are the
# server's own hints: read-only mode is only as good as the servers you trust to annotate.
package mcp.lib.readonly

import rego.v1

import data.mcp.lib.call
import data.mcp.lib.settings

destructive if input.tool.annotations.destructiveHint == true

read_only if {
	input.tool.annotations.readOnlyHint == true
	not destructive
}

read_only if input.params.name in settings.get(["tools", "read_only"], ["list_files", "read_file"])

blocks contains msg if {
	call.tool_call
	settings.get(["read_only", "enabled"], false) == true
	not read_only
	msg := sprintf("tool %s is not read-only (read-only mode)", [call.name])
}

blocks contains msg if {
	call.tool_call
	settings.get(["read_only", "deny_destructive"], false) == true
	destructive
	msg := sprintf("tool %s is annotated destructive", [call.name])
}
