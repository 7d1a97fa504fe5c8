package model

import "strings"

// KeyEffect is what a target release does with a rabbitmq.conf key.
type KeyEffect string

const (
	KeyBootFails   KeyEffect = "boot_fails"  // the node refuses to start
	KeyUnsupported KeyEffect = "unsupported" // removed or replaced; remove it before upgrading
	KeyIgnored     KeyEffect = "ignored"     // accepted but has no effect
	KeyDeprecated  KeyEffect = "deprecated"  // still works, scheduled to go
)

// ConfigKeyRule describes a rabbitmq.conf key that changes meaning on a
// release. Key matches exactly; as a prefix when it ends in ".*" or "*";
// as a suffix when it starts with "*."; and as an inner segment when it
// does both ("*.cacerts.*" matches ssl_options.cacerts.1). Value, when
// set, restricts the rule to that value. Until, when set, is the last
// release the rule applies to (the key came back after it).
type ConfigKeyRule struct {
	Key         string
	Value       string
	Since       Version
	Until       Version
	Effect      KeyEffect
	Replacement string
	Source      string
}

// appliesTo reports whether the rule is in force on target.
func (r ConfigKeyRule) appliesTo(target Version) bool {
	return target.AtLeast(r.Since) && (r.Until.IsZero() || r.Until.AtLeast(target))
}

// configKeyRules is the table of keys that break or lose effect.
//
// Source: rabbitmq-upgrade-facts.md §4.3 and §7.1 (release notes 3.13.0,
// 4.0.1, 4.1.0, 4.2.0, 4.3.0) and, where a row says "schema", the
// {mapping, ...} lines of deps/*/priv/schema/*.schema at the tags named.
// Cuttlefish validates rabbitmq.conf at boot: a key no schema maps makes
// the node fail to start, so a removed mapping is KeyBootFails.
// Append a row when a release removes a key.
var configKeyRules = []ConfigKeyRule{
	{Key: "management.enable_uaa", Since: V(3, 12, 0), Effect: KeyBootFails,
		Replacement: "remove it: configure OAuth 2 (management.oauth_*) instead", Source: "release-notes/3.12.0.md (#7887); schema: mapping gone at v3.12.0"},
	{Key: "management.uaa_*", Since: V(3, 12, 0), Effect: KeyBootFails,
		Replacement: "remove it: configure OAuth 2 (management.oauth_*) instead", Source: "release-notes/3.12.0.md (#7887); schema: management.uaa_client_id/_client_secret/_location gone at v3.12.0"},
	{Key: "mqtt.subscription_ttl", Since: V(3, 13, 0), Effect: KeyBootFails,
		Replacement: "mqtt.max_session_expiry_interval_seconds", Source: "release-notes/3.13.0.md"},
	{Key: "classic_queue.default_version", Value: "1", Since: V(4, 0, 0), Effect: KeyBootFails,
		Replacement: "remove it (CQv2 is the only version)", Source: "release-notes/4.0.1.md"},
	{Key: "cluster_formation.randomized_startup_delay_range.*", Since: V(4, 0, 0), Effect: KeyBootFails,
		Replacement: "remove it", Source: "release-notes/4.0.1.md"},
	{Key: "mqtt.default_user", Since: V(4, 0, 0), Effect: KeyBootFails,
		Replacement: "anonymous_login_user", Source: "release-notes/4.0.1.md; schema: mapping gone at v4.0.1"},
	{Key: "mqtt.default_pass", Since: V(4, 0, 0), Effect: KeyBootFails,
		Replacement: "anonymous_login_pass", Source: "release-notes/4.0.1.md (\"mqtt.default_password\"); schema: mqtt.default_pass gone at v4.0.1"},
	// 4.0's rabbitmq_amqp1_0 is a no-op plugin without a schema: every
	// amqp1_0.* key of 3.13 is unmapped.
	{Key: "amqp1_0.default_user", Since: V(4, 0, 0), Effect: KeyBootFails,
		Replacement: "anonymous_login_user / anonymous_login_pass", Source: "release-notes/4.0.1.md; schema: rabbitmq_amqp1_0 has none at v4.0.1"},
	{Key: "amqp1_0.default_vhost", Since: V(4, 0, 0), Effect: KeyBootFails,
		Replacement: "default_vhost (AMQP 1.0 is core in 4.0)", Source: "release-notes/4.0.1.md (as rabbitmq_amqp1_0.default_vhost); schema: none at v4.0.1"},
	{Key: "amqp1_0.protocol_strict_mode", Since: V(4, 0, 0), Effect: KeyBootFails,
		Replacement: "remove it (AMQP 1.0 is core in 4.0)", Source: "schema: mapped in rabbitmq_amqp1_0.schema at v3.13.7, none at v4.0.1"},
	{Key: "amqp1_0.convert_*", Since: V(4, 0, 0), Effect: KeyBootFails,
		Replacement: "remove it (AMQP 1.0 is core in 4.0)", Source: "schema: amqp1_0.convert_amqp091_headers_to_app_props / convert_app_props_to_amqp091_headers mapped at v3.13.7, none at v4.0.1"},
	{Key: "queue_master_locator", Since: V(4, 0, 0), Effect: KeyDeprecated,
		Replacement: "queue_leader_locator", Source: "facts §4.2, §7.3"},
	{Key: "cluster_formation.etcd.ssl_options.fail_if_no_peer_cert", Since: V(4, 1, 0), Effect: KeyBootFails,
		Replacement: "remove it", Source: "release-notes/4.1.0.md; schema: mapping gone at v4.1.0"},
	{Key: "cluster_formation.etcd.ssl_options.dh", Since: V(4, 1, 0), Effect: KeyBootFails,
		Replacement: "remove it", Source: "release-notes/4.1.0.md; schema: mapping gone at v4.1.0"},
	{Key: "cluster_formation.etcd.ssl_options.dhfile", Since: V(4, 1, 0), Effect: KeyBootFails,
		Replacement: "remove it", Source: "release-notes/4.1.0.md; schema: mapping gone at v4.1.0"},
	{Key: "*.cacerts.*", Since: V(4, 2, 0), Effect: KeyBootFails,
		Replacement: "use the matching cacertfile key", Source: "release-notes/4.2.0.md (#14655, \"potentially breaking\"); schema: the X.cacerts.$name mappings gone at v4.2.0"},
	// federation.shutdown.* exist in 4.1.8 only: 4.2 names them
	// federation.{exchanges,queues}.shutdown.* (from 4.2.3).
	{Key: "federation.shutdown.*", Since: V(4, 2, 0), Effect: KeyBootFails,
		Replacement: "federation.exchanges.shutdown.* and federation.queues.shutdown.* (4.2.3 or later)", Source: "schema: mapped at v4.1.8, no 4.2 tag maps them"},
	{Key: "federation.exchanges.connection_close_timeout", Since: V(4, 2, 0), Until: V(4, 2, 2), Effect: KeyBootFails,
		Replacement: "remove it, or target 4.2.3 or later", Source: "release-notes/4.1.8.md, 4.2.3.md; schema: mapped at v4.1.8, absent v4.2.0–v4.2.2"},
	{Key: "federation.queues.connection_close_timeout", Since: V(4, 2, 0), Until: V(4, 2, 2), Effect: KeyBootFails,
		Replacement: "remove it, or target 4.2.3 or later", Source: "release-notes/4.1.8.md, 4.2.3.md; schema: mapped at v4.1.8, absent v4.2.0–v4.2.2"},
	{Key: "cluster_partition_handling*", Since: V(4, 3, 0), Effect: KeyIgnored,
		Replacement: "remove it: with Khepri only, a majority of nodes must be online", Source: "release-notes/4.3.0.md"},
}

