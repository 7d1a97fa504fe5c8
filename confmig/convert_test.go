package confmig

import (
	"errors"
	"strings"
	"testing"

	"github.com/warren-sre/warren/confmig/schema"
	"github.com/warren-sre/warren/erlterm"
)

// convertOne wraps a rabbit (or other app) setting in a full config.
func convertOne(t *testing.T, app, setting string) Result {
	t.Helper()
	res, err := Convert([]byte("[{"+app+", ["+setting+"]}]."), Options{Schema: shippedTable(t, "3.10.8")})
	if err != nil {
		t.Fatalf("Convert(%s): %v", setting, err)
	}
	return res
}

func shippedTable(t testing.TB, version string) *schema.Schema {
	t.Helper()
	s, err := schema.ShippedTable(version)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func confBody(conf string) []string {
	var lines []string
	for _, l := range strings.Split(conf, "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	return lines
}

// Expected lines come from rabbitmq-upgrade-facts.md §7.3 (numbers in comments).
func TestConvertToConfLines(t *testing.T) {
	tests := []struct {
		app, setting string
		want         []string
	}{
		{"rabbit", `{tcp_listeners, [5673]}`, []string{"listeners.tcp.1 = 5673"}}, // 1
		{"rabbit", `{tcp_listeners, [{"127.0.0.1", 5672}, {"::1", 5672}]}`,
			[]string{"listeners.tcp.2 = ::1:5672", "listeners.tcp.1 = 127.0.0.1:5672"}}, // 2
		{"rabbit", `{ssl_listeners, []}`, []string{"listeners.ssl = none"}},       // 3
		{"rabbit", `{ssl_listeners, [5671]}`, []string{"listeners.ssl.1 = 5671"}}, // 4
		{"rabbit", `{ssl_options, [{cacertfile, "/c/ca.pem"}, {verify, verify_peer}, {fail_if_no_peer_cert, true}, {versions, ['tlsv1.2']}]}`,
			[]string{"ssl_options.cacertfile = /c/ca.pem", "ssl_options.verify = verify_peer",
				"ssl_options.fail_if_no_peer_cert = true", "ssl_options.versions.1 = tlsv1.2"}}, // 5
		{"rabbit", `{ssl_options, [{versions, ['tlsv1.3', 'tlsv1.2']}]}`,
			[]string{"ssl_options.versions.2 = tlsv1.2", "ssl_options.versions.1 = tlsv1.3"}},
		{"rabbit", `{num_ssl_acceptors, 1}`, []string{"num_acceptors.ssl = 1"}},                                            // 6
		{"rabbit", `{vm_memory_high_watermark, 0.4}`, []string{"vm_memory_high_watermark.relative = 0.4"}},                 // 7
		{"rabbit", `{vm_memory_high_watermark, {absolute, "3GiB"}}`, []string{"vm_memory_high_watermark.absolute = 3GiB"}}, // 8
		{"rabbit", `{vm_memory_high_watermark, {absolute, 1073741824}}`, []string{"vm_memory_high_watermark.absolute = 1073741824"}},
		{"rabbit", `{disk_free_limit, "2GB"}`, []string{"disk_free_limit.absolute = 2GB"}},                     // 10
		{"rabbit", `{disk_free_limit, {mem_relative, 1.0}}`, []string{"disk_free_limit.relative = 1.0"}},       // 11
		{"rabbit", `{default_user, <<"guest">>}`, []string{"default_user = guest"}},                            // 12
		{"rabbit", `{default_user_tags, [administrator]}`, []string{"default_user_tags.administrator = true"}}, // 13
		{"rabbit", `{default_permissions, [<<".*">>, <<"w">>, <<"r">>]}`, []string{
			"default_permissions.configure = .*", "default_permissions.write = w", "default_permissions.read = r"}}, // 14
		{"rabbit", `{loopback_users, []}`, []string{"loopback_users = none"}},                  // 16
		{"rabbit", `{loopback_users, [<<"guest">>]}`, []string{"loopback_users.guest = true"}}, // 16
		{"rabbit", `{channel_max, 16}`, []string{"channel_max = 16"}},                          // 19
		{"rabbit", `{cluster_nodes, {[rabbit@hostname1, rabbit@hostname2], disc}}`, []string{ // 23
			"cluster_formation.peer_discovery_backend = classic_config",
			"cluster_formation.classic_config.nodes.2 = rabbit@hostname2",
			"cluster_formation.classic_config.nodes.1 = rabbit@hostname1",
			"cluster_formation.node_type = disc"}},
		{"rabbit", `{cluster_formation, [{peer_discovery_backend, rabbit_peer_discovery_dns}, {peer_discovery_dns, [{hostname, <<"disc.example">>}]}]}`,
			[]string{"cluster_formation.peer_discovery_backend = dns", "cluster_formation.dns.hostname = disc.example"}}, // 24
		{"rabbit", `{cluster_partition_handling, {pause_if_all_down, [rabbit@a], autoheal}}`, []string{
			"cluster_partition_handling = pause_if_all_down",
			"cluster_partition_handling.pause_if_all_down.nodes.1 = rabbit@a",
			"cluster_partition_handling.pause_if_all_down.recover = autoheal"}},
		{"kernel", `{net_ticktime, 20}`, []string{"net_ticktime = 20"}}, // 27
		{"rabbit", `{auth_backends, [rabbit_auth_backend_ldap, rabbit_auth_backend_internal]}`,
			[]string{"auth_backends.1 = ldap", "auth_backends.2 = internal"}}, // 28
		{"rabbit", `{auth_backends, [{rabbit_auth_backend_ldap, rabbit_auth_backend_internal}]}`,
			[]string{"auth_backends.1.authn = ldap", "auth_backends.1.authz = internal"}},
		{"rabbit", `{auth_mechanisms, ['PLAIN', 'AMQPLAIN']}`, []string{"auth_mechanisms.2 = AMQPLAIN", "auth_mechanisms.1 = PLAIN"}}, // 29
		{"rabbit", `{tcp_listen_options, [{backlog, 128}, {nodelay, true}, {linger, {true, 0}}]}`, []string{
			"tcp_listen_options.backlog = 128", "tcp_listen_options.nodelay = true",
			"tcp_listen_options.linger.on = true", "tcp_listen_options.linger.timeout = 0"}}, // 30
		{"rabbit", `{log, [{file, [{level, info}]}]}`, []string{"log.file.level = info"}},                                                // 33
		{"rabbit", `{log, [{file, [{file, "rabbit.log"}]}]}`, []string{"log.file = rabbit.log"}},                                         // 34
		{"rabbit", `{log_root, "/var/log/rabbitmq"}`, []string{"log.dir = /var/log/rabbitmq"}},                                           // 34
		{"rabbit", `{log, [{console, [{enabled, true}, {level, debug}]}]}`, []string{"log.console = true", "log.console.level = debug"}}, // 35
		{"rabbit", `{log, [{categories, [{default, [{level, warning}]}]}]}`, []string{"log.default.level = warning"}},                    // 36
		{"rabbitmq_management", `{tcp_config, [{port, 15674}, {ip, "192.168.1.2"}]}`,
			[]string{"management.tcp.port = 15674", "management.tcp.ip = 192.168.1.2"}}, // 37, 38
		{"rabbitmq_management", `{ssl_config, [{port, 15671}, {certfile, "/c.pem"}]}`,
			[]string{"management.ssl.port = 15671", "management.ssl.certfile = /c.pem"}}, // 39
		{"rabbitmq_management", `{disable_management_stats, true}`, []string{"management.disable_stats = true"}}, // 42
		{"rabbit", `{classic_queue_default_version, 2}`, []string{"classic_queue.default_version = 2"}},          // 45
		{"kernel", `{inet_dist_listen_min, 25679}`, []string{"distribution.listener.port_range.min = 25679"}},    // 50
		{"rabbitmq_stomp", `{default_user, [{login, "s"}, {passcode, "p"}]}`, []string{"stomp.default_user = s", "stomp.default_pass = p"}},
		{"rabbitmq_auth_backend_ldap", `{servers, ["a", "b"]}`, []string{"auth_ldap.servers.2 = b", "auth_ldap.servers.1 = a"}},
		{"rabbitmq_auth_backend_ldap", `{other_bind, {"cn=admin", "pw"}}`,
			[]string{"auth_ldap.other_bind.user_dn = cn=admin", "auth_ldap.other_bind.password = pw"}},
	}
	for _, tt := range tests {
		res := convertOne(t, tt.app, tt.setting)
		got := confBody(res.Conf)
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("%s %s:\n got %q\nwant %q", tt.app, tt.setting, got, tt.want)
		}
		if res.Advanced != "" {
			t.Errorf("%s: unexpected advanced.config:\n%s", tt.setting, res.Advanced)
		}
	}
}

// Keys newer than 3.10: converted with 4.3.6's table, kept for review on 3.10.8.
func TestConvertNewerKeys(t *testing.T) {
	for _, tt := range []struct{ setting, want string }{
		{`{quorum_cluster_size, 3}`, "quorum_queue.initial_cluster_size = 3"},                                                               // 46
		{`{permit_deprecated_features, #{classic_queue_mirroring => false}}`, "deprecated_features.permit.classic_queue_mirroring = false"}, // 48
	} {
		src := []byte("[{rabbit, [" + tt.setting + "]}].")
		res, err := Convert(src, Options{Schema: shippedTable(t, "4.3.6")})
		if err != nil || strings.Join(confBody(res.Conf), "\n") != tt.want {
			t.Errorf("%s on 4.3.6: %q (%v), want %q", tt.setting, confBody(res.Conf), err, tt.want)
		}
		res, _ = Convert(src, Options{Schema: shippedTable(t, "3.10.8")})
		if e := res.Entries[0]; e.Status != Advanced || !strings.Contains(e.Reason, "3.10.8's schema has no") {
			t.Errorf("%s on 3.10.8: %+v, want kept in advanced.config naming the missing key", tt.setting, e)
		}
	}
}

func TestEntriesWithoutConfFormGoToAdvanced(t *testing.T) {
	tests := []struct {
		app, setting, reason string
	}{
		{"rabbit", `{credit_flow_default_credit, {400, 200}}`, "no rabbitmq.conf form"},
		{"rabbit", `{some_future_key, 1}`, "schema has no rabbitmq.conf key for rabbit.some_future_key"},
		{"rabbit", `{default_pass, <<"has#hash">>}`, "'#'"},
		{"rabbit", `{ssl_options, [{verify, verify_peer}, {customize_hostname_check, [{match_fun, x}]}]}`, "ssl_options.customize_hostname_check"},
		{"rabbit", `{tcp_listeners, [{"0.0.0.0", 5672, inet}]}`, "fits none of the schema's datatypes (integer, ip)"},
		{"rabbit", `{loopback_users, [<<"a.b">>]}`, "cannot be used inside a rabbitmq.conf key"},
		{"rabbitmq_auth_backend_ldap", `{vhost_access_query, {constant, true}}`, "3.10.8's schema has no auth_ldap.queries.vhost_access"},
		{"rabbitmq_shovel", `{shovels, []}`, "shovel"},
		{"lager", `{handlers, []}`, "lager"},
		{"my_app", `{k, v}`, "no rabbitmq.conf key for my_app.k"},
	}
	for _, tt := range tests {
		res := convertOne(t, tt.app, tt.setting)
		if len(res.Entries) != 1 || res.Entries[0].Status != Advanced || !strings.Contains(res.Entries[0].Reason, tt.reason) {
			t.Errorf("%s: entries = %+v, want advanced with reason containing %q", tt.setting, res.Entries, tt.reason)
			continue
		}
		back, err := erlterm.ParseFile([]byte(res.Advanced))
		if err != nil {
			t.Errorf("%s: advanced.config does not parse: %v", tt.setting, err)
			continue
		}
		want, _ := erlterm.ParseFile([]byte("[{" + tt.app + ", [" + tt.setting + "]}]."))
		if !erlterm.Equal(back[0], want[0]) {
			t.Errorf("%s: advanced.config changed the entry:\n%s", tt.setting, res.Advanced)
		}
		if len(confBody(res.Conf)) != 0 {
			t.Errorf("%s: also wrote conf lines %q", tt.setting, confBody(res.Conf))
		}
	}
}

func TestSecretsAreMaskedInEntriesButWrittenToConf(t *testing.T) {
	res := convertOne(t, "rabbit", `{default_pass, <<"s3cret">>}, {ssl_options, [{password, "keypass"}]}`)
	if !strings.Contains(res.Conf, "default_pass = s3cret") || !strings.Contains(res.Conf, "ssl_options.password = keypass") {
		t.Errorf("secrets missing from rabbitmq.conf:\n%s", res.Conf)
	}
	var report strings.Builder
	WriteReport(&report, res, nil)
	if strings.Contains(report.String(), "s3cret") || strings.Contains(report.String(), "keypass") {
		t.Errorf("report shows a secret:\n%s", report.String())
	}
	for _, e := range res.Entries {
		for _, l := range e.Conf {
			if !l.Secret || l.Value != secretMask {
				t.Errorf("entry %s.%s line %+v is not masked", e.App, e.Key, l)
			}
		}
	}
}

func TestConflictingKeysAreNotWrittenTwice(t *testing.T) {
	res := convertOne(t, "rabbit", `{cluster_nodes, {[rabbit@a], disc}}, {cluster_formation, [{node_type, ram}]}`)
	if res.Entries[1].Status != Advanced || !strings.Contains(res.Entries[1].Reason, "conflicts") {
		t.Errorf("second entry = %+v, want advanced because of a conflict", res.Entries[1])
	}
	if strings.Count(res.Conf, "cluster_formation.node_type") != 1 {
		t.Errorf("node_type written more than once:\n%s", res.Conf)
	}
}

func TestFindingsForTarget(t *testing.T) {
	src := `[{rabbit, [{classic_queue_default_version, 1}, {cluster_partition_handling, autoheal}]},
	         {rabbitmq_mqtt, [{subscription_ttl, 86400000}]}].`
	tests := []struct {
		target string
		want   []string // keys flagged
	}{
		{"3.12", nil},
		{"3.13.7", []string{"mqtt.subscription_ttl"}},
		{"4.0", []string{"classic_queue.default_version", "mqtt.subscription_ttl"}},
		{"4.3.0", []string{"classic_queue.default_version", "cluster_partition_handling", "mqtt.subscription_ttl"}},
		{"", []string{"classic_queue.default_version", "cluster_partition_handling", "mqtt.subscription_ttl"}},
	}
	for _, tt := range tests {
		res, err := Convert([]byte(src), Options{Target: tt.target})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range res.Findings {
			got = append(got, f.Key)
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("--to %q: flagged %v, want %v", tt.target, got, tt.want)
		}
	}
	if _, err := Convert([]byte(src), Options{Target: "four"}); err == nil {
		t.Error("a malformed --to version was accepted")
	}
}

func TestMalformedConfigErrorsHavePositions(t *testing.T) {
	tests := []struct{ src, want string }{
		{"[{rabbit, [\n  {heartbeat 60}]}].", "2:14:"},
		{"[{rabbit, [\n  heartbeat]}].", "2:3: expected a {key, Value} setting"},
		{"[rabbit].", "1:2: expected {Application, [Settings]}"},
		{"{rabbit, []}.", "1:1: the config must be a list"},
		{"[]. [].", "exactly one term"},
	}
	for _, tt := range tests {
		_, err := Convert([]byte(tt.src), Options{})
		var se *erlterm.SyntaxError
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Convert(%q) error = %v, want %q", tt.src, err, tt.want)
		}
		if strings.Contains(tt.want, ":") && tt.want[0] != 'e' && !errors.As(err, &se) {
			t.Errorf("Convert(%q) error is not positioned: %v", tt.src, err)
		}
	}
}

func TestIsClassicFormat(t *testing.T) {
	tests := []struct {
		path, content string
		want          bool
	}{
		{"/etc/rabbitmq/rabbitmq.config", "[{rabbit, [{heartbeat, 60}]}].", true},
		{"/etc/rabbitmq/advanced.config", "[{rabbit, [{heartbeat, 60}]}].", false},
		{"/etc/rabbitmq/rabbitmq.conf", "heartbeat = 60\n", false},
		{"/etc/rabbitmq/rabbitmq.config", "", true},
		{"/etc/rabbitmq/rabbitmq.conf", "", false},
	}
	for _, tt := range tests {
		if got := IsClassicFormat(tt.path, []byte(tt.content)); got != tt.want {
			t.Errorf("IsClassicFormat(%s, %q) = %v, want %v", tt.path, tt.content, got, tt.want)
		}
	}
}
