package mcp.lib.commands_test

import rego.v1

import data.mcp.lib.commands
import data.mcp.lib.fixtures

settings := {"commands": {"tools": {
	"run_command": {"program": "command", "fields": ["command", "args"], "allowed": ["ls", "echo"]},
	"exec": {"program": "cmd", "fields": ["cmd"], "allowed": ["git"]},
}}}

deny(name, arguments) := reasons if {
	reasons := commands.deny with input as fixtures.call(name, arguments) with data.config as settings
}

only := "run_command: only these commands are allowed: ls, echo"

metachars := "run_command: shell metacharacters are not allowed"

test_allowed_programs_pass if {
	count(deny("run_command", {"command": "ls -la"})) == 0
	count(deny("run_command", {"command": "  echo", "args": ["hello world", "again"]})) == 0
	count(deny("exec", {"cmd": "git status"})) == 0
}

test_other_programs_denied if {
	deny("run_command", {"command": "rm -rf /"}) == {only}
	deny("run_command", {"command": "/bin/ls"}) == {only}
	deny("run_command", {"command": ""}) == {only}
	deny("exec", {"cmd": "ls"}) == {"exec: only these commands are allowed: git"}
}

test_metacharacters_denied_in_every_field if {
	every command in ["ls; rm -rf /", "ls && id", "ls | sh", "echo $(id)", "echo `id`", "ls > /etc/x", "ls\nid", "echo ${HOME}", "ls *"] {
		metachars in deny("run_command", {"command": command})
	}
	deny("run_command", {"command": "echo", "args": ["a", "b; rm -rf /"]}) == {metachars}
	deny("run_command", {"command": "echo", "args": "$(id)"}) == {metachars}
}

# A server may hand any argument to a shell, not only the ones the settings name.
test_metacharacters_denied_in_fields_not_listed if {
	every arguments in [
		{"cwd": "/tmp; rm -rf /"},
		{"dir": "$(id)"},
		{"options": {"shell": true, "input": "a|b"}},
		{"env": {"LD_PRELOAD": "/tmp/x.so`id`"}},
		{"env": {"A;B": "c"}},
		{"extra": ["ok", ["x && id"]]},
	] {
		deny("run_command", object.union({"command": "ls"}, arguments)) == {metachars}
	}
}

test_unchecked_fields_may_hold_anything if {
	config := {"commands": {"tools": {"exec": {"program": "cmd", "fields": ["cmd"], "allowed": ["git"], "unchecked": ["format"]}}}}
	count(commands.deny) == 0 with input as fixtures.call("exec", {"cmd": "git log", "format": "%h|%s"}) with data.config as config
	count(commands.deny) == 0 with input as fixtures.call("exec", {"cmd": "git log", "format": {"a|b": ["%h"]}}) with data.config as config
	commands.deny == {"exec: shell metacharacters are not allowed"} with input as fixtures.call("exec", {"cmd": "git log", "format": "%h", "other": "%s"})
		with data.config as config
	deny("exec", {"cmd": "git log", "format": "%h|%s"}) == {"exec: shell metacharacters are not allowed"}
}

# cmd.exe expands %VAR% and drops ^ (r^m is rm); PowerShell and cmd run what -enc or /c carry.
test_windows_shell_tricks_denied if {
	every command in ["r^m -rf x", "echo %USERPROFILE%", "echo %COMSPEC:~0,1%", "ls ^& calc"] {
		metachars in deny("run_command", {"command": command})
	}
	metachars in deny("run_command", {"command": "echo", "args": ["%APPDATA%"]})
	every command in ["cmd /c calc", "powershell -enc ZQBjAGgAbwA=", "pwsh -EncodedCommand ZQBjAGgAbwA=", "del /s /q C:", "ECHO hi", "echo.exe hi"] {
		only in deny("run_command", {"command": command})
	}
}

test_command_must_be_a_string if {
	deny("run_command", {}) == {"run_command: command must be a string"}
	deny("run_command", {"command": ["ls"]}) == {"run_command: command must be a string"}
}

test_checked_fields_must_be_strings if {
	deny("run_command", {"command": "ls", "args": [1]}) == {"run_command: args must be a string or a list of strings"}
	deny("run_command", {"command": "ls", "args": {"a": "b"}}) == {"run_command: args must be a string or a list of strings"}
}

test_metacharacters_from_data if {
	config := object.union(settings, {"commands": {"metacharacters": [";"]}})
	count(commands.deny) == 0 with input as fixtures.call("run_command", {"command": "ls *"}) with data.config as config
	commands.deny == {metachars} with input as fixtures.call("run_command", {"command": "ls a;b"}) with data.config as config
}

test_run_command_runs_nothing_without_settings if {
	commands.deny == {"run_command: only these commands are allowed: "} with input as fixtures.call("run_command", {"command": "ls"})
		with data.config as {}
}

test_default_metacharacters if {
	every ch in commands.default_metacharacters {
		commands.deny == {metachars} with input as fixtures.call("run_command", {"command": concat("", ["ls ", ch])})
			with data.config as settings
	}
}

test_other_tools_unchecked if {
	count(deny("read_file", {"command": "rm -rf /"})) == 0
}
