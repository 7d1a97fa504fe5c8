package model

import (
	"fmt"
	"sort"
)

// Pre-flight finding codes (`warren check`), beyond the shared ones in
// assess.go. They are a contract for scripts: add, never rename.
const (
	CodeFeatureFlagDisabled  = "FEATURE_FLAG_DISABLED"
	CodePathSkipsMinor       = "PATH_SKIPS_MINOR"
	CodeNoInPlacePath        = "NO_IN_PLACE_PATH"
	CodePathNeedsPatch       = "PATH_NEEDS_PATCH"
	CodePathNeedsFullStop    = "PATH_NEEDS_FULL_STOP"
	CodeAlreadyOnTarget      = "ALREADY_ON_TARGET"
	CodeVersionUnknown       = "VERSION_UNKNOWN"
	CodeErlangOutOfRange     = "ERLANG_OUT_OF_RANGE"
	CodeMixedVersions        = "MIXED_VERSIONS"
	CodeClassicMirroring     = "CLASSIC_MIRRORING_POLICY"
	CodeDeprecatedInUse      = "DEPRECATED_FEATURE_IN_USE"
	CodePluginNotInTarget    = "PLUGIN_NOT_IN_TARGET"
	CodePluginNoOp           = "PLUGIN_BECOMES_NO_OP"
	CodeClientTooOld         = "CLIENT_TOO_OLD"
	CodeClientFrameMax       = "CLIENT_FRAME_MAX_TOO_LOW"
	CodeQueueArgumentRefused = "QUEUE_ARGUMENT_REFUSED"
	CodeDiskHeadroom         = "DISK_HEADROOM"
	CodeMemoryHeadroom       = "MEMORY_HEADROOM"
	CodeConfigKeyBreaksBoot  = "CONFIG_KEY_BREAKS_BOOT"
	CodeConfigKeyChanged     = "CONFIG_KEY_CHANGED"
	CodeConfigClassicFormat  = "CONFIG_CLASSIC_FORMAT"
	CodeConfigNotRead        = "CONFIG_NOT_READ"
	CodeNotInVersion         = "NOT_IN_VERSION"
)

// Doc links used by the pre-flight remedies.
const (
	DocMigrateMirroring = "https://www.rabbitmq.com/docs/migrate-mcq-to-qq"
	DocPlugins          = "https://www.rabbitmq.com/docs/plugins"
	DocClientLibraries  = "https://www.rabbitmq.com/client-libraries"
	DocDiskAlarms       = "https://www.rabbitmq.com/docs/disk-alarms"
	DocMemory           = "https://www.rabbitmq.com/docs/memory"
	DocConfiguration    = "https://www.rabbitmq.com/docs/configure"
)

// maxEvidence bounds the evidence lines of one finding: a cluster with
// 10 000 transient queues needs a count and examples, not a wall of text.
const maxEvidence = 20

// CheckFacts is everything the pre-flight check reads, gathered from the
// live cluster beforehand so that the checks themselves stay pure. An Err
// field set means that fact could not be read: its check fails closed.
type CheckFacts struct {
	Target   Version
	Snapshot Snapshot

	Policies    []Policy
	PoliciesErr string

	// DeprecatedUsed is /api/deprecated-features/used (3.13+);
	// DeprecatedSupported is false on older clusters.
	DeprecatedUsed      []string
	DeprecatedSupported bool
	DeprecatedErr       string

	// Queues is the full, stats-free queue listing (for transient
	// non-exclusive queues); the snapshot only holds the top N.
	Queues    []Queue
	QueuesErr string

	// Links are the URIs of the cluster's dynamic shovels and federation
	// upstreams, and its static shovels (Erlang 26 TLS defaults).
	Links    []LinkURI
	LinksErr string

	// ConfigFiles are the nodes' config files warren could (or could not) read.
	ConfigFiles []ConfigFile
	// Upgrading names the nodes a run is about to upgrade: a config file of
	// one of them that was not read cannot be vouched for, which is a
	// NOT_CHECKED blocker (the gate fails until read or acknowledged).
	// Empty for a check that upgrades nothing (`warren check`), where an
	// unread file is a warning.
	Upgrading []string

	Headroom HeadroomPolicy
}

// Preflight runs every pre-flight check and returns the findings sorted,
// blockers first.
func Preflight(f CheckFacts) []Finding {
	fs := []Finding{}
	for _, group := range CheckGroups {
		fs = append(fs, group.Run(f)...)
	}
	SortFindings(fs)
	return fs
}

// CheckGroup is one family of checks: one compatibility step each.
type CheckGroup struct {
	ID    string // stable, e.g. "path"
	Title string
	Why   string
	Run   func(CheckFacts) []Finding
}

