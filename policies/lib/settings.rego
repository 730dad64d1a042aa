# Settings: the policies read data.config (policies/data.yaml). Each library part looks up its own
# section through get(), so a missing data file or section falls back to the part's default.
package mcp.lib.settings

import rego.v1

default config := {}

config := data.config if is_object(data.config)

# The setting at path (an array of keys below data.config), or fallback when it is absent.
get(path, fallback) := object.get(config, path, fallback)
