package mcp.lib.credential_files_test

import rego.v1

import data.mcp.lib.credential_files
import data.mcp.lib.fixtures

call(name, arguments) := fixtures.request("client_to_server", "tools/call", {"name": name, "arguments": arguments})

read(uri) := fixtures.request("client_to_server", "resources/read", {"uri": uri})

test_each_kind_named_once if {
	credential_files.deny == {
		"read_file: path names a credential file (SSH key or configuration)",
		"read_file: path names a credential file (private key)",
	} with input as call("read_file", {"path": "/home/u/.ssh/id_ed25519"})
		with data.config as {}
}

test_credential_files_refused_in_any_tool if {
	cases := [
		[{"path": "/home/u/.ssh/config"}, "SSH key or configuration"],
		[{"path": "~/.ssh"}, "SSH key or configuration"],
		[{"path": ".ssh/authorized_keys"}, "SSH key or configuration"],
		[{"path": "/backup/id_rsa"}, "private key"],
		[{"path": "/root/.aws/credentials"}, "cloud credentials"],
		[{"path": "/home/u/.config/gcloud/application_default_credentials.json"}, "cloud credentials"],
		[{"path": "/home/u/.kube/config"}, "cloud credentials"],
		[{"path": "/home/u/.netrc"}, "registry or git credentials"],
		[{"path": "/home/u/.docker/config.json"}, "registry or git credentials"],
		[{"path": "/srv/app/.env"}, "environment file"],
		[{"path": "/srv/app/.env.production"}, "environment file"],
		[{"path": "/home/u/.gnupg/private-keys-v1.d/x.key"}, "GnuPG keyring"],
		[{"path": "/etc/shadow"}, "system password or sudo file"],
		[{"path": "/etc/sudoers.d/admins"}, "system password or sudo file"],
		[{"path": "/proc/self/environ"}, "process environment"],
		[{"path": "/proc/1/environ"}, "process environment"],
		[{"path": "/home/u/.bash_history"}, "shell history"],
	]
	every case in cases {
		credential_files.deny == {sprintf("read_file: path names a credential file (%s)", [case[1]])} with input as call("read_file", case[0])
			with data.config as {}
	}
}

# As a server would open it: a file URI, percent-encoding, Windows separators and drive
# letters, another case on file systems that ignore it, fields at any depth and in lists.
test_path_spellings_and_fields if {
	cases := [
		{"uri": "file:///home/u/.ssh/id_rsa"},
		{"uri": "file://localhost/etc/shadow"},
		{"uri": "FILE:///home/u/%2Essh/config"},
		{"path": "C:\\Users\\u\\.ssh\\id_rsa"},
		{"path": "/Users/u/.SSH/id_rsa"},
		{"filePath": "/srv/.env"},
		{"source_file": "/srv/.env"},
		{"output_dir": "/home/u/.ssh"},
		{"paths": ["/srv/ok.txt", "/srv/.env"]},
		{"options": {"target": "/home/u/.ssh/authorized_keys"}},
		{"edits": [{"file": "/home/u/.aws/credentials"}]},
	]
	every arguments in cases {
		count(credential_files.deny) > 0 with input as call("edit", arguments) with data.config as {}
	}
}

# Spelled so that the pattern would not see it, and opened all the same: `.`, `..` and empty
# segments, a file URI as a URL parser reads one (no `//`, a host, a query or fragment, tabs and
# line breaks, a stray `%`), /proc links to the root, Windows stream names and trailing dots,
# letters a case-insensitive file system folds onto ASCII, and a file URI in any argument.
test_paths_as_the_file_system_resolves_them if {
	cases := [
		[{"path": "/etc//shadow"}, "system password or sudo file"],
		[{"path": "//etc/./shadow"}, "system password or sudo file"],
		[{"path": "/tmp/../etc/shadow"}, "system password or sudo file"],
		[{"path": "/../../etc/shadow"}, "system password or sudo file"],
		[{"path": "/home/u/.aws/./credentials"}, "cloud credentials"],
		[{"path": "/home/u/.aws/x/y/../../credentials"}, "cloud credentials"],
		[{"path": "~/.kube//config"}, "cloud credentials"],
		[{"uri": "file:/home/u/.git-credentials"}, "registry or git credentials"],
		[{"uri": "file:etc/shadow"}, "system password or sudo file"],
		[{"uri": "FILE://LOCALHOST/etc/shadow"}, "system password or sudo file"],
		[{"uri": "file:///home/u/.aws/credentials?x=1"}, "cloud credentials"],
		[{"uri": "file:///etc/shadow#top"}, "system password or sudo file"],
		[{"uri": "file:///srv/.env#%zz"}, "environment file"],
		[{"uri": "file:///srv/%zz/../.env"}, "environment file"],
		[{"uri": "file:///etc/sha\ndow"}, "system password or sudo file"],
		[{"uri": " file:///etc/shadow "}, "system password or sudo file"],
		[{"uri": "file:///tmp/%2e%2e/etc/shadow"}, "system password or sudo file"],
		[{"path": "/proc/self/root/etc/shadow"}, "system password or sudo file"],
		[{"path": "/proc/1/task/1/root/proc/self/root/etc/sudoers"}, "system password or sudo file"],
		[{"path": "/proc/self/task/7/environ"}, "process environment"],
		[{"path": "C:\\app\\.env."}, "environment file"],
		[{"path": "C:\\app\\.env . "}, "environment file"],
		[{"path": "C:\\app\\.env::$DATA"}, "environment file"],
		[{"path": "C:\\Users\\u\\.gıt-credentials"}, "registry or git credentials"],
		[{"path": "/Users/u/.ſſh/config"}, "SSH key or configuration"],
		[{"url": "file:///srv/.env"}, "environment file"],
		[{"from": ["file:///srv/.env"]}, "environment file"],
	]
	every case in cases {
		field := [k | some k, _ in case[0]][0]
		credential_files.deny == {sprintf("read_file: %s names a credential file (%s)", [field, case[1]])} with input as call("read_file", case[0])
			with data.config as {}
	}
}