// ConfigKeyRules returns every rule in force on target.
func ConfigKeyRules(target Version) []ConfigKeyRule {
	var out []ConfigKeyRule
	for _, r := range configKeyRules {
		if r.appliesTo(target) {
			out = append(out, r)
		}
	}
	return out
}

// BootBreakingConfigKeys returns the rules whose key makes a node on target
// refuse to boot.
func BootBreakingConfigKeys(target Version) []ConfigKeyRule {
	var out []ConfigKeyRule
	for _, r := range ConfigKeyRules(target) {
		if r.Effect == KeyBootFails {
			out = append(out, r)
		}
	}
	return out
}

// MatchConfigKey returns the rules in force on target that a rabbitmq.conf
// line `key = value` triggers.
func MatchConfigKey(key, value string, target Version) []ConfigKeyRule {
	key, value = strings.TrimSpace(key), strings.TrimSpace(value)
	var out []ConfigKeyRule
	for _, r := range ConfigKeyRules(target) {
		if keyMatches(r.Key, key) && (r.Value == "" || r.Value == value) {
			out = append(out, r)
		}
	}
	return out
}

func keyMatches(pattern, key string) bool {
	switch {
	case strings.HasPrefix(pattern, "*.") && strings.HasSuffix(pattern, ".*"):
		return strings.Contains(key, pattern[1:len(pattern)-1])
	case strings.HasPrefix(pattern, "*."):
		return strings.HasSuffix(key, pattern[1:])
	case strings.HasSuffix(pattern, ".*"):
		return strings.HasPrefix(key, pattern[:len(pattern)-1])
	case strings.HasSuffix(pattern, "*"):
		return strings.HasPrefix(key, pattern[:len(pattern)-1])
	}
	return pattern == key
}
