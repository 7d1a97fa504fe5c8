package model

import (
	"fmt"
	"slices"
	"strings"
)

// The first releases with the commands a rolling hop uses (facts §5.2:
// release-notes/3.8.3.md for check_if_node_is_quorum_critical and queue
// rebalancing, 3.8.8.md for maintenance mode, rabbitmq-upgrade drain).
var (
	QuorumCriticalCheckSince = V(3, 8, 3)
	RebalanceSince           = V(3, 8, 3)
	MaintenanceModeSince     = V(3, 8, 8)
)

// prepareActions come before the first hop.
func prepareActions(p UpgradePlan) []Action {
	var out []Action
	if p.ErlangAssumed {
		out = append(out, Action{Kind: ActionConfirmErlang, Timing: TimingBefore,
			Title:   "Confirm the Erlang version on every node (the plan assumed " + p.Erlang.String() + ")",
			Command: "rabbitmq-diagnostics status | grep -i erlang", DocURL: DocWhichErlang,
			Why: "the plan's Erlang steps depend on it; rerun with --erlang for an exact plan"})
	}
	out = append(out, Action{Kind: ActionBackup, Timing: TimingBefore,
		Title:   "Export definitions and back up every node's data directory",
		Command: "rabbitmqctl export_definitions /path/to/definitions.json", DocURL: "https://www.rabbitmq.com/docs/backup",
		Why: "downgrades are not supported: a backup (or blue-green) is the only way back"})
	if p.From.AtLeast(FeatureFlagsSince) {
		out = append(out, enableFlagsAction(p.From, TimingBefore, "the next release may require them; nodes refuse to boot if a required flag is disabled"))
	}
	return out
}

func enableFlagsAction(on Version, timing Timing, why string) Action {
	title := "Enable all stable feature flags on " + on.String()
	if on.AtLeast(V(4, 2, 0)) {
		why += "; on 4.2+ this includes khepri_db (Mnesia → Khepri migration, brief pause near the end: off-peak, all nodes online)"
	}
	return Action{Kind: ActionEnableFeatureFlags, Timing: timing, Title: title, Command: EnableAllFlagsCommand(on),
		Why: why, DocURL: DocFeatureFlags, OneWay: true}
}

// beforeHopActions: what must be true before the cluster leaves `from`.
//
// Deprecated features come first: khepri_db depends on the ram_node_type
// and classic_queue_mirroring deprecated features (rabbit_core_ff.erl at
// v4.2.x), so RAM nodes must be gone before Khepri can be enabled.
func beforeHopActions(from, to Version, opts PlanOptions) []Action {
	out := deprecationActions(from, to)
	if to.Series() == S(4, 3) && from.Series() == S(4, 2) && !opts.KhepriEnabled {
		out = append(out, Action{Kind: ActionEnableKhepri, Timing: TimingBefore, OneWay: true,
			Title:   "Enable Khepri (khepri_db) on " + from.String(),
			Command: "rabbitmqctl enable_feature_flag khepri_db", DocURL: DocKhepri,
			Why: "Mnesia is removed in 4.3; khepri_db cannot be enabled while RAM nodes or classic queue mirroring are in use; " +
				"the migration needs every node online and pauses activity briefly near the end: do it off-peak"})
	}
	for _, req := range NewlyRequiredFlags(from, to) {
		out = append(out, Action{Kind: ActionConfirmFlags, Timing: TimingBefore,
			Title:   fmt.Sprintf("Confirm %s: %s", req.Rule, strings.Join(req.Flags, ", ")),
			Command: "rabbitmqctl list_feature_flags name state", DocURL: DocFeatureFlags,
			Why: fmt.Sprintf("%s nodes refuse to boot while a required flag is disabled", req.Target.Series())})
	}
	out = append(out, configKeyActions(from, to)...)
	out = append(out, pluginActions(from, to)...)
	return append(out, clientActions(from, to)...)
}

func deprecationActions(from, to Version) []Action {
	var out []Action
	for _, f := range deprecatedFeatures {
		if f.PhaseAt(from).Breaks() || !f.PhaseAt(to).Breaks() {
			continue
		}
		out = append(out, Action{Kind: ActionDeprecatedFeature, Timing: TimingBefore,
			Title:  fmt.Sprintf("If anything uses %s: stop (%s on %s)", f.Title, strings.ReplaceAll(string(f.PhaseAt(to)), "_", " "), to.Series()),
			Why:    "replacement: " + f.Replacement + detectHint(f),
			DocURL: DocDeprecated, Command: deprecationCommand(f, from)})
	}
	return out
}

func detectHint(f DeprecatedFeature) string {
	if f.Detect == "" {
		return ""
	}
	return "; find it by: " + f.Detect
}

