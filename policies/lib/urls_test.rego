package mcp.lib.urls_test

import rego.v1

import data.mcp.lib.fixtures
import data.mcp.lib.urls

settings := {"urls": {"tools": {
	"fetch": {"fields": ["url"], "schemes": ["https", "http"], "hosts": ["example.com", ".github.com", "*.docs.rs"]},
	"strict": {"fields": ["url"], "hosts": ["example.com"]},
	"internal": {"fields": ["urls"], "hosts": ["10.0.0.1", "[::1]"], "allow_ip_literals": true},
}}}

deny(name, arguments) := reasons if {
	reasons := urls.deny with input as fixtures.call(name, arguments) with data.config as settings
}

fetch(url) := deny("fetch", {"url": url})

hosts := "fetch: url host must be one of: example.com, .github.com, *.docs.rs"

test_allowed_urls_pass if {
	every url in [
		"https://example.com",
		"https://example.com/path?q=1#frag",
		"http://EXAMPLE.com:8080/x",
		"https://example.com./x",
		"https://github.com/org/repo",
		"https://api.github.com/repos",
		"https://serde.docs.rs/",
	] {
		count(fetch(url)) == 0
	}
}

test_other_hosts_denied if {
	every url in ["https://evil.com", "https://example.com.evil.com/", "https://notgithub.com", "https://docs.rs/", "https://evilexample.com"] {
		fetch(url) == {hosts}
	}
}

test_userinfo_tricks_denied if {
	every url in ["http://example.com@evil.com/", "https://user:pass@example.com/", "https://example.com:443@evil.com"] {
		"fetch: url must not contain user information" in fetch(url)
	}
}

test_parser_confusion_denied if {
	every url in ["https://evil.com\\@example.com", "https://example.com /x", "https://example.com/\u0000", "https://evil.com\t.example.com"] {
		"fetch: url must not contain backslashes, whitespace or control characters" in fetch(url)
	}
}

test_ip_literals_denied if {
	every url in ["http://127.0.0.1/", "http://2130706433/", "http://0x7f000001/", "http://0177.0.0.1/", "http://[::1]:8080/", "http://169.254.169.254/latest"] {
		"fetch: url host must be a name, not an IP address" in fetch(url)
	}
}

test_listed_ip_literals_when_allowed if {
	count(deny("internal", {"urls": ["https://10.0.0.1/x", "https://[::1]:8443/"]})) == 0
	deny("internal", {"urls": ["https://10.0.0.2/"]}) == {"internal: urls host must be one of: 10.0.0.1, [::1]"}
}

test_encoded_hosts_denied if {
	"fetch: url host must not be percent-encoded" in fetch("https://%65xample.com/")
}

test_schemes if {
	fetch("file:///etc/passwd") == {"fetch: url scheme must be one of: https, http", hosts}
	fetch("ftp://example.com/") == {"fetch: url scheme must be one of: https, http"}
	count(fetch("HTTPS://example.com/")) == 0
	deny("strict", {"url": "http://example.com"}) == {"strict: url scheme must be one of: https"}
}

test_not_a_url if {
	every url in ["example.com", "/relative", "javascript:alert(1)", ""] {
		fetch(url) == {"fetch: url must be an absolute URL"}
	}
}

test_field_types if {
	fetch(7) == {"fetch: url must be a URL or a list of URLs"}
	deny("fetch", {}) == {"fetch: url must be a URL or a list of URLs"}
}

test_reasons_never_quote_the_url if {
	every msg in fetch("https://secret-token@evil.com/") {
		not contains(msg, "secret-token")
	}
}

test_no_hosts_configured_allows_none if {
	config := {"urls": {"tools": {"f": {"fields": ["u"]}}}}
	urls.deny == {"f: u host must be one of: "} with input as fixtures.call("f", {"u": "https://example.com"}) with data.config as config
}

test_unconfigured_tools_unchecked if {
	count(deny("read_file", {"url": "http://127.0.0.1"})) == 0
	count(urls.deny) == 0 with input as fixtures.call("fetch", {"url": 7}) with data.config as {}
}
