package mcp.lib.command_env_test

import rego.v1

import data.mcp.lib.command_env
import data.mcp.lib.fixtures

settings := {"commands": {"tools": {
	"run_command": {"program": "command", "fields": ["command", "args"], "allowed": ["ls", "git", "env"]},
	"pager": {"program": "cmd", "fields": ["cmd"], "allowed": ["less"], "allowed_env": ["PAGER", "LESS*"]},
}}}

deny(name, arguments) := reasons if {
	reasons := command_env.deny with input as fixtures.call(name, arguments) with data.config as settings
}

refused(pattern) := {sprintf("run_command: arguments must not set the environment variable %s", [pattern])}

test_variables_that_change_what_runs_refused if {
	every case in [
		[{"env": {"LD_PRELOAD": "/tmp/x.so"}}, "LD_*"],
		[{"env": {"LD_LIBRARY_PATH": "/tmp"}}, "LD_*"],
		[{"env": {"DYLD_INSERT_LIBRARIES": "/tmp/x.dylib"}}, "DYLD_*"],
		[{"env": {"PATH": "/tmp/evil:/usr/bin"}}, "PATH"],
		[{"env": {"BASH_ENV": "/tmp/x.sh"}}, "BASH_ENV"],
		[{"env": {"ENV": "/tmp/x.sh"}}, "ENV"],
		[{"env": {"PYTHONPATH": "/tmp"}}, "PYTHONPATH"],
		[{"env": {"NODE_OPTIONS": "--require /tmp/x.js"}}, "NODE_OPTIONS"],
		[{"env": {"GIT_SSH_COMMAND": "sh /tmp/x"}}, "GIT_SSH_COMMAND"],
		[{"env": {"GIT_CONFIG_COUNT": "1"}}, "GIT_CONFIG*"],
		[{"env": {"JAVA_TOOL_OPTIONS": "-javaagent:/tmp/a.jar"}}, "JAVA_TOOL_OPTIONS"],
		[{"env": {"HOME": "/tmp/evil"}}, "HOME"],
	] {
		deny("run_command", object.union({"command": "ls"}, case[0])) == refused(case[1])
	}
}

# An environment comes as an object, or as NAME=value strings: a list, a command line, an option.
test_every_way_of_setting_one_refused if {
	every arguments in [
		{"command": "ls", "env": ["A=1", "LD_PRELOAD=/tmp/x.so"]},
		{"command": "ls", "environment": "LD_PRELOAD=/tmp/x.so"},
		{"command": "env LD_PRELOAD=/tmp/x.so ls"},
		{"command": "ls", "args": ["--env=LD_PRELOAD=/tmp/x.so"]},
		{"command": "ls", "args": ["-e", "LD_PRELOAD=/tmp/x.so"]},
		{"command": "ls", "options": {"spawn": {"env": {"LD_PRELOAD": "/tmp/x.so"}}}},
		{"command": "ls", "envVars": [{"name": "x", "value": "y"}, {"LD_PRELOAD": "/tmp/x.so"}]},
		{"command": "ls", "extraEnv": {"A": "1", "B": "2,LD_PRELOAD=/tmp/x.so"}},
		{"command": "ls", "LD_PRELOAD": "/tmp/x.so"},
	] {
		deny("run_command", arguments) == refused("LD_*")
	}
}

# PowerShell's $env:, .NET's SetEnvironmentVariable and setx set a variable too, named in any case.
test_windows_ways_of_setting_one_refused if {
	deny("run_command", {"command": "powershell", "args": ["-Command", "$env:NODE_OPTIONS = '--require C:\\x.js'; node a.js"]}) == refused("NODE_OPTIONS")
	deny("run_command", {"command": "cmd /c setx path C:\\evil"}) == refused("PATH")
	deny("run_command", {"command": "powershell", "args": ["[Environment]::SetEnvironmentVariable('LD_PRELOAD', 'x')"]}) == refused("LD_*")
	deny("run_command", {"command": "powershell", "args": ["-Command", "echo $env:PATH"]}) == set()
}

# Windows reads variable names in any case: in an environment, `Path` is PATH.
test_names_in_an_environment_matched_in_any_case if {
	deny("run_command", {"command": "ls", "env": {"Path": "C:\\evil"}}) == refused("PATH")
	deny("run_command", {"command": "ls", "env": ["ld_preload=/tmp/x.so"]}) == refused("LD_*")
	deny("run_command", {"command": "ls", "Environment": {"ComSpec": "C:\\evil.exe"}}) == refused("COMSPEC")
}

# Outside an environment, a lower-case name is an argument of the tool, not a variable.
test_arguments_named_like_variables_pass if {
	count(deny("run_command", {"command": "ls", "path": "/tmp", "home": "x", "options": {"editor": "vi"}})) == 0
	count(deny("run_command", {"command": "git", "args": ["log", "--author=alice", "--format=%h"]})) == 0
	count(deny("run_command", {"command": "ls", "env": {"LANG": "C", "TZ": "UTC", "MY_PATH_PREFIX": "x"}})) == 0
	count(deny("run_command", {"command": "env TZ=UTC ls", "args": ["a=b", "x==PATH"]})) == 0
}

