# Environment variables that change what a command tool runs (data.config.commands):
#
#   commands:
#     tools:
#       run_command: {program: command, fields: [command, args], allowed: [ls], allowed_env: [PAGER]}
#     denied_env: [LD_*, DYLD_*, PATH, ...]   # the default list below
#
# A command tool that lets its caller set the program's environment can be made to run something
# else than the allowed program: LD_PRELOAD loads a library into it, PATH picks another `ls`,
# BASH_ENV and ENV make a shell source a file, NODE_OPTIONS, PYTHONPATH or JAVA_TOOL_OPTIONS load
# code into an interpreter, GIT_SSH_COMMAND or a pager variable names a program to start. In a
# command tool's arguments, at any depth, a variable is set by an object key (an `env` object of
# names to values), a `NAME=value` string in an environment member (a list of them), or a
# `NAME=value` word of a command line where it sets one (`NAME=value ls`, `env NAME=value ls`,
# `--env=NAME=value`: command_line.rego), not where it is the program's argument (`docker build
# --build-arg NAME=value`). Names in `denied_env` (each a name, or a prefix ending in `*`) are refused
# unless the tool lists them in `allowed_env` (the same). Names are matched as written, and in
# members whose name holds `env` (env, envVars, environment, extraEnv) in upper case too: Windows
# reads `Path` as PATH. A key `path` outside such a member is an argument, not a variable.
# Reasons name the pattern from the settings, never the argument.
package mcp.lib.command_env

import rego.v1

import data.mcp.lib.call
import data.mcp.lib.command_line
import data.mcp.lib.commands
import data.mcp.lib.settings

default_denied := [
	# the dynamic loader (glibc, macOS)
	"LD_*", "DYLD_*", "GCONV_PATH", "GLIBC_TUNABLES",
	# shells: where programs are found, files sourced at start, code run at each prompt or trace
	"PATH", "PATHEXT", "COMSPEC", "SHELL", "ENV", "BASH_ENV", "BASH_FUNC_*", "SHELLOPTS", "BASHOPTS", "PS4", "PROMPT_COMMAND", "IFS",
	# where programs read their configuration from (a .gitconfig naming a pager, ...)
	"HOME", "XDG_CONFIG_HOME",
	# interpreters loading code or options
	"PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "NODE_OPTIONS", "NODE_PATH", "PERL5LIB", "PERL5OPT", "PERLLIB", "RUBYLIB", "RUBYOPT",
	"JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "CLASSPATH", "PSMODULEPATH",
	# programs other programs start
	"GIT_SSH", "GIT_SSH_COMMAND", "GIT_ASKPASS", "GIT_EDITOR", "GIT_PAGER", "GIT_EXEC_PATH", "GIT_PROXY_COMMAND",
	"GIT_EXTERNAL_DIFF", "GIT_CONFIG*", "GIT_TEMPLATE_DIR", "GIT_DIR", "SSH_ASKPASS", "SUDO_ASKPASS", "EDITOR", "VISUAL",
	"PAGER", "MANPAGER", "LESSOPEN", "LESSCLOSE",
]

denied := settings.get(["commands", "denied_env"], default_denied)

# A pattern is a name, or a prefix ending in `*`: a set lookup and a few prefix tests per name,
# where a glob per pattern and name would cost a call each.
denied_names := {p | some p in denied; not endswith(p, "*")}

denied_prefixes := {trim_suffix(p, "*") | some p in denied; endswith(p, "*")}

deny contains msg if {
	commands.rule
	some name in assigned
	some pattern in refused(name)
	not allowed(name)
	msg := sprintf("%s: arguments must not set the environment variable %s", [call.name, pattern])
}

refused(name) := {name} if name in denied_names

refused(name) := {concat("", [prefix, "*"]) | some prefix in denied_prefixes; startswith(name, prefix)} if not name in denied_names

allowed(name) if {
	some pattern in object.get(commands.rule, "allowed_env", [])
	matches(pattern, name)
}

matches(pattern, name) if pattern == name

matches(pattern, name) if {
	endswith(pattern, "*")
	startswith(name, trim_suffix(pattern, "*"))
}

# The names the arguments set: object keys, NAME=value strings in an environment member, and the
# NAME=value words of a command line that set a variable (see command_line).
assigned contains name if {
	commands.rule
	walk(call.arguments, [at, value])
	is_object(value)
	some key, _ in value
	is_string(key)
	some name in spellings(at, key)
}

# In an environment (`env: ["A=1"]`, `environment: "A=1,B=2"`) every NAME= is a variable: at the
# start, or after a blank, a comma or a `=`. Matched first, then found: the runtime matches
# natively, and finding every match costs more.
assigned contains name if {
	commands.rule
	walk(call.arguments, [at, value])
	is_string(value)
	environment(at)
	regex.match(listed, value)
	some m in regex.find_all_string_submatch_n(listed, value, -1)
	some name in spellings(at, m[1])
}

listed := `(?:^|[\s,=])([A-Za-z_][A-Za-z0-9_]*)=`

# The program's command line is its fields in order, the program's first: `env` and its
# assignments may come in separate list items. Any other string outside an environment may be
# one too (a script, a shell line a server runs), but a list item of a field is one argument.
assigned contains name if {
	assigning
	some name in command_line.assigned(program_line)
}

assigned contains name if {
	assigning
	walk(call.arguments, [at, value])
	is_string(value)
	count(at) > 0
	not at[0] in fields
	not environment(at)
	some name in command_line.assigned(value)
}

# Arguments whose JSON text holds no NAME= and no Windows way of setting one (the usual call)
# assign nothing in a string.
assigning if {
	commands.rule
	regex.match(`[A-Za-z_][A-Za-z0-9_]*=|(?i:env:|setx|setenvironmentvariable)`, call.arguments_text)
}

fields := {commands.rule.program} | {f | some f in commands.rule.fields}

program_line := concat(" ", [word |
	some field in array.concat([commands.rule.program], [f | some f in commands.rule.fields; f != commands.rule.program])
	some word in call.values(field)
])

spellings(at, name) := {name, upper(name)} if environment(at)

spellings(at, name) := {name} if not environment(at)

environment(at) if {
	some key in at
	is_string(key)
	contains(lower(key), "env")
}
