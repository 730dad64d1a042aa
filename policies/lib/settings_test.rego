package mcp.lib.settings_test

import rego.v1

import data.mcp.lib.settings

test_get_reads_data_config if {
	settings.get(["a", "b"], 0) == 1 with data.config as {"a": {"b": 1}}
}

test_get_falls_back_when_the_setting_is_absent if {
	settings.get(["a", "c"], 7) == 7 with data.config as {"a": {"b": 1}}
}

test_get_falls_back_without_any_config if {
	settings.get(["a"], "fallback") == "fallback" with data.config as null
}
