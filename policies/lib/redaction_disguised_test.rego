# Secrets disguised from a pattern that reads one plain string: glued to other text (the
# patterns in redaction.rego), percent-encoded or split (redaction_disguised.rego).
package mcp.lib.redaction_disguised_test

import rego.v1

import data.mcp.lib.fixtures
import data.mcp.lib.redaction

secrets := {
	"GitHub token": "token ghp_0123456789abcdefghijABCDEFGHIJ012345",
	"Stripe key": "sk_live_abcdefghijklmnop1234",
}

result(content) := {"content": content}

# Tokens glued to the text before them: a variable's name, an auth scheme without its space, a
# word. Short prefixes (sk-, AKIA, sk_live_) need something else than a letter or digit before
# them.
test_glued_secrets_found if {
	texts := {
		"KEY_ghp_0123456789abcdefghijABCDEFGHIJ012345": "GitHub token",
		"Authorization: Bearerghp_0123456789abcdefghijABCDEFGHIJ012345": "GitHub token",
		"\"Bearerghp_0123456789abcdefghijABCDEFGHIJ012345\"": "GitHub token",
		"export MYTOKENgithub_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123": "GitHub token",
		"api_token=sk-proj-abcdefghijklmnopqrstuvwxyz": "OpenAI API key",
		"KEY_sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123": "Anthropic API key",
		"ID_AKIAIOSFODNN7EXAMPLE": "AWS access key id",
		"AKIAIOSFODNN7EXAMPLE_SUFFIX": "AWS access key id",
		"GOOGLE_KEY_AIzaSyA-abcdefghijklmnopqrstuvwxyz12345": "Google API key",
		"STRIPE_sk_live_abcdefghijklmnop1234": "Stripe key",
		"CI_glpat-abcdefghij0123456789": "GitLab token",
		"SLACK_xoxb-123456789012-abcdefghijkl": "Slack token",
		"jwt_eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U": "JSON Web Token",
	}
	every text, kind in texts {
		redaction.secrets_in(text) == {kind}
		redaction.sensitive(text) with data.config as {}
		redaction.deny == {sprintf("tool arguments contain a secret (%s)", [kind])} with input as fixtures.call("t", {"v": text}) with data.config as {}
	}
}

test_short_prefixes_inside_words_are_not_secrets if {
	every text in [
		"task-0123456789abcdef0123456789abcdef",
		"risk_test_ReadWritePerformanceCase",
		"desk-admin-settings-panel-layout-v2",
		"BASKAKIAIOSFODNN7EXAMPLE",
		"dataAIzaSyA-abcdefghijklmnopqrstuvwxyz12345",
	] {
		not redaction.has_secret(text)
	}
}

# A URL a server decodes, or a tool that decodes its argument, makes a token of ghp%5F...
test_percent_encoded_secrets_found if {
	texts := {
		"https://x.example/?q=ghp%5F0123456789abcdefghijABCDEFGHIJ012345": "GitHub token",
		"%41KIAIOSFODNN7EXAMPLE": "AWS access key id",
		"q=%67%68%70%5F0123456789abcdefghijABCDEFGHIJ012345&x=%FF%zz+100%": "GitHub token",
		"aws_secret_access_key%3DwJalrXUtnFEMI%2FK7MDENG%2FbPxRfiCYEXAMPLEKEY": "AWS secret access key",
	}
	every text, kind in texts {
		not redaction.has_secret(text)
		redaction.sensitive(text) with data.config as {}
		redaction.deny == {sprintf("tool arguments contain a secret (%s)", [kind])} with input as fixtures.call("t", {"v": text}) with data.config as {}
		redaction.redactions == {["arguments", "v"]} with input as fixtures.call("t", {"v": text}) with data.config as {}
		msg := fixtures.response("tools/call", result([{"type": "text", "text": text}]))
		redaction.redactions == {["content", 0, "text"]} with input as msg with data.config as {}
	}
	not redaction.sensitive("100% done, %7E and %E2%9C%93 https://x.example/a%20b") with data.config as {}
}