# A NAME=value word sets a variable before the command, after a program that hands it on (env
# and its options, sudo, export, make, a shell running it as a command line...), or as an
# option's value that sets one; the command line is the program's fields in order.
test_assignments_in_a_command_line_refused if {
	every arguments in [
		{"command": "LD_PRELOAD=/tmp/x.so ls"},
		{"command": "TZ=UTC LD_PRELOAD=/tmp/x.so ls -l"},
		{"command": "LD_PRELOAD=/tmp/x.so"},
		{"command": "env", "args": ["LD_PRELOAD=/tmp/x.so", "ls"]},
		{"command": "env", "args": ["-i", "LD_PRELOAD=/tmp/x.so", "ls"]},
		{"command": "env -u HOME LD_PRELOAD=/tmp/x.so ls"},
		{"command": "/usr/bin/env", "args": ["LD_PRELOAD=/tmp/x.so", "ls"]},
		{"command": "sudo", "args": ["-u", "root", "LD_PRELOAD=/tmp/x.so", "ls"]},
		{"command": "sudo env", "args": ["LD_PRELOAD=/tmp/x.so", "ls"]},
		{"command": "nohup", "args": ["env", "LD_PRELOAD=/tmp/x.so", "ls"]},
		{"command": "export LD_PRELOAD=/tmp/x.so"},
		{"command": "declare", "args": ["-x", "LD_PRELOAD=/tmp/x.so"]},
		{"command": "make", "args": ["all", "LD_PRELOAD=/tmp/x.so"]},
		{"command": "sh", "args": ["-c", "LD_PRELOAD=/tmp/x.so ls"]},
		{"command": "ssh", "args": ["host", "LD_PRELOAD=/tmp/x.so", "ls"]},
		{"command": "cmd", "args": ["/c", "set", "LD_PRELOAD=/tmp/x.so"]},
		{"command": "docker", "args": ["run", "-e", "LD_PRELOAD=/tmp/x.so", "alpine"]},
		{"command": "docker", "args": ["run", "-eLD_PRELOAD=/tmp/x.so", "alpine"]},
		{"command": "docker", "args": ["run", "--env", "LD_PRELOAD=/tmp/x.so", "alpine"]},
		{"command": "systemd-run", "args": ["--setenv=LD_PRELOAD=/tmp/x.so", "ls"]},
		{"command": "ssh", "args": ["-o", "SetEnv=LD_PRELOAD=/tmp/x.so", "host"]},
		{"command": "ls", "args": ["-l"], "shell": "\"LD_PRELOAD=/tmp/x.so\" ls"},
		{"command": "ls", "script": "echo start\nLD_PRELOAD=/tmp/x.so ls"},
		{"command": "ls", "hook": "true && LD_PRELOAD=/tmp/x.so ls"},
		{"command": "ls", "prefix": "LD_PRELOAD=/tmp/x.so"},
	] {
		deny("run_command", arguments) == refused("LD_*")
	}
}

# After the program, a NAME=value word is its argument: a build argument, a make-less tool's
# variable, text to print, or the program to run for one that runs its arguments as a program.
test_assignments_that_are_arguments_pass if {
	every arguments in [
		{"command": "docker", "args": ["build", "--build-arg", "ENV=prod", "."]},
		{"command": "docker build --build-arg PATH=/opt/bin ."},
		{"command": "docker", "args": ["run", "--env-file", "prod.env", "alpine", "PATH=/x"]},
		{"command": "ls", "args": ["PATH=/tmp"]},
		{"command": "echo PATH=/tmp HOME=/root"},
		{"command": "git", "args": ["log", "--grep", "PAGER=less"]},
		{"command": "helm", "args": ["install", "app", "--set", "HOME=/srv"]},
		{"command": "terraform", "args": ["apply", "-var", "PATH=/x"]},
		{"command": "nohup", "args": ["PATH=/x", "ls"]},
		{"command": "echo", "args": ["environment", "reset", "--preset", "PATH=/x"]},
		{"command": "ls", "args": ["-l"], "note": "to set it, the job runs with ENV=prod"},
	] {
		count(deny("run_command", arguments)) == 0
	}
}

test_a_tool_may_allow_some if {
	count(deny("pager", {"cmd": "less", "env": {"PAGER": "less", "LESSOPEN": "x", "LESSCHARSET": "utf-8"}})) == 0
	deny("pager", {"cmd": "less", "env": {"PAGER": "less", "LD_PRELOAD": "/tmp/x.so"}}) == {"pager: arguments must not set the environment variable LD_*"}
}

test_denied_list_from_data if {
	config := object.union(settings, {"commands": {"denied_env": ["TZ"]}})
	command_env.deny == {"run_command: arguments must not set the environment variable TZ"} with input as fixtures.call("run_command", {"command": "ls", "env": {"TZ": "UTC", "LD_PRELOAD": "x"}}) with data.config as config
}

test_the_default_list_applies_without_settings if {
	command_env.deny == refused("PATH") with input as fixtures.call("run_command", {"command": "ls", "env": {"PATH": "/tmp"}})
		with data.config as {}
}

test_other_tools_unchecked if {
	count(deny("read_file", {"env": {"LD_PRELOAD": "/tmp/x.so"}})) == 0
	count(deny("run_command", {})) == 0
}
