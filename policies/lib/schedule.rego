# Time windows (data.config.time_windows): tools callable only at certain times.
#
#   time_windows:
#     - tools: [write_file, run_command]   # glob patterns
#       days: [Monday, Tuesday, Wednesday, Thursday, Friday]   # optional, default every day
#       from: "09:00"                      # inclusive, HH:MM
#       to: "18:00"                        # exclusive; a window with to < from spans midnight
#       timezone: Europe/Berlin            # IANA name, default UTC
#
# A tool that some window names may be called only within one of the windows naming it; tools no
# window names are not limited. The time is input.time (the decision time). Outside its windows a
# tool is hidden from tools/list as well.
package mcp.lib.schedule

import rego.v1

import data.mcp.lib.call
import data.mcp.lib.settings

windows := settings.get(["time_windows"], [])

applies(window, name) if {
	some pattern in window.tools
	call.matches(pattern, name)
}

minutes(hhmm) := (to_number(parts[0]) * 60) + to_number(parts[1]) if {
	parts := split(hhmm, ":")
	count(parts) == 2
}

now(window) := [day, (clock[0] * 60) + clock[1]] if {
	at := [input.time.ns, object.get(window, "timezone", "UTC")]
	clock := time.clock(at)
	day := time.weekday(at)
}

on_day(window, _) if not window.days

on_day(window, day) if day in window.days

in_window(window) if {
	[day, minute] := now(window)
	on_day(window, day)
	between(minute, minutes(window.from), minutes(window.to))
}

between(minute, from, to) if {
	from <= to
	minute >= from
	minute < to
}

between(minute, from, to) if {
	from > to
	minute >= from
}

between(minute, from, to) if {
	from > to
	minute < to
}

blocks contains msg if {
	call.tool_call
	some window in windows
	applies(window, call.name)
	not open(call.name)
	msg := sprintf("tool %s may only be called within its time windows", [call.name])
}

open(name) if {
	some window in windows
	applies(window, name)
	in_window(window)
}