# A token split across fields or list elements is whole again where a server joins them: the
# call is refused, and all its arguments redacted (no one field holds the secret).
test_split_secrets_in_arguments_denied if {
	every arguments in [
		{"a": "ghp_0123456789abcdefghij", "b": "ABCDEFGHIJ012345"},
		{"parts": ["sk-ant-api03-", "abcdefghijklmnopqrstuvwxyz0123"]},
		{"key": {"id": "AKIAIOSF"}, "more": ["ODNN7EXAMPLE"]},
		{"parts": ["ghp%5F0123456789", "abcdefghijABCDEFGHIJ012345"]},
	] {
		msg := fixtures.call("t", arguments)
		count(redaction.deny) == 1 with input as msg with data.config as {}
		redaction.redactions == {["arguments"]} with input as msg with data.config as {}
	}
	prompt := fixtures.request("client_to_server", "prompts/get", {"name": "p", "arguments": {"a": "ghp_0123456789abcdefghij", "b": "ABCDEFGHIJ012345"}})
	redaction.deny == {"prompts/get: the request contains a secret (GitHub token)"} with input as prompt with data.config as {}
	count(redaction.deny) == 0 with input as fixtures.call("t", {"a": "ghp_", "b": "short"}) with data.config as {}
}

# Content items a client shows one after another: a token split across them is redacted in all.
test_split_secrets_in_results_redacted if {
	msg := fixtures.response("tools/call", result([
		{"type": "text", "text": "ghp_0123456789abcdefghij"},
		{"type": "text", "text": "ABCDEFGHIJ012345"},
		{"type": "image", "data": "AAAA"},
	]))
	redaction.redactions == {["content", 0, "text"], ["content", 1, "text"]} with input as msg with data.config as {}
	count(redaction.redactions) == 0 with input as msg with data.config as {"redaction": {"secrets": false}}
	own := fixtures.response("tools/call", result([
		{"type": "text", "text": secrets["Stripe key"]},
		{"type": "text", "text": "ok"},
	]))
	redaction.redactions == {["content", 0, "text"]} with input as own with data.config as {}
	both := fixtures.response("tools/call", result([
		{"type": "text", "text": secrets["Stripe key"]},
		{"type": "text", "text": concat("", ["x\n", substring(secrets["GitHub token"], 6, 20)])},
		{"type": "text", "text": substring(secrets["GitHub token"], 26, -1)},
	]))
	redaction.redactions == {["content", 0, "text"], ["content", 1, "text"], ["content", 2, "text"]} with input as both with data.config as {}
	long := fixtures.response("tools/call", result([
		{"type": "text", "text": concat("", [concat("", [" " | some _ in numbers.range(1, 600)]), "ghp_0123456789"])},
		{"type": "text", "text": "abcdefghijABCDEFGHIJ012345 and more"},
	]))
	redaction.redactions == {["content", 0, "text"], ["content", 1, "text"]} with input as long with data.config as {}
	read := fixtures.response("resources/read", {"contents": [{"uri": "a", "text": "ghp_0123456789abcdefghij"}, {"uri": "b", "text": "ABCDEFGHIJ012345"}]})
	redaction.redactions == {["contents", 0, "text"], ["contents", 1, "text"]} with input as read with data.config as {}
	prompt := fixtures.response("prompts/get", {"messages": [
		{"role": "user", "content": {"type": "text", "text": "ghp_0123456789abcdefghij"}},
		{"role": "user", "content": {"type": "text", "text": "ABCDEFGHIJ012345"}},
	]})
	redaction.redactions == {["messages", 0, "content", "text"], ["messages", 1, "content", "text"]} with input as prompt with data.config as {}
	plain := fixtures.response("tools/call", result([{"type": "text", "text": "Meeting at"}, {"type": "text", "text": "10:00"}]))
	count(redaction.redactions) == 0 with input as plain with data.config as {}
}
