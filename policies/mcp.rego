# The default mcp-warden policy (see docs/policy-contract.md for the input and decision, and
# docs/policies.md for the library parts under lib/ and their settings in data.yaml).
#
# - deny by default; the protocol's plumbing is allowed, notifications and responses pass;
# - sampling and elicitation only from the upstreams data.config.server_requests names;
# - read-only tools are allowed (readOnlyHint annotation, or named in config), write_file and
#   run_command by name, and any tool granted to the principal or one of its roles;
# - a tool blocked for what it is (quarantined until approved with `warden tools approve`, new or
#   changed, or not in an approved definition; restricted; not read-only in read-only mode;
#   outside its time windows) is neither listed nor callable;
# - arguments are checked: they match the tool's inputSchema, paths confined to roots, commands
#   allow-listed without shell metacharacters or environment variables that change what runs,
#   URLs limited to allowed schemes and hosts, no secrets;
# - no tool call or resource read names a credential file (SSH keys, cloud credentials, .env, ...);
# - secrets and personal data in results are redacted, and so are texts in results and listings
#   with images loading from hosts not allowed (a client fetching one sends out what its URL
#   carries);
# - text hidden in listed definitions (invisible Unicode characters) is redacted;
# - with several upstreams, sensitive requests go only to private ones (lib/routing.rego).
#
# `allow` decides whether a tool is listed at all (it is probed with no arguments and
# input.listing = true), so every argument check lives in `deny`. Deny reasons are journaled and
# returned to the client verbatim, so they never quote argument values.
package mcp

import rego.v1

import data.mcp.lib.access
import data.mcp.lib.arguments
import data.mcp.lib.call
import data.mcp.lib.command_env
import data.mcp.lib.commands
import data.mcp.lib.credential_files
import data.mcp.lib.hidden_text
import data.mcp.lib.images
import data.mcp.lib.lifecycle
import data.mcp.lib.paths
import data.mcp.lib.pinning
import data.mcp.lib.readonly
import data.mcp.lib.redaction
import data.mcp.lib.routing
import data.mcp.lib.schedule
import data.mcp.lib.server_requests
import data.mcp.lib.urls

# Methods

allow if lifecycle.allowed

allow if server_requests.allowed

# Tools

allow if {
	call.tool_call
	tool_permitted
	count(tool_blocks) == 0
}

tool_permitted if readonly.read_only

# Permitted by name; their arguments are checked by the deny rules below.
tool_permitted if input.params.name in {"write_file", "run_command"}

tool_permitted if access.granted(input.params.name)

# Reasons that depend on the tool alone, not on its arguments: such a tool is also hidden.
tool_blocks contains msg if some msg in pinning.blocks

tool_blocks contains msg if some msg in access.blocks

tool_blocks contains msg if some msg in readonly.blocks

tool_blocks contains msg if some msg in schedule.blocks

deny contains msg if some msg in tool_blocks

# Arguments

deny contains msg if some msg in arguments.deny

deny contains msg if some msg in paths.deny

deny contains msg if some msg in commands.deny

deny contains msg if some msg in command_env.deny

deny contains msg if some msg in urls.deny

deny contains msg if some msg in credential_files.deny

deny contains msg if some msg in redaction.deny

# Results

redactions contains path if some path in redaction.redactions

redactions contains path if some path in hidden_text.redactions

redactions contains path if some path in images.redactions

# Routing (sessions with several upstreams only)

route := routing.route

deny contains msg if some msg in routing.deny
