package confmig

import (
	"fmt"
	"strconv"
	"strings"
)

// version is a RabbitMQ release, major.minor.patch. confmig parses the
// --to value itself so that it does not depend on the model package's
// version tables, which are written separately.
type version [3]int

func parseTarget(s string) (*version, error) {
	if s == "" {
		return nil, nil
	}
	parts := strings.Split(strings.TrimPrefix(strings.TrimSpace(s), "v"), ".")
	if len(parts) < 2 || len(parts) > 3 {
		return nil, fmt.Errorf("target version %q: expected MAJOR.MINOR or MAJOR.MINOR.PATCH", s)
	}
	var v version
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("target version %q: %q is not a number", s, p)
		}
		v[i] = n
	}
	return &v, nil
}

func (v version) atLeast(o version) bool {
	for i := range v {
		if v[i] != o[i] {
			return v[i] > o[i]
		}
	}
	return true
}

func (v version) String() string { return fmt.Sprintf("%d.%d.%d", v[0], v[1], v[2]) }

// Severity of a version-specific finding.
type Severity string

const (
	FailsBoot  Severity = "fails-boot" // the node refuses to start
	Ignored    Severity = "ignored"    // accepted but has no effect
	Replaced   Severity = "replaced"   // superseded by another key
	Deprecated Severity = "deprecated" // still works, scheduled to go
	Changed    Severity = "changed"    // works, with different behaviour
)

// Finding flags one key that a RabbitMQ version rejects, ignores or changes.
type Finding struct {
	Key      string   `json:"key"`
	Severity Severity `json:"severity"`
	Since    string   `json:"since"`
	Message  string   `json:"message"`
	Source   string   `json:"source"`
}

// keyRule matches rabbitmq.conf keys (or app.key of advanced.config entries).
type keyRule struct {
	prefix   string // key equals prefix or starts with prefix + "."
	value    string // when set, only this value matches
	since    version
	severity Severity
	message  string
	source   string
}

// versionRules come from the reference facts, rabbitmq-upgrade-facts.md
// §4.2 (deprecations) and §4.3 (breaking changes), which cite the release notes.
var versionRules = []keyRule{
	{prefix: "mqtt.subscription_ttl", since: version{3, 13, 0}, severity: FailsBoot,
		message: "replaced by mqtt.max_session_expiry_interval_seconds; the node fails to boot when it is set",
		source:  "facts §4.3 (release-notes/3.13.0.md)"},
	{prefix: "classic_queue.default_version", value: "1", since: version{4, 0, 0}, severity: FailsBoot,
		message: "CQv1 was removed; classic_queue.default_version = 1 makes the boot fail",
		source:  "facts §4.3 (release-notes/4.0.1.md)"},
	{prefix: "cluster_formation.randomized_startup_delay_range", since: version{4, 0, 0}, severity: FailsBoot,
		message: "randomized_startup_delay_range was removed; setting it makes the boot fail",
		source:  "facts §4.3 (release-notes/4.0.1.md)"},
	{prefix: "mqtt.default_user", since: version{4, 0, 0}, severity: Replaced,
		message: "replaced by anonymous_login_user", source: "facts §4.3 (release-notes/4.0.1.md)"},
	{prefix: "mqtt.default_pass", since: version{4, 0, 0}, severity: Replaced,
		message: "replaced by anonymous_login_pass", source: "facts §4.3 (release-notes/4.0.1.md)"},
	{prefix: "rabbitmq_amqp1_0.default_vhost", since: version{4, 0, 0}, severity: Ignored,
		message: "AMQP 1.0 is core from 4.0; rabbitmq_amqp1_0.default_vhost is unsupported",
		source:  "facts §4.3 (release-notes/4.0.1.md)"},
	{prefix: "queue_master_locator", since: version{4, 0, 0}, severity: Deprecated,
		message: "deprecated (denied by default from 4.3); use queue_leader_locator",
		source:  "facts §4.2"},
	{prefix: "cluster_formation.node_type", value: "ram", since: version{4, 3, 0}, severity: FailsBoot,
		message: "RAM nodes (ram_node_type) are removed in 4.3; use disc nodes",
		source:  "facts §4.2"},
	{prefix: "cluster_partition_handling", since: version{4, 3, 0}, severity: Ignored,
		message: "Mnesia is removed in 4.3 (Khepri only); cluster_partition_handling is accepted but ignored",
		source:  "facts §4.3 (release-notes/4.3.0.md)"},
	{prefix: "consumer_timeout", since: version{4, 3, 0}, severity: Changed,
		message: "consumer timeouts are no longer evaluated for classic queues and streams",
		source:  "facts §4.3 (release-notes/4.3.0.md)"},
	{prefix: "lager", since: version{3, 9, 0}, severity: Ignored,
		message: "lager was replaced by Erlang Logger in 3.9; lager settings have no effect",
		source:  "facts §4.3 (release-notes/3.9.0.md)"},
}

func (r keyRule) matches(key, value string) bool {
	if key != r.prefix && !strings.HasPrefix(key, r.prefix+".") {
		return false
	}
	return r.value == "" || r.value == value
}

// findings checks every generated conf line and every advanced.config
// entry. Without a target every rule that matches is listed, with the
// version it starts at, so an operator sees what lies ahead.
func findings(lines []line, advanced []appEnv, target *version) []Finding {
	type keyValue struct{ key, value string }
	var keys []keyValue
	for _, l := range lines {
		keys = append(keys, keyValue{l.Key, l.Value})
	}
	for _, a := range advanced {
		for _, p := range a.pairs {
			keys = append(keys, keyValue{a.app + "." + p.key, ""})
		}
	}
	out := []Finding{}
	seen := map[string]bool{}
	for _, kv := range keys {
		for _, r := range versionRules {
			if !r.matches(kv.key, kv.value) || (target != nil && !target.atLeast(r.since)) {
				continue
			}
			id := r.prefix + "|" + kv.key
			if seen[id] {
				continue
			}
			seen[id] = true
			out = append(out, Finding{Key: kv.key, Severity: r.severity, Since: r.since.String(),
				Message: r.message, Source: r.source})
		}
	}
	return out
}
