package confmig

import (
	"strings"
	"testing"

	"github.com/warren-sre/warren/erlterm"
)

// The hand-written inverses write the keys the 4.0.5 schema names (the
// --verify tests check the same inverses against the real schemas).
func TestHandInversesWriteTheSchemasKeys(t *testing.T) {
	tests := []struct {
		app, setting string
		want         []string
	}{
		{"rabbit", `{log_levels, [{connection, info}, {channel, debug}]}`,
			[]string{"log.connection.level = info", "log.channel.level = debug"}},
		{"lager", `{log_root, "/var/log/rabbitmq"}`, []string{"log.dir = /var/log/rabbitmq"}},
		{"kernel", `{inet_dist_use_interface, {10, 0, 0, 7}}`, []string{"distribution.listener.interface = 10.0.0.7"}},
		{"kernel", `{inet_dist_use_interface, {0, 0, 0, 0, 0, 0, 0, 1}}`, []string{"distribution.listener.interface = ::1"}},
		{"rabbitmq_management", `{sample_retention_policies, [{global, [{60, 5}, {3600, 60}]}]}`, []string{
			"management.sample_retention_policies.global.hour = 60", "management.sample_retention_policies.global.minute = 5"}},
		{"rabbitmq_auth_backend_cache", `{cached_backend, {rabbit_auth_backend_ldap, rabbit_auth_backend_internal}}`,
			[]string{"auth_cache.cached_backend.authn = ldap", "auth_cache.cached_backend.authz = internal"}},
		{"rabbitmq_auth_backend_cache", `{cached_backend, rabbit_auth_backend_http}`, []string{"auth_cache.cached_backend = http"}},
		{"rabbitmq_trust_store", `{providers, [rabbit_trust_store_file_provider, rabbit_trust_store_http_provider]}`,
			[]string{"trust_store.providers.2 = http", "trust_store.providers.1 = file"}},
		{"rabbitmq_stream", `{tcp_listen_options, [{linger, {true, 5}}]}`,
			[]string{"stream.tcp_listen_options.linger.on = true", "stream.tcp_listen_options.linger.timeout = 5"}},
		{"rabbit", `{cluster_formation, [{peer_discovery_consul, [{consul_svc_meta, [{<<"zone">>, <<"a">>}]}]}]}`,
			[]string{"cluster_formation.consul.svc_meta.zone = a"}},
		{"rabbit", `{cluster_formation, [{peer_discovery_aws, [{aws_ec2_tags, [{"service", "rabbitmq"}]}]}]}`,
			[]string{"cluster_formation.aws.instance_tags.service = rabbitmq"}},
		{"rabbit", `{cluster_formation, [{peer_discovery_backend, rabbit_peer_discovery_k8s}]}`,
			[]string{"cluster_formation.peer_discovery_backend = k8s"}},
		{"rabbit", `{definitions, [{import_backend, rabbit_definitions_import_local_filesystem}, {local_path, "/d"}]}`,
			[]string{"definitions.import_backend = local_filesystem", "definitions.local.path = /d"}},
		{"rabbit", `{ssl_options, []}`, []string{"ssl_options = none"}},
		{"rabbit", `{loopback_users, []}`, []string{"loopback_users = none"}},
		{"osiris", `{port_range, {6000, 6500}}`, []string{"stream.replication.port_range.min = 6000", "stream.replication.port_range.max = 6500"}},
		{"rabbit", `{credential_validator, [{min_length, 12}]}`, []string{"credential_validator.min_length = 12"}},
		{"ssl", `{bypass_pem_cache, true}`, []string{"ssl_options.bypass_pem_cache = true"}},
	}
	for _, tt := range tests {
		res, err := Convert([]byte("[{"+tt.app+", ["+tt.setting+"]}]."), Options{Schema: shippedTable(t, "4.0.5")})
		if err != nil {
			t.Fatalf("%s: %v", tt.setting, err)
		}
		if got := confBody(res.Conf); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("%s %s:\n got %q (%+v)\nwant %q", tt.app, tt.setting, got, res.Entries, tt.want)
		}
	}
}

