package model

import (
	"slices"
	"testing"
)

// Written from facts §3.2.
func TestRequiredFlagsBefore(t *testing.T) {
	tests := []struct {
		target   Version
		want     []string
		wantNot  []string
		wantRows int
	}{
		{V(3, 10, 25), nil, []string{"quorum_queue"}, 0},
		{V(3, 11, 0), []string{"quorum_queue", "user_limits"}, []string{"stream_queue"}, 1},
		{V(3, 12, 0), []string{"stream_queue", "feature_flags_v2", "drop_unroutable_metric"}, []string{"mqtt_v5"}, 2},
		{V(3, 13, 7), []string{"stream_queue"}, []string{"mqtt_v5"}, 2},
		{V(4, 0, 9), []string{"mqtt_v5", "message_containers", "quorum_queue"}, []string{"khepri_db"}, 3},
		{V(4, 2, 10), []string{"mqtt_v5"}, []string{"khepri_db"}, 3},
		{V(4, 2, 10), []string{"message_containers"}, []string{"detailed_queues_endpoint"}, 3}, // stable until 4.2.x
		// rabbit_mgmt_app.erl at v4.3.0: detailed_queues_endpoint is required.
		{V(4, 3, 0), []string{"khepri_db", "rabbitmq_4.2.0", "quorum_queue", "detailed_queues_endpoint"}, nil, 4},
	}
	for _, tt := range tests {
		if got := RequiredFlagsBefore(tt.target); len(got) != tt.wantRows {
			t.Errorf("RequiredFlagsBefore(%v) = %d rows, want %d", tt.target, len(got), tt.wantRows)
		}
		names := RequiredFlagNames(tt.target)
		for _, f := range tt.want {
			if !slices.Contains(names, f) {
				t.Errorf("RequiredFlagNames(%v) lacks %s", tt.target, f)
			}
		}
		for _, f := range tt.wantNot {
			if slices.Contains(names, f) {
				t.Errorf("RequiredFlagNames(%v) should not contain %s", tt.target, f)
			}
		}
	}
	if got := EnableAllFlagsCommand(V(3, 8, 9)); got == "rabbitmqctl enable_feature_flag all" {
		t.Errorf("3.8.9 has no 'enable_feature_flag all' (3.8.10+)")
	}
}

// Written from facts §4.2.
func TestDeprecationPhases(t *testing.T) {
	tests := []struct {
		name string
		on   Version
		want Phase
	}{
		{"classic_queue_mirroring", V(3, 13, 7), PhasePermittedByDefault},
		{"classic_queue_mirroring", V(4, 0, 1), PhaseRemoved},
		{"transient_nonexcl_queues", V(4, 2, 10), PhasePermittedByDefault},
		{"transient_nonexcl_queues", V(4, 3, 0), PhaseDeniedByDefault},
		{"global_qos", V(4, 3, 0), PhaseDeniedByDefault},
		{"ram_node_type", V(4, 3, 0), PhaseRemoved},
		{"management_metrics_collection", V(4, 3, 5), PhasePermittedByDefault},
		{"queue_master_locator", V(3, 13, 7), PhaseNone},
		{"queue_master_locator", V(4, 3, 0), PhaseDeniedByDefault},
		{"amqp_filter_set_bug", V(4, 2, 0), PhasePermittedByDefault},
		{"amqp_filter_set_bug", V(4, 1, 0), PhasePermittedByDefault}, // rabbit_amqp_session.erl at v4.1.0
		{"amqp_filter_set_bug", V(4, 0, 9), PhaseNone},
		{"classic_queue_v1", V(4, 0, 1), PhaseRemoved},
	}
	for _, tt := range tests {
		f, ok := LookupDeprecatedFeature(tt.name)
		if !ok {
			t.Errorf("%s missing from the table", tt.name)
			continue
		}
		if got := f.PhaseAt(tt.on); got != tt.want {
			t.Errorf("%s on %v = %q, want %q", tt.name, tt.on, got, tt.want)
		}
	}
}

