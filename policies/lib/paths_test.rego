package mcp.lib.paths_test

import rego.v1

import data.mcp.lib.fixtures
import data.mcp.lib.paths

settings := {"paths": {"tools": {
	"write_file": {"fields": ["path"], "roots": ["/srv/data/", "/tmp/x"]},
	"copy": {"fields": ["from", "to"], "roots": ["/srv/data"]},
	"list_files": {"fields": ["path"], "roots": ["/srv/data/"], "optional": true},
	"anywhere": {"fields": ["path"], "roots": ["/"]},
}}}

deny(name, arguments) := reasons if {
	reasons := paths.deny with input as fixtures.call(name, arguments) with data.config as settings
}

below := "write_file: path must be below one of: /srv/data/, /tmp/x"

test_paths_below_a_root_pass if {
	every path in ["/srv/data/a.txt", "/srv/data/sub/dir/b", "/srv/data", "/tmp/x", "/tmp/x/y", "/srv/data/..hidden", "/srv/data/a..b"] {
		count(deny("write_file", {"path": path})) == 0
	}
}

test_paths_outside_every_root_denied if {
	every path in ["/etc/passwd", "/srv/database", "/srv/data-old/x", "/tmp/xy", "/", "relative/path", "notes.txt", ""] {
		deny("write_file", {"path": path}) == {below}
	}
}

test_tricks_denied if {
	cases := {
		"/srv/data/../etc/passwd": "a '..' segment",
		"/srv/data/..": "a '..' segment",
		"/srv/data/./a": "a '.' segment",
		"/srv/data//etc": "an empty segment ('//')",
		"/srv/data/%2e%2e/etc": "a percent-encoded character",
		"/srv/data/..%2fetc": "a percent-encoded character",
		"/srv/data/a\\..\\b": "a backslash",
		"/srv/data/a\u0000.txt": "a NUL or control character",
		"/srv/data/a\nb": "a NUL or control character",
	}
	every path, trick in cases {
		sprintf("write_file: path must not contain %s", [trick]) in deny("write_file", {"path": path})
	}
}

test_any_trick_is_every_trick if {
	paths.any_trick == concat("|", [sprintf("(?:%s)", [pattern]) | some pattern in paths.tricks])
}

test_home_and_proc_links_denied if {
	deny("anywhere", {"path": "~/.ssh/id_rsa"}) == {
		"anywhere: path must not contain a leading '~'",
		"anywhere: path must be below one of: /",
	}
	every path in ["/proc/self/root/etc/passwd", "/proc/1/cwd", "/proc/thread-self/fd/3", "/dev/fd/0", "/dev/stdin"] {
		deny("anywhere", {"path": path}) == {"anywhere: path must not contain a /proc or /dev/fd link"}
	}
	count(deny("anywhere", {"path": "/proc/cpuinfo"})) == 0
}

test_reasons_never_quote_the_path if {
	every msg in deny("write_file", {"path": "/etc/secret-name/../x"}) {
		not contains(msg, "secret-name")
	}
}

test_every_field_checked if {
	count(deny("copy", {"from": "/srv/data/a", "to": "/srv/data/b"})) == 0
	deny("copy", {"from": "/srv/data/a", "to": "/etc/b"}) == {"copy: to must be below one of: /srv/data"}
}

test_lists_of_paths if {
	count(deny("write_file", {"path": ["/srv/data/a", "/tmp/x/b"]})) == 0
	deny("write_file", {"path": ["/srv/data/a", "/etc/b"]}) == {below}
}

test_missing_or_mistyped_field_denied if {
	msg := "write_file: path must be a path or a list of paths"
	deny("write_file", {}) == {msg}
	deny("write_file", {"path": 7}) == {msg}
	deny("write_file", {"path": ["/srv/data/a", 7]}) == {msg}
	deny("write_file", {"path": []}) == {msg}
	deny("list_files", {"path": []}) == {"list_files: path must be a path or a list of paths"}
}