test_file_uri_in_a_nested_list_is_named_by_its_place if {
	credential_files.deny == {"read_file: an argument names a credential file (environment file)"} with input as call("read_file", {"x": [["file:///srv/.env"]]})
		with data.config as {}
}

test_dots_that_name_no_credential_file_pass if {
	cases := [
		{"path": "/srv/app/../README.md"},
		{"path": "/srv/.env/../app/main.py"},
		{"path": "/home/u/.aws/../notes.md"},
		{"path": "../../docs/index.md"},
		{"uri": "file:///srv/a%20b.txt?x#y"},
		{"url": "file:///srv/app/.env.example"},
	]
	every arguments in cases {
		count(credential_files.deny) == 0 with input as call("read_file", arguments) with data.config as {}
	}
}

# Applying `..` costs the square of the segments: past max_segments a path with one is refused.
test_too_many_segments_to_resolve if {
	deep := concat("", ["/srv/", concat("", [x | some _ in numbers.range(1, 40); x := "a/../"]), "notes.md"])
	credential_files.deny == {"read_file: path has too many '..' segments to be checked for credential files"} with input as call("read_file", {"path": deep, "q": ".env"})
		with data.config as {}
	credential_files.deny == {"resources/read: uri has too many '..' segments to be checked for credential files"} with input as read(concat("", ["file://", deep]))
		with data.config as {}
	shallow := concat("", ["/srv/", concat("", [x | some _ in numbers.range(1, 20); x := "a/../"]), ".env"])
	credential_files.deny == {"read_file: path names a credential file (environment file)"} with input as call("read_file", {"path": shallow})
		with data.config as {}
	wide := concat("", ["/srv/", concat("", [x | some _ in numbers.range(1, 80); x := "a/"]), ".env"])
	credential_files.deny == {"read_file: path names a credential file (environment file)"} with input as call("read_file", {"path": wide})
		with data.config as {}
}

test_lexical_applies_dot_dot_as_the_kernel_does if {
	credential_files.lexical("/a/b/../../../c/./d//e/..") == "/c/d"
	credential_files.lexical("a/../../b") == "b"
	credential_files.lexical("/a/b/c/../d/../../e") == "/a/e"
	credential_files.lexical("..") == ""
	credential_files.lexical("/") == ""
}

# A path field written as a shell reads it: quoted as a whole, or its blanks escaped.
test_quoted_and_escaped_path_fields if {
	cases := [
		[{"path": "'/srv/app/.env'"}, "environment file"],
		[{"path": "\"/home/u/.ssh/config\""}, "SSH key or configuration"],
		[{"file": " \"C:\\Users\\u\\.aws\\credentials\" "}, "cloud credentials"],
		[{"path": "/home/u/My\\ Keys/.netrc"}, "registry or git credentials"],
		[{"path": "'/home/u/My\\ Keys/.netrc'"}, "registry or git credentials"],
	]
	every case in cases {
		some field, _ in case[0]
		credential_files.deny == {sprintf("edit: %s names a credential file (%s)", [field, case[1]])} with input as call("edit", case[0])
			with data.config as {}
	}
}

test_quoted_ordinary_paths_pass if {
	cases := [
		{"path": "'/srv/app/.env.example'"},
		{"path": "\"/srv/data/report.md\""},
		{"path": "/srv/My\\ Notes/todo.md"},
		{"content": "'/srv/app/.env'"},
	]
	every arguments in cases {
		count(credential_files.deny) == 0 with input as call("edit", arguments) with data.config as {}
	}
}

test_subscriptions_refused_as_reads if {
	credential_files.deny == {"resources/subscribe: uri names a credential file (environment file)"} with input as fixtures.request("client_to_server", "resources/subscribe", {"uri": "file:///srv/.env"})
		with data.config as {}
}

