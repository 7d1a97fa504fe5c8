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
// release. Key matches exactly, or as a prefix when it ends in ".*"/"*", or
// as a suffix when it starts with "*." (e.g. "*.cacerts"). Value, when set,
// restricts the rule to that value.
type ConfigKeyRule struct {
	Key         string
	Value       string
	Since       Version
	Effect      KeyEffect
	Replacement string
	Source      string
}

// configKeyRules is the table of keys that break or lose effect.
//
// Source: rabbitmq-upgrade-facts.md §4.3 and §7.1 (release notes 3.13.0,
// 4.0.1, 4.1.0, 4.2.0, 4.3.0; Cuttlefish validates rabbitmq.conf at boot).
// Append a row when a release removes a key.
var configKeyRules = []ConfigKeyRule{
	{Key: "mqtt.subscription_ttl", Since: V(3, 13, 0), Effect: KeyBootFails,
		Replacement: "mqtt.max_session_expiry_interval_seconds", Source: "release-notes/3.13.0.md"},
	{Key: "classic_queue.default_version", Value: "1", Since: V(4, 0, 0), Effect: KeyBootFails,
		Replacement: "remove it (CQv2 is the only version)", Source: "release-notes/4.0.1.md"},
	{Key: "cluster_formation.randomized_startup_delay_range.*", Since: V(4, 0, 0), Effect: KeyBootFails,
		Replacement: "remove it", Source: "release-notes/4.0.1.md"},
	{Key: "mqtt.default_user", Since: V(4, 0, 0), Effect: KeyUnsupported,
		Replacement: "anonymous_login_user", Source: "release-notes/4.0.1.md"},
	{Key: "mqtt.default_pass", Since: V(4, 0, 0), Effect: KeyUnsupported,
		Replacement: "anonymous_login_pass", Source: "release-notes/4.0.1.md"},
	{Key: "amqp1_0.default_user", Since: V(4, 0, 0), Effect: KeyUnsupported,
		Replacement: "anonymous_login_user / anonymous_login_pass", Source: "release-notes/4.0.1.md"},
	{Key: "amqp1_0.default_vhost", Since: V(4, 0, 0), Effect: KeyUnsupported,
		Replacement: "remove it (AMQP 1.0 is core in 4.0)", Source: "release-notes/4.0.1.md"},
	{Key: "queue_master_locator", Since: V(4, 0, 0), Effect: KeyDeprecated,
		Replacement: "queue_leader_locator", Source: "facts §4.2, §7.3"},
	{Key: "cluster_formation.etcd.ssl_options.*", Since: V(4, 1, 0), Effect: KeyUnsupported,
		Replacement: "check the 4.1.0 release notes: some of these keys are no longer supported", Source: "release-notes/4.1.0.md"},
	{Key: "*.cacerts", Since: V(4, 2, 0), Effect: KeyUnsupported,
		Replacement: "use the matching cacertfile key", Source: "release-notes/4.2.0.md"},
	{Key: "cluster_partition_handling*", Since: V(4, 3, 0), Effect: KeyIgnored,
		Replacement: "remove it: with Khepri only, a majority of nodes must be online", Source: "release-notes/4.3.0.md"},
}

// ConfigKeyRules returns every rule in force on target.
func ConfigKeyRules(target Version) []ConfigKeyRule {
	var out []ConfigKeyRule
	for _, r := range configKeyRules {
		if target.AtLeast(r.Since) {
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
	case strings.HasPrefix(pattern, "*."):
		return strings.HasSuffix(key, pattern[1:])
	case strings.HasSuffix(pattern, ".*"):
		return strings.HasPrefix(key, pattern[:len(pattern)-1])
	case strings.HasSuffix(pattern, "*"):
		return strings.HasPrefix(key, pattern[:len(pattern)-1])
	}
	return pattern == key
}
