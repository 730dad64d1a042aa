# Server-initiated sampling (the server asks the client's model to generate) and elicitation (the
# server asks the user for input) only from upstreams named in data.config.server_requests, per
# method:
#
#   server_requests:
#     sampling/createMessage: [assistant]
#     elicitation/create: ["*"]
#
# Entries are glob patterns matched against input.upstream, the name warden gives the upstream.
# The server's own serverInfo name (input.session.server.name) is not used: the server chooses it.
package mcp.lib.server_requests

import rego.v1

import data.mcp.lib.call
import data.mcp.lib.settings

gated_methods := {"sampling/createMessage", "elicitation/create"}

allowed if {
	input.direction == "server_to_client"
	input.kind == "request"
	input.method in gated_methods
	some pattern in settings.get(["server_requests", input.method], [])
	call.matches(pattern, input.upstream)
}
