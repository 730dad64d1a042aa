# The environment variables a command line sets, as a shell and the programs it starts read it
# (command_env.rego decides which may be set). A `NAME=value` word sets a variable only where it
# is not an argument of the program:
#
# - before the command, at the start of the line or of a command in it (after a line break, `;`,
#   `&`, `|`, `(`, `{`, a backquote or `!`): `LD_PRELOAD=x ls`, or alone (`PATH=/x`, which a
#   persistent shell keeps for the next call);
# - after a program that hands them on, wherever it is: `env` (with its options: `env -i A=1 ls`),
#   `sudo`, `cross-env`, a shell, cmd.exe, `ssh`, `su` or `watch` (which run their arguments as a
#   command line), and make, which puts command-line variables in every recipe's environment
#   (`make PATH=/x` runs the recipes with that PATH); or after a shell builtin that sets them, as
#   a command: `export`, `declare`, `typeset`, `local`, `readonly`, `eval`, bash's `time`,
#   cmd.exe's `set`. Every word after one counts: options and their values come between
#   (`sudo -u root A=1`), and a program it starts may take more;
# - as the value of an option that sets one: `-e A=1` and `-eA=1` (docker, podman), `--env=A=1`
#   and `--env A=1` (and `--setenv`, `--extra-env`, ...), ssh's `SetEnv=A=1`.
#
# Elsewhere it is an argument (`docker build --build-arg ENV=prod .`, `ls A=1`), as it is after
# programs that run their arguments as a program, not a command line (`nohup A=1 ls` runs `A=1`).
# A quote before a name (`"PATH=/x"`) is read as the shell drops it.
package mcp.lib.command_line

import rego.v1

assigned(line) := ((leading(line) | handed_on(line)) | options(line)) | windows(line) if regex.match(any_setting, line)

# Whether any of the four may find a name, matched first: finding costs more than matching, and
# most lines set nothing. command_line_test.rego checks it is the four starts below.
any_setting := `(?:^|[\n\r;&|(){}\x60!])[\t ]*["']?[A-Za-z_][A-Za-z0-9_]*=|(?:(?:^|[\n\r;&|(){}\x60!])[\t ]*(?:export|declare|typeset|local|readonly|eval|time|set)|(?:^|[\s;&|(){}\x60!/])(?:env|sudo|cross-env|sh|bash|dash|zsh|ksh|cmd|cmd\.exe|ssh|su|watch|make|gmake))\s|(?:^|\s)(?:-[eE][\t ]*|--?(?:[A-Za-z]+-)*(?:set-?)?env(?:=|[\t ]+)|(?:-o[\t ]*)?(?i:setenv)(?:=|[\t ]+))["']?([A-Za-z_][A-Za-z0-9_]*)=|\$\{?(?i:env):([A-Za-z_][A-Za-z0-9_]*)\}?[\t ]*\+?=|(?i:set-item|new-item|set-content)[\t ]+(?:(?i:-path)[\t ]+)?["']?(?i:env):[\\/]?([A-Za-z_][A-Za-z0-9_]*)|(?i:setenvironmentvariable)[\t ]*\([\t ]*["']([A-Za-z_][A-Za-z0-9_]*)["']|(?:^|[\n\r;&|(){}\x60!]|\s/[CcKk])[\t ]*(?i:setx)(?:\.exe)?[\t ]+(?:/[Mm][\t ]+)?["']?([A-Za-z_][A-Za-z0-9_]*)`

# A run of assignments at the start of a command; then the names in each run.
leading(line) := {name |
	some run in regex.find_all_string_submatch_n(leading_runs, line, -1)
	some name in names(run[1])
}

leading_start := `(?:^|[\n\r;&|(){}\x60!])[\t ]*["']?[A-Za-z_][A-Za-z0-9_]*=`

leading_runs := `(?:^|[\n\r;&|(){}\x60!])[\t ]*((?:["']?[A-Za-z_][A-Za-z0-9_]*=(?:[^\s"'\\]|\\.|"[^"]*"|'[^']*')*["']?[\t ]+)*["']?[A-Za-z_][A-Za-z0-9_]*=(?:[^\s"'\\]|\\.|"[^"]*"|'[^']*')*["']?)`

# Everything after the first program that hands assignments on (its path may be written out:
# /usr/bin/env), or builtin at the start of a command.
handed_on(line) := {name |
	some rest in regex.find_all_string_submatch_n(handing_on, line, 1)
	some name in names(rest[1])
}

handing_on := concat("", [handing_on_start, `((?s:.*))`])

handing_on_start := `(?:(?:^|[\n\r;&|(){}\x60!])[\t ]*(?:export|declare|typeset|local|readonly|eval|time|set)|(?:^|[\s;&|(){}\x60!/])(?:env|sudo|cross-env|sh|bash|dash|zsh|ksh|cmd|cmd\.exe|ssh|su|watch|make|gmake))\s`

options(line) := {m[1] | some m in regex.find_all_string_submatch_n(setting_option, line, -1)}

setting_option := `(?:^|\s)(?:-[eE][\t ]*|--?(?:[A-Za-z]+-)*(?:set-?)?env(?:=|[\t ]+)|(?:-o[\t ]*)?(?i:setenv)(?:=|[\t ]+))["']?([A-Za-z_][A-Za-z0-9_]*)=`

# The NAME of each word of `words` that starts as NAME=.
names(words) := {m[1] | some m in regex.find_all_string_submatch_n(`(?:^|\s)["']?([A-Za-z_][A-Za-z0-9_]*)=`, words, -1)}

# Windows sets a variable by name, in whatever case it is written: PowerShell's `$env:NAME = value`
# (or `+=`, `${env:NAME}`), `Set-Item env:NAME` (New-Item, Set-Content),
# `[Environment]::SetEnvironmentVariable("NAME", ...)`, and `setx NAME value` as a command (also
# after cmd's or a shell's `/c`, `/k`). Each name counts as written and in upper case.
windows(line) := {spelling |
	some m in regex.find_all_string_submatch_n(windows_setting, line, -1)
	name := concat("", array.slice(m, 1, count(m)))
	some spelling in {name, upper(name)}
}

windows_setting := `\$\{?(?i:env):([A-Za-z_][A-Za-z0-9_]*)\}?[\t ]*\+?=|(?i:set-item|new-item|set-content)[\t ]+(?:(?i:-path)[\t ]+)?["']?(?i:env):[\\/]?([A-Za-z_][A-Za-z0-9_]*)|(?i:setenvironmentvariable)[\t ]*\([\t ]*["']([A-Za-z_][A-Za-z0-9_]*)["']|(?:^|[\n\r;&|(){}\x60!]|\s/[CcKk])[\t ]*(?i:setx)(?:\.exe)?[\t ]+(?:/[Mm][\t ]+)?["']?([A-Za-z_][A-Za-z0-9_]*)`
