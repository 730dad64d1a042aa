package mcp.lib.command_line_test

import rego.v1

import data.mcp.lib.command_line

# Each command line and exactly the variables it sets.
test_variables_set if {
	every line, names in {
		"A=1 B='x y' prog C=3": {"A", "B"},
		"A=1": {"A"},
		"prog; A=1 prog2 D=4": {"A"},
		"prog\nA=1 prog2": {"A"},
		"\"A=1\" 'B=2' prog": {"A", "B"},
		"env -i A=1 -u X B=2 prog": {"A", "B"},
		"/usr/bin/env A=1 prog": {"A"},
		"sudo -u root A=1 prog": {"A"},
		"nice env A=1 prog": {"A"},
		"export A=1": {"A"},
		"readonly A=1": {"A"},
		"make -j4 all A=1": {"A"},
		"bash -c A=1 prog": {"A"},
		"cmd /c set A=1": {"A"},
		"ssh host A=1 prog": {"A"},
		"npx cross-env A=1 node x.js": {"A"},
		"docker run -e A=1 -eB=2 --env C=3 --env=D=4 img E=5": {"A", "B", "C", "D"},
		"podman run --env=A=1 img": {"A"},
		"systemd-run --setenv=A=1 --setenv B=2 prog": {"A", "B"},
		"sftp -o SetEnv=A=1 -oSetEnv=B=2 host": {"A", "B"},
		"$env:NODE_OPTIONS = '--require x.js'; node app.js": {"NODE_OPTIONS"},
		"$env:Path += ';C:\\tools'": {"Path", "PATH"},
		"${env:A}='1'": {"A"},
		"Set-Item -Path env:PATH -Value C:\\x": {"PATH"},
		"New-Item env:\\A -Value 1": {"A"},
		"[System.Environment]::SetEnvironmentVariable('LD_PRELOAD', 'x', 'User')": {"LD_PRELOAD"},
		"setx PATH C:\\x": {"PATH"},
		"cmd /c setx /M ComSpec C:\\evil.exe": {"ComSpec", "COMSPEC"},
	} {
		command_line.assigned(line) == names
	}
}

# A NAME=value word after the program is its argument.
test_arguments_set_nothing if {
	every line in [
		"docker build --build-arg ENV=prod .",
		"docker run --env-file prod.env img PATH=/x",
		"ls PATH=/x",
		"echo HOME=/root",
		"git -c core.pager=less log --grep PAGER=less",
		"helm install app --set HOME=/srv",
		"nohup PATH=/x ls",
		"echo environment reset --preset PATH=/x",
		"the job runs with ENV=prod, to set it see the docs",
		"a == b",
		"--flag=PATH=/x",
		"echo $env:PATH",
		"if ($env:PATH -eq 'x') { ls }",
		"Get-Item env:PATH",
		"git commit -m 'run setx PATH later'",
		"[Environment]::GetEnvironmentVariable('PATH')",
	] {
		not sets_any(line)
	}
	not sets_any("ls -la /tmp")
	not sets_any("")
}

sets_any(line) if count(command_line.assigned(line)) > 0

test_any_setting_is_every_start if {
	command_line.any_setting == concat("|", [command_line.leading_start, command_line.handing_on_start, command_line.setting_option, command_line.windows_setting])
}