test_optional_field_may_be_absent if {
	count(deny("list_files", {})) == 0
	deny("list_files", {"path": 7}) == {"list_files: path must be a path or a list of paths"}
	deny("list_files", {"path": "/etc"}) == {"list_files: path must be below one of: /srv/data/"}
}

test_unconfigured_tools_unchecked if {
	count(deny("read_file", {"path": "/etc/passwd"})) == 0
}

test_relative_roots_match_nothing if {
	config := {"paths": {"tools": {"w": {"fields": ["path"], "roots": ["data/"]}}}}
	paths.deny == {"w: path must be below one of: data/"} with input as fixtures.call("w", {"path": "data/a"}) with data.config as config
}

test_write_file_confined_to_no_root_without_settings if {
	paths.deny == {"write_file: path must be below one of: "} with input as fixtures.call("write_file", {"path": "/tmp/a"}) with data.config as {}
}

test_only_tool_calls_checked if {
	msg := object.union(fixtures.response("tools/call", {}), {"params": {"name": "write_file", "arguments": {"path": "/etc"}}})
	count(paths.deny) == 0 with input as msg with data.config as settings
}

# A server reads the fields it knows, not the ones the settings list: paths in the others are
# held to the same roots.
below_root(field) := sprintf("write_file: %s must be below one of: /srv/data/, /tmp/x", [field])

test_paths_in_fields_not_listed_denied if {
	cases := [
		[{"dest": "/etc/cron.d/x"}, "dest"],
		[{"destination": "relative/x"}, "destination"],
		[{"target": "/root/.bashrc"}, "target"],
		[{"cwd": "/"}, "cwd"],
		[{"output": "/etc/x"}, "output"],
		[{"out": "x.txt"}, "out"],
		[{"dir": "/etc"}, "dir"],
		[{"source": "/etc/shadow"}, "source"],
		[{"src": "C:\\Windows\\x"}, "src"],
		[{"outputDir": "/var/x"}, "outputDir"],
		[{"options": {"backup": {"to": "/etc/x"}}}, "to"],
		[{"copies": ["/srv/data/a", "/etc/b"]}, "copies"],
		[{"extra": [{"name": "/etc/b"}]}, "name"],
		[{"mirror": "file:///etc/passwd"}, "mirror"],
		[{"mirror": "~/x"}, "mirror"],
		[{"mirror": " /etc/x"}, "mirror"],
		[{"files": {"/etc/x": "content"}}, "files"],
		[{"opts": {"/etc/x": true}}, "opts"],
		[{"mirror": "/home/user/My Documents/x"}, "mirror"],
		[{"mirror": "/home/user/My File.txt"}, "mirror"],
		[{"mirror": "/tmp/a b/"}, "mirror"],
		[{"mirror": "/Volumes/Macintosh HD/Users/a"}, "mirror"],
		[{"mirror": "/home/a/Backup - Copy/x"}, "mirror"],
		[{"mirror": "~/My Docs/x"}, "mirror"],
		[{"mirror": "./My Docs/x"}, "mirror"],
		[{"mirror": "C:\\Users\\a b\\x"}, "mirror"],
		[{"mirror": "C:/Program Files (x86)/App/app.exe"}, "mirror"],
		[{"mirror": "\\\\server\\My Share\\x"}, "mirror"],
		[{"files": {"/home/a/My Documents/notes": "content"}}, "files"],
	]
	every case in cases {
		below_root(case[1]) in deny("write_file", object.union({"path": "/srv/data/a"}, case[0]))
	}
	deny("write_file", {"path": "/srv/data/a", "dest": "/srv/data/../../etc/x"}) == {"write_file: dest must not contain a '..' segment"}
	deny("write_file", {"path": "/srv/data/a", "mirror": "/srv/data/../My Documents/x"}) == {"write_file: mirror must not contain a '..' segment"}
}

test_other_arguments_below_a_root_pass if {
	count(deny("write_file", {"path": "/srv/data/a", "dest": "/srv/data/b", "options": {"cwd": "/tmp/x"}, "files": {"/srv/data/c": "x"}})) == 0
}

