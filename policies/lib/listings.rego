# The answers in which a server describes itself and what it offers: initialize (its
# instructions, which clients give the model), tools/list, prompts/list, resources/list and
# resources/templates/list. Their strings reach the model as much as a result does, but a
# listing can hold a thousand tools' schemas: the parts that look at them (hidden_text, images)
# rule most listings out with one scan of their JSON text, marshalled once for all of them.
package mcp.lib.listings

import rego.v1

listing if {
	input.direction == "server_to_client"
	input.kind == "response"
	input.method in {"initialize", "tools/list", "prompts/list", "resources/list", "resources/templates/list"}
}

# A complete rule: one evaluation marshals the answer once, whichever parts scan it.
text := json.marshal(input.result) if listing