func TestNoInverseKeepsTheEntryWithItsReason(t *testing.T) {
	tests := []struct{ app, setting, reason string }{
		{"rabbit", `{ssl_options, [{cacerts, [<<1,2,3>>]}]}`, "DER"},
		{"rabbit", `{log, [{file, [{formatter, {rabbit_logger_json_fmt, #{}}}]}]}`, "formatter"},
		{"lager", `{handlers, [{lager_console_backend, info}]}`, "lager was replaced"},
		{"rabbit", `{log_levels, [{no_such_category, info}]}`, "log.no_such_category.level"},
	}
	for _, tt := range tests {
		res, err := Convert([]byte("[{"+tt.app+", ["+tt.setting+"]}]."), Options{Schema: shippedTable(t, "4.0.5")})
		if err != nil {
			t.Fatal(err)
		}
		if e := res.Entries[0]; e.Status != Advanced || !strings.Contains(e.Reason, tt.reason) {
			t.Errorf("%s: %+v, want advanced.config with a reason naming %q", tt.setting, e, tt.reason)
		}
	}
}

// --to drops what the target fails on or replaced, says why, and keeps
// keys the target's schema no longer has in advanced.config, named.
func TestTargetDropsAndKeeps(t *testing.T) {
	src := []byte(`[{rabbit, [{classic_queue_default_version, 1}, {channel_max, 64}]},
	                {rabbitmq_mqtt, [{default_user, <<"u">>}]}].`)
	res, err := Convert(src, Options{Target: "4.3", Schema: shippedTable(t, "4.3.6")})
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string]Entry{}
	for _, e := range res.Entries {
		byKey[e.Key] = e
	}
	if e := byKey["default_user"]; e.Status != Dropped || !strings.Contains(e.Reason, "anonymous_login_user") {
		t.Errorf("mqtt default_user on 4.3 = %+v, want dropped naming its replacement", e)
	}
	if e := byKey["channel_max"]; e.Status != Converted || e.Conf[0].Key != "max_channels_per_connection" {
		t.Errorf("channel_max on 4.3.6 = %+v, want max_channels_per_connection (4.3.6 has no channel_max key)", e)
	}
	if strings.Contains(res.Conf, "mqtt.default_user") || strings.Contains(res.Advanced, "default_user") {
		t.Errorf("a dropped setting was written:\n%s\n%s", res.Conf, res.Advanced)
	}
}

func TestCompareEntry(t *testing.T) {
	parse := func(s string) erlterm.Term {
		terms, err := erlterm.ParseFile([]byte(s + "."))
		if err != nil {
			t.Fatal(err)
		}
		return terms[0]
	}
	effective := map[string][]pair{"rabbit": {
		{key: "heartbeat", value: parse("30")},
		{key: "cluster_name", value: parse(`"prod"`)},
		{key: "log", value: parse("[{categories, [{connection, [{level, info}]}]}, {file, [{level, info}]}]")},
	}}
	tests := []struct {
		key, value string
		want       CheckStatus
		note       string
	}{
		{"heartbeat", "30", Equivalent, ""},
		{"heartbeat", "60", Differs, ""},
		{"cluster_name", `<<"prod">>`, Equivalent, "same text"},
		{"log_levels", "[{connection, info}]", Equivalent, "compared as rabbit.log"},
		{"log_levels", "[{connection, debug}]", Differs, ""},
		{"frame_max", "4096", Differs, "do not set it"},
	}
	for _, tt := range tests {
		c := compareEntry("rabbit", pair{key: tt.key, value: parse(tt.value)}, effective, false)
		if c.Status != tt.want || !strings.Contains(c.Note, tt.note) {
			t.Errorf("%s = %s: %+v, want %s with a note containing %q", tt.key, tt.value, c, tt.want, tt.note)
		}
	}
}