test_ordinary_paths_and_other_fields_pass if {
	cases := [
		{"path": "/srv/data/report.md"},
		{"path": "/home/u/.ssh_notes.md"},
		{"path": "/home/u/id_rsa.pub"},
		{"path": "/srv/app/.env.example"},
		{"path": "/srv/app/.envrc.md"},
		{"path": "/etc/passwd"},
		{"path": "/proc/self/status"},
		{"url": "https://example.com/.env"},
		{"uri": "https://example.com/home/.ssh/id_rsa"},
		{"content": "cat ~/.ssh/id_rsa to check it"},
		{"query": "/etc/shadow"},
		{"path": 42},
	]
	every arguments in cases {
		count(credential_files.deny) == 0 with input as call("edit", arguments) with data.config as {}
	}
}

test_resource_reads_refused if {
	credential_files.deny == {"resources/read: uri names a credential file (SSH key or configuration)"} with input as read("file:///root/.ssh/known_hosts")
		with data.config as {}
	count(credential_files.deny) == 0 with input as read("file:///srv/readme.md") with data.config as {}
	count(credential_files.deny) == 0 with input as read("https://example.com/.env") with data.config as {}
}

test_settings if {
	msg := call("read_file", {"path": "/srv/.env", "tfile": "/srv/secrets.yaml", "where": "/srv/.env"})
	count(credential_files.deny) == 0 with input as msg with data.config as {"credential_files": {"enabled": false}}
	own := {"credential_files": {"patterns": {"secrets file": `(^|/)secrets\.yaml$`}, "fields": ["where"]}}
	credential_files.deny == {
		"read_file: path names a credential file (environment file)",
		"read_file: tfile names a credential file (secrets file)",
		"read_file: where names a credential file (environment file)",
	} with input as msg with data.config as own
	only_own := {"credential_files": {"default_patterns": false, "patterns": {"secrets file": `(^|/)secrets\.yaml$`}}}
	credential_files.deny == {"read_file: tfile names a credential file (secrets file)"} with input as msg with data.config as only_own
}

test_reasons_never_quote_the_path if {
	msg := call("read_file", {"path": "/home/alice-secret-project/.ssh/config"})
	reasons := credential_files.deny with input as msg with data.config as {}
	count(reasons) == 1
	every reason in reasons {
		not contains(reason, "alice")
	}
}

test_only_client_requests if {
	response := fixtures.response("tools/call", {"content": [{"type": "text", "text": "/etc/shadow"}], "path": "/etc/shadow"})
	count(credential_files.deny) == 0 with input as response with data.config as {}
}

test_any_default_is_every_default_pattern if {
	credential_files.any_default == concat("|", [sprintf("(?:%s)", [p]) | some p in credential_files.default_patterns])
}

# Each default kind's path is a candidate, however it is spelled, and an ordinary call is not.
test_telltales_cover_every_default_kind if {
	paths := [
		"/home/u/.SSH/config", "C:\\Users\\u\\.ssh\\id_rsa", "/x/ID_RSA", "/r/.aws/credentials", "/r/.config/gcloud/x", "/r/.azure/x",
		"/r/.kube/config", "/r/.oci/config", "/r/_netrc", "/r/.git-credentials", "/r/.npmrc", "/r/.pypirc",
		"/r/.docker/config.json", "/r/.vault-token", "/r/.env", "/r/.gnupg/x", "/r/.password-store/x",
		"/etc/shadow", "/proc/1/environ", "/r/.zsh_history", "file:///r/%2essh/config", "file:///r/.s\tsh/x",
		"/r/.ſſh/x", "/r/.gıt-credentials",
	]
	every path in paths {
		credential_files.candidate with input as call("read_file", {"path": path}) with data.config as {}
	}
	not credential_files.candidate with input as call("read_file", {"path": "/srv/data/report.md"}) with data.config as {}
	credential_files.candidate with input as call("read_file", {"path": "/srv/data/report.md"})
		with data.config as {"credential_files": {"patterns": {"mine": "x"}}}
}

# A section of the wrong shape refuses every call instead of guarding nothing.
test_malformed_settings_refuse_calls if {
	msg := call("read_file", {"path": "/srv/ok.md"})
	cases := [
		[{"credential_files": false}, "the section must be an object"],
		[{"credential_files": {"patterns": ["(^|/)secrets$"]}}, "patterns must map each kind to a regular expression"],
		[{"credential_files": {"patterns": {"mine": "("}}}, "patterns must map each kind to a regular expression"],
		[{"credential_files": {"patterns": {"mine": 3}}}, "patterns must map each kind to a regular expression"],
		[{"credential_files": {"fields": "path"}}, "fields must be a list of argument names"],
		[{"credential_files": {"fields": ["path", 3]}}, "fields must be a list of argument names"],
	]
	every case in cases {
		credential_files.deny == {sprintf("credential_files settings: %s", [case[1]])} with input as msg with data.config as case[0]
	}
	credential_files.deny == {"read_file: path names a credential file (environment file)"} with input as call("read_file", {"path": "/r/.env"})
		with data.config as {"credential_files": {"enabled": "no"}}
}