// Classic mirroring was deprecated in the 3.9 era: warren reports it on
// 3.9+ targets even though the subsystem only exists from 3.13.
func TestDeprecatedFeaturesCoverOlderTargets(t *testing.T) {
	found := false
	for _, s := range DeprecatedFeatures(V(3, 10, 8)) {
		if s.Feature.Name == "classic_queue_mirroring" && s.Phase == PhasePermittedByDefault {
			found = true
		}
	}
	if !found {
		t.Errorf("classic_queue_mirroring not listed for a 3.10 target")
	}
}

// Written from facts §4.3 / §7.1.
func TestMatchConfigKey(t *testing.T) {
	tests := []struct {
		key, value string
		target     Version
		want       KeyEffect
	}{
		{"mqtt.subscription_ttl", "86400000", V(3, 13, 0), KeyBootFails},
		{"mqtt.subscription_ttl", "86400000", V(3, 12, 14), ""},
		{"classic_queue.default_version", "1", V(4, 0, 1), KeyBootFails},
		{"classic_queue.default_version", "2", V(4, 0, 1), ""},
		{"cluster_formation.randomized_startup_delay_range.min", "0", V(4, 0, 1), KeyBootFails},
		// Issue 13 item 2, checked against the schemas' {mapping, ...} lines
		// at the tags named in configKeyRules.
		{"ssl_options.cacerts.1", "x", V(4, 2, 0), KeyBootFails},
		{"management.listener.ssl_opts.cacerts.ca", "x", V(4, 2, 10), KeyBootFails},
		{"auth_ldap.ssl_options.cacerts.1", "x", V(4, 1, 8), ""},
		{"ssl_options.cacertfile", "/x", V(4, 2, 0), ""},
		{"mqtt.default_user", "guest", V(4, 0, 1), KeyBootFails},
		{"mqtt.default_pass", "guest", V(4, 0, 1), KeyBootFails},
		{"mqtt.default_user", "guest", V(3, 13, 7), ""},
		{"amqp1_0.default_user", "guest", V(4, 0, 1), KeyBootFails},
		{"amqp1_0.default_vhost", "/", V(4, 0, 1), KeyBootFails},
		{"amqp1_0.protocol_strict_mode", "false", V(4, 0, 1), KeyBootFails},
		{"amqp1_0.convert_amqp091_headers_to_app_props", "true", V(4, 0, 1), KeyBootFails},
		{"amqp1_0.convert_app_props_to_amqp091_headers", "true", V(4, 1, 0), KeyBootFails},
		{"cluster_formation.etcd.ssl_options.dh", "x", V(4, 1, 0), KeyBootFails},
		{"cluster_formation.etcd.ssl_options.dhfile", "/x", V(4, 1, 0), KeyBootFails},
		{"cluster_formation.etcd.ssl_options.fail_if_no_peer_cert", "true", V(4, 1, 0), KeyBootFails},
		{"cluster_formation.etcd.ssl_options.cacertfile", "/x", V(4, 1, 0), ""}, // still mapped
		{"cluster_formation.etcd.ssl_options.verify", "verify_peer", V(4, 1, 0), ""},
		{"management.enable_uaa", "true", V(3, 12, 0), KeyBootFails},
		{"management.uaa_client_id", "x", V(3, 12, 0), KeyBootFails},
		{"management.uaa_client_id", "x", V(3, 11, 28), ""},
		{"federation.shutdown.timeout", "1000", V(4, 2, 10), KeyBootFails},
		{"federation.shutdown.timeout", "1000", V(4, 1, 8), ""},
		{"federation.exchanges.shutdown.timeout", "1000", V(4, 2, 10), ""},
		{"federation.queues.connection_close_timeout", "3000", V(4, 2, 1), KeyBootFails},
		{"federation.queues.connection_close_timeout", "3000", V(4, 2, 3), ""}, // mapped again from 4.2.3
		{"cluster_partition_handling", "autoheal", V(4, 3, 0), KeyIgnored},
		{"cluster_partition_handling.pause_if_all_down.recover", "ignore", V(4, 3, 0), KeyIgnored},
		{"cluster_partition_handling", "autoheal", V(4, 2, 10), ""},
	}
	for _, tt := range tests {
		got := MatchConfigKey(tt.key, tt.value, tt.target)
		var effect KeyEffect
		if len(got) > 0 {
			effect = got[0].Effect
		}
		if effect != tt.want {
			t.Errorf("MatchConfigKey(%s = %s, %v) = %q, want %q", tt.key, tt.value, tt.target, effect, tt.want)
		}
	}
	// 3.12: enable_uaa, uaa_*; 3.13: subscription_ttl; 4.0: default_version=1,
	// randomized_startup_delay_range, mqtt.default_user/pass, 4 amqp1_0 rows.
	if n := len(BootBreakingConfigKeys(V(4, 0, 1))); n != 11 {
		t.Errorf("BootBreakingConfigKeys(4.0.1) = %d rules, want 11", n)
	}
}