// deprecationCommand: 3.13+ can list what is in use; CMQ has helpers.
func deprecationCommand(f DeprecatedFeature, on Version) string {
	switch {
	case f.Name == "classic_queue_mirroring" && on.Series() == S(3, 13):
		return "rabbitmq-queues list_policies_with_classic_queue_mirroring"
	case f.InSubsystem && on.AtLeast(V(3, 13, 0)):
		return "rabbitmq-diagnostics check_if_any_deprecated_features_are_used"
	}
	return ""
}

func configKeyActions(from, to Version) []Action {
	var out []Action
	for _, r := range configKeyRules {
		if !from.Less(r.Since) || !r.appliesTo(to) || r.Effect == KeyDeprecated {
			continue
		}
		key := r.Key
		if r.Value != "" {
			key += " = " + r.Value
		}
		out = append(out, Action{Kind: ActionConfigKey, Timing: TimingBefore,
			Title: fmt.Sprintf("If rabbitmq.conf sets %s: it %s on %s → %s", key, effectWords[r.Effect], r.Since.Series(), r.Replacement),
			Why:   "source: " + r.Source, DocURL: "https://www.rabbitmq.com/docs/configure"})
	}
	return out
}

var effectWords = map[KeyEffect]string{
	KeyBootFails:   "makes the node fail to boot",
	KeyUnsupported: "is no longer supported",
	KeyIgnored:     "is ignored",
	KeyDeprecated:  "is deprecated",
}

func pluginActions(from, to Version) []Action {
	var out []Action
	for _, c := range PluginChangesBetween(from, to) {
		if c.Kind != PluginRemoved {
			continue
		}
		out = append(out, Action{Kind: ActionDisablePlugin, Timing: TimingBefore,
			Title: "Disable plugin " + c.Plugin + " if enabled", Command: "rabbitmq-plugins disable " + c.Plugin,
			Why: c.Note, DocURL: "https://www.rabbitmq.com/docs/plugins"})
	}
	return out
}

func clientActions(from, to Version) []Action {
	var out []Action
	for _, r := range clientRules {
		if !from.Less(r.ServerSince) || !to.AtLeast(r.ServerSince) || r.Severity != ClientCannotConnect {
			continue
		}
		out = append(out, Action{Kind: ActionUpgradeClients, Timing: TimingBefore,
			Title: fmt.Sprintf("Upgrade %s clients to %s or later", r.Library, r.MinVersion), Why: r.Reason,
			DocURL: "https://www.rabbitmq.com/client-libraries"})
	}
	if from.Less(MinFrameMaxSince) && to.AtLeast(MinFrameMaxSince) {
		out = append(out, Action{Kind: ActionUpgradeClients, Timing: TimingBefore,
			Title: "Clients that override frame_max must ask for at least 8192 (or leave the default)",
			Why:   "4.1 raised the pre-auth frame_max from 4096 to 8192", DocURL: "https://www.rabbitmq.com/client-libraries"})
	}
	return out
}

// afterHopActions: once every node runs `on`.
func afterHopActions(on Version, opts PlanOptions) []Action {
	if on.Less(FeatureFlagsSince) {
		return nil
	}
	return []Action{enableFlagsAction(on, TimingAfter,
		"the next hop may require them; once enabled, nodes on the previous version can no longer join")}
}

// finishActions: after the target is reached.
func finishActions(to Version, e ErlangVersion) []Action {
	out := []Action{{Kind: ActionRebalance, Timing: TimingAfter, Title: "Rebalance queue and stream leaders",
		Command: "rabbitmq-queues rebalance all", DocURL: DocUpgrade + "#rebalance",
		Why: "rolling restarts leave leaders piled on the nodes restarted first"}}
	if to.Less(RebalanceSince) {
		out = out[:0]
	}
	_, max, _ := ErlangRange(to)
	if newest := max.AsLine(); !e.SatisfiesMin(newest) {
		out = append(out, Action{Kind: ActionUpgradeErlang, Timing: TimingAfter,
			Title:  fmt.Sprintf("Optionally upgrade Erlang %s → %s, node by node", e, newest),
			Why:    "the docs recommend the newest Erlang the target supports",
			DocURL: DocWhichErlang, ErlangMin: newest, ErlangTarget: newest})
	}
	return out
}

func planNotes(p UpgradePlan) []string {
	var notes []string
	if slices.ContainsFunc(p.Hops, func(h Hop) bool { return h.Strategy == Rolling }) {
		notes = append(notes, "mixed-version clusters exist only for the rolling upgrade: finish each hop within hours")
	}
	if len(p.Hops) > 2 {
		notes = append(notes, fmt.Sprintf("%d hops: a single blue-green migration to %s is the documented alternative (%s): %s", len(p.Hops), p.To, DocBlueGreen, BlueGreenCommand(p.To)))
	}
	if p.To.AtLeast(V(4, 2, 0)) {
		notes = append(notes, "Erlang 28 is only supported for brand new clusters; stay on 27.x for upgraded ones")
	}
	return notes
}