// CheckGroups lists the pre-flight checks in the order they are shown.
var CheckGroups = []CheckGroup{
	{ID: "health", Title: "Cluster is healthy: every node up, no alarm, no partition, no quorum at risk",
		Why: "an upgrade restarts nodes one by one; starting from a degraded cluster turns one restart into an outage", Run: HealthGroupFindings},
	{ID: "path", Title: "Upgrade path is supported in place",
		Why: "rolling upgrades never skip a minor series, some need a minimum patch, and some combinations have no in-place path at all", Run: PathFindings},
	{ID: "erlang", Title: "Erlang/OTP version is supported by the target",
		Why: "a RabbitMQ release refuses to start on an Erlang it does not support", Run: ErlangFindings},
	{ID: "feature-flags", Title: "Required feature flags are enabled",
		Why: "a node refuses to boot when a flag its release requires is still disabled in the cluster", Run: FeatureFlagFindings},
	{ID: "deprecated", Title: "No deprecated feature the target removes or denies is in use",
		Why: "classic mirroring is gone in 4.0; transient non-exclusive queues, global QoS and others are denied in 4.3", Run: DeprecationFindings},
	{ID: "plugins", Title: "Every enabled plugin ships with the target",
		Why: "a node with a plugin enabled that its release no longer ships fails to start", Run: PluginFindings},
	{ID: "links", Title: "Shovels and federation links keep connecting on the target's Erlang",
		Why: "from Erlang 26 TLS clients verify the peer by default: an amqps link without verify or cacertfile stops connecting", Run: LinkFindings},
	{ID: "clients", Title: "Connected client libraries work with the target",
		Why: "some client versions cannot connect to newer servers (e.g. amqplib < 0.10.7 on 4.1+)", Run: ClientFindings},
	{ID: "headroom", Title: "Nodes have disk and memory headroom for the upgrade",
		Why: "while one node restarts the others carry its load; backups and queue catch-up need disk", Run: HeadroomFindings},
	{ID: "config", Title: "Node configuration boots on the target",
		Why: "RabbitMQ validates rabbitmq.conf at boot: a removed key keeps the upgraded node down", Run: ConfigFindings},
	{ID: "changes", Title: "Behaviour changes on the way to the target (information)",
		Why: "every release crossed changes something clients or operators notice: delivery limits, message size, TLS defaults, refused arguments", Run: ChangeFindings},
}

// notChecked is the fail-closed finding for a fact that could not be read.
// notInVersion says, as information, that the running RabbitMQ has no
// such thing, and what warren did instead.
func notInVersion(s Snapshot, f APIFeature, instead string) Finding {
	running := "this RabbitMQ"
	if v, ok := CurrentVersion(s); ok {
		running = "RabbitMQ " + v.String()
	}
	return Finding{Code: CodeNotInVersion, Severity: Info,
		Title:    fmt.Sprintf("%s has no %s (%s+)", running, f, FeatureSince(f)),
		Evidence: []string{instead}}
}

func notChecked(what, err string) Finding {
	return Finding{Code: CodeNotChecked, Severity: Blocker, Title: what + " could not be checked",
		Evidence: []string{err}, Remedy: "fix access to the management API and run the check again"}
}

// capEvidence keeps the first maxEvidence lines and says how many were left out.
func capEvidence(lines []string) []string {
	if len(lines) <= maxEvidence {
		return lines
	}
	out := append([]string(nil), lines[:maxEvidence]...)
	return append(out, fmt.Sprintf("… and %d more", len(lines)-maxEvidence))
}

// NodeVersions maps each node to the RabbitMQ version it reports, falling
// back to /api/overview's version for the node that served it.
func NodeVersions(s Snapshot) map[string]string {
	out := map[string]string{}
	for _, n := range s.Nodes.Value {
		if n.RabbitVersion != "" {
			out[n.Name] = n.RabbitVersion
		}
	}
	ov := s.Overview.Value
	if ov.ServedBy != "" && ov.RabbitVersion != "" && out[ov.ServedBy] == "" {
		out[ov.ServedBy] = ov.RabbitVersion
	}
	return out
}

// CurrentVersion is the lowest RabbitMQ version any node runs: the upgrade
// path starts there. ok is false when no node reported a readable version.
func CurrentVersion(s Snapshot) (Version, bool) {
	var lowest Version
	found := false
	for _, raw := range NodeVersions(s) {
		v, err := ParseVersion(raw)
		if err != nil {
			continue
		}
		if !found || v.Less(lowest) {
			lowest, found = v, true
		}
	}
	return lowest, found
}

// sortedKeys returns a map's keys in order, for stable evidence.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