# Text is not a path: contents over several lines, words, numbers, flags.
test_other_arguments_that_are_not_paths_pass if {
	arguments := {
		"path": "/srv/data/a",
		"content": "/etc/passwd is read by\nlogin(1)\n",
		"encoding": "utf-8",
		"mode": "0644",
		"create": true,
		"tags": ["a/b", "notes"],
		"message": "see the /etc directory",
		"comment": "// TODO: check the input",
		"edits": [{"oldText": "/* old */", "newText": "// new line"}],
		# Text starting like a path, with blanks that are not in file names.
		"notes": [
			"// TODO: fix this",
			"/etc is a directory",
			"/etc/hosts and /etc/passwd",
			"/path/to/file.txt line 3",
			"/usr/bin/env node",
			"./configure --prefix=/usr",
			"//# sourceMappingURL=index.js.map",
			"//#region src/auth.ts",
			"// see https://example.com/x",
			"/api/users: returns a list/array",
			"~ is home",
			"/ a/b",
			"/^foo bar$/.test(x)",
		],
	}
	count(deny("write_file", arguments)) == 0
}

# A path with blanks as shells and their users write one, quoted or with its blanks escaped, is a
# path in any argument, whatever its last name; the path a shell reads is held to the roots.
test_quoted_and_escaped_paths_in_other_arguments_denied if {
	every value in [
		"\"/home/me/My Secrets\"",
		"'/home/me/My Secrets'",
		"  \"/home/me/My Secrets\" ",
		"\"C:\\Users\\me\\Documents\\Tax Return\"",
		"'C:/Users/me/Tax Return'",
		"\"\\\\server\\My Share\\Tax Return\"",
		"'./notes/My Secrets'",
		"\"~/notes/My Secrets\"",
		"\"/Volumes/Macintosh HD\"",
		"\"/home/me/Backup - Copy\"",
		"\"/etc/passwd\"",
		"/home/me/My\\ Secrets",
		"~/notes/My\\ Secrets",
		"./notes/My\\ Secrets/",
		"/home/me/Tax\\ Return\\ \\(2024\\)",
	] {
		below_root("mirror") in deny("write_file", {"path": "/srv/data/a", "mirror": value})
	}
	below_root("files") in deny("write_file", {"path": "/srv/data/a", "files": {"'/home/me/My Secrets'": "x"}})
	deny("write_file", {"path": "/srv/data/a", "mirror": "\"/srv/data/../My Secrets\""}) == {"write_file: mirror must not contain a '..' segment"}
}

test_quoted_and_escaped_paths_below_a_root_pass if {
	every value in ["\"/srv/data/My Notes\"", "'/tmp/x/Tax Return'", "/srv/data/My\\ Notes", "/tmp/x/a\\ b/c\\ d"] {
		count(deny("write_file", {"path": "/srv/data/a", "mirror": value})) == 0
	}
}

# Quotes and escaped blanks in text that is not one quoted or escaped path: a path mentioned in a
# sentence is not looked for, with or without blanks.
test_quoted_text_is_not_a_path if {
	notes := [
		"\"Hello world\"",
		"'hello there'",
		"\"read/write access\"",
		"'and/or'",
		"He said \"/etc/My Secrets\" is gone",
		"\"/etc/hosts\" and \"/etc/passwd\"",
		"'/' is the root",
		"\"/help shows the commands\"",
		"\"// TODO: fix this\"",
		"\"/* old comment */\"",
		"\"./configure --prefix=/usr\"",
		"\"C: drive is full\"",
		"\"~ is home\"",
		"'- a list/item'",
		"\"see /etc/hosts\"",
		"\"/api/users: returns a list\"",
		"'/^foo bar$/'",
		"\"don't\"",
		"\"line one\n/home/me/My Secrets\"",
		"Mr.\\ Smith",
		"s/foo\\ bar/baz/",
		"/etc is a\\ test",
		"C:\\ drive",
		"\"/tmp/x",
	]
	count(deny("write_file", {"path": "/srv/data/a", "notes": notes})) == 0
}
