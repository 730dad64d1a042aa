# Settings: the policies read data.config (policies/data.yaml). Each library part looks up its own
# section through get(), so a missing data file or section falls back to the part's default.
package mcp.lib.settings

import rego.v1

# The setting at path (an array of keys below data.config), or fallback when it is absent.
# Tool listing evaluates settings once per listed tool, so this is one call, not two.
get(path, fallback) := object.get(data.config, path, fallback) if {
	is_object(data.config)
} else := fallback
