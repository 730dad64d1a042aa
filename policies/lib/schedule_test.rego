package mcp.lib.schedule_test

import rego.v1

import data.mcp.lib.fixtures
import data.mcp.lib.schedule

# Wednesday 2025-01-01 and Saturday 2025-01-04, at the given UTC time.
wednesday(hour, minute) := ((1735689600 + (hour * 3600)) + (minute * 60)) * 1000000000

saturday(hour, minute) := wednesday(hour, minute) + ((3 * 86400) * 1000000000)

at(name, ns) := object.union(fixtures.call(name, {}), {"time": {"rfc3339": "", "ns": ns}})

office := {"time_windows": [{
	"tools": ["write_*", "run_command"],
	"days": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
	"from": "09:00",
	"to": "18:00",
}]}

blocked := "tool write_file may only be called within its time windows"

test_inside_the_window if {
	count(schedule.blocks) == 0 with input as at("write_file", wednesday(9, 0)) with data.config as office
	count(schedule.blocks) == 0 with input as at("run_command", wednesday(17, 59)) with data.config as office
}

test_outside_the_hours if {
	schedule.blocks == {blocked} with input as at("write_file", wednesday(8, 59)) with data.config as office
	schedule.blocks == {blocked} with input as at("write_file", wednesday(18, 0)) with data.config as office
}

test_outside_the_days if {
	schedule.blocks == {blocked} with input as at("write_file", saturday(10, 0)) with data.config as office
}

test_tools_no_window_names_are_free if {
	count(schedule.blocks) == 0 with input as at("read_file", saturday(3, 0)) with data.config as office
	count(schedule.blocks) == 0 with input as at("write_file", saturday(3, 0)) with data.config as {}
}

test_every_day_without_days if {
	config := {"time_windows": [{"tools": ["*"], "from": "09:00", "to": "18:00"}]}
	count(schedule.blocks) == 0 with input as at("write_file", saturday(10, 0)) with data.config as config
}

test_window_across_midnight if {
	config := {"time_windows": [{"tools": ["backup"], "from": "22:00", "to": "06:00"}]}
	count(schedule.blocks) == 0 with input as at("backup", wednesday(23, 0)) with data.config as config
	count(schedule.blocks) == 0 with input as at("backup", wednesday(5, 59)) with data.config as config
	count(schedule.blocks) == 1 with input as at("backup", wednesday(12, 0)) with data.config as config
}

test_time_zone if {
	# 09:30 UTC is 10:30 in Paris (and 04:30 in New York).
	paris := {"time_windows": [{"tools": ["*"], "from": "10:00", "to": "11:00", "timezone": "Europe/Paris"}]}
	count(schedule.blocks) == 0 with input as at("t", wednesday(9, 30)) with data.config as paris
	new_york := {"time_windows": [{"tools": ["*"], "from": "10:00", "to": "11:00", "timezone": "America/New_York"}]}
	count(schedule.blocks) == 1 with input as at("t", wednesday(9, 30)) with data.config as new_york
}

test_any_matching_window_opens if {
	config := {"time_windows": [
		{"tools": ["t"], "from": "08:00", "to": "09:00"},
		{"tools": ["t"], "from": "17:00", "to": "18:00"},
	]}
	count(schedule.blocks) == 0 with input as at("t", wednesday(17, 30)) with data.config as config
	count(schedule.blocks) == 1 with input as at("t", wednesday(12, 0)) with data.config as config
}

test_malformed_times_never_open if {
	config := {"time_windows": [{"tools": ["t"], "from": "9", "to": "18:00"}]}
	count(schedule.blocks) == 1 with input as at("t", wednesday(12, 0)) with data.config as config
}

test_only_tool_calls if {
	msg := fixtures.request("client_to_server", "tools/list", {"name": "write_file"})
	count(schedule.blocks) == 0 with input as msg with data.config as office
}

test_unknown_time_zone_never_opens if {
	config := {"time_windows": [{"tools": ["t"], "from": "00:00", "to": "23:59", "timezone": "Mars/Olympus_Mons"}]}
	count(schedule.blocks) == 1 with input as at("t", wednesday(12, 0)) with data.config as config
}