func TestPluginsRemovedBy(t *testing.T) {
	if got := PluginsRemovedBy(V(3, 6, 16)); len(got) != 0 {
		t.Errorf("3.6 removed nothing, got %v", got)
	}
	got := PluginsRemovedBy(V(3, 7, 0))
	if len(got) != 1 || got[0].Plugin != "rabbitmq_management_visualiser" {
		t.Errorf("PluginsRemovedBy(3.7.0) = %v", got)
	}
}

// Written from facts §8.2 and verified-notes.md.
func TestIdentifyClient(t *testing.T) {
	tests := []struct {
		product, platform string
		want              ClientLibrary
	}{
		{"RabbitMQ", "Java", ClientJava},
		{"RabbitMQ", ".NET", ClientDotNet},
		{"Pika Python Client Library", "Python 3.11.2", ClientPika},
		{"amqplib", "Node.JS v20.11.1", ClientAmqplib},
		{"AMQP 0.9.1 Client", "golang", ClientAmqp091Go},
		{"Amqp 0.9.1 Client", "golang", ClientAmqp091Go},
		{"https://github.com/streadway/amqp", "golang", ClientStreadway},
		{"RabbitMQ", "Erlang/OTP", ClientUnknown}, // the server's own properties
		{"", "", ClientUnknown},
	}
	for _, tt := range tests {
		if got := IdentifyClient(tt.product, tt.platform); got != tt.want {
			t.Errorf("IdentifyClient(%q, %q) = %q, want %q", tt.product, tt.platform, got, tt.want)
		}
	}
}

// Written from facts §8.1.
func TestCheckClient(t *testing.T) {
	tests := []struct {
		lib        ClientLibrary
		version    string
		target     Version
		wantBroken int
		wantOK     bool
	}{
		{ClientAmqplib, "0.10.5", V(4, 1, 0), 1, true},
		{ClientAmqplib, "0.10.5", V(4, 0, 9), 0, true},
		{ClientAmqplib, "0.10.7", V(4, 1, 0), 0, true},
		{ClientJava, "4.12.0", V(3, 13, 7), 1, true},
		{ClientJava, "5.21.0", V(4, 2, 1), 0, true},
		{ClientDotNet, "5.2.0", V(4, 0, 9), 1, true},
		{ClientDotNet, "6.8.1+abc123", V(4, 0, 9), 0, true},
		{ClientAmqplib, "β", V(4, 1, 0), 0, false},
		{ClientPika, "1.2.0", V(4, 3, 5), 0, true}, // no documented minimum
	}
	for _, tt := range tests {
		broken, ok := CheckClient(tt.lib, tt.version, tt.target)
		if len(broken) != tt.wantBroken || ok != tt.wantOK {
			t.Errorf("CheckClient(%s %s, %v) = %d broken ok=%v, want %d ok=%v", tt.lib, tt.version, tt.target, len(broken), ok, tt.wantBroken, tt.wantOK)
		}
	}
	if MinClientFrameMax(V(4, 1, 0)) != 8192 || MinClientFrameMax(V(4, 0, 9)) != 4096 {
		t.Errorf("frame_max minimums wrong")
	}
}
