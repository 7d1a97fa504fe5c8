package model

import "fmt"

// Strategy says how a hop is carried out.
type Strategy string

const (
	Rolling   Strategy = "rolling"    // node by node, the cluster stays up
	FullStop  Strategy = "full-stop"  // every node stopped, then upgraded
	BlueGreen Strategy = "blue-green" // a new cluster, definitions and messages moved
)

// Doc links the planner and the pre-flight check hand to operators.
const (
	DocUpgrade        = "https://www.rabbitmq.com/docs/upgrade"
	DocRollingUpgrade = "https://www.rabbitmq.com/docs/rolling-upgrade"
	DocBlueGreen      = "https://www.rabbitmq.com/docs/blue-green-upgrade"

	DocFeatureFlags = "https://www.rabbitmq.com/docs/feature-flags"
	DocWhichErlang  = "https://www.rabbitmq.com/docs/which-erlang"
	DocKhepri       = "https://www.rabbitmq.com/docs/metadata-store/how-to-enable-khepri"
	DocDeprecated   = "https://www.rabbitmq.com/docs/deprecated-features"
)

// PathRule says which series a cluster on From may move to in one hop.
// MinFrom is the lowest source patch allowed (zero: any patch);
// FromLatestPatch demands the newest known patch of From.
type PathRule struct {
	From            Series
	To              []Series
	MinFrom         Version
	FromLatestPatch bool
	Strategy        Strategy
	Conditions      string
}

// upgradePaths is the upgrade path table.
//
// Source: rabbitmq-upgrade-facts.md §2.1 (rolling, the union of the 3.13 and
// 4.3 docs' tables at https://www.rabbitmq.com/docs/upgrade#rabbitmq-version-upgradability)
// and §2.2 (full-stop, 3.13 docs only — the only documented way off 3.6).
// Rolling upgrades never skip a minor except the jumps listed here
// (3.13 → 4.1/4.2, 4.0 → 4.2), which the table names explicitly.
// To support a new series, append a rule.
var upgradePaths = []PathRule{
	{From: S(3, 6), To: []Series{S(3, 7), S(3, 8)}, Strategy: FullStop,
		Conditions: "3.6 has no rolling path: stop the whole cluster, upgrade every node, start the last node stopped first"},
	{From: S(3, 7), To: []Series{S(3, 8)}, MinFrom: V(3, 7, 18), Strategy: Rolling,
		Conditions: "3.8 nodes run alongside 3.7.18 or later"},
	{From: S(3, 8), To: []Series{S(3, 9)}, MinFrom: V(3, 8, 16), Strategy: Rolling,
		Conditions: "both sides need Erlang 23.2+, so 3.8.16 or later on Erlang 23.2+"},
	{From: S(3, 9), To: []Series{S(3, 10)}, Strategy: Rolling},
	{From: S(3, 10), To: []Series{S(3, 11)}, Strategy: Rolling,
		Conditions: "the 3.8-era feature flags must be enabled first, or 3.11 nodes refuse to start"},
	{From: S(3, 11), To: []Series{S(3, 12)}, MinFrom: V(3, 11, 18), Strategy: Rolling,
		Conditions: "all feature flags must be enabled first; the docs table says 3.11.18 (release notes: 3.11.17)"},
	{From: S(3, 12), To: []Series{S(3, 13)}, Strategy: Rolling,
		Conditions: "enabling all feature flags first is strongly advised"},
	// FromLatestPatch: release-notes/4.0.1.md, "enable all stable feature flags
	// before upgrading to 4.0 from the latest available 3.13.x patch release".
	// The 4.1.0/4.2.0 notes do not repeat it; warren applies it to every 4.x.
	{From: S(3, 13), To: []Series{S(4, 0), S(4, 1), S(4, 2)}, FromLatestPatch: true, Strategy: Rolling,
		Conditions: "from the latest 3.13 patch, with all stable feature flags enabled on 3.13; not with Khepri enabled on 3.13"},
	{From: S(4, 0), To: []Series{S(4, 1), S(4, 2)}, Strategy: Rolling},
	{From: S(4, 1), To: []Series{S(4, 2)}, Strategy: Rolling},
	{From: S(4, 2), To: []Series{S(4, 3)}, FromLatestPatch: true, Strategy: Rolling,
		Conditions: "4.3 only accepts the latest 4.2 patch; every flag from 4.2.0 and earlier, including khepri_db, must be enabled"},
}

// NoInPlace describes source/target combinations that have no in-place
// path at all: the documented answer is a blue-green migration.
type NoInPlace struct {
	FromFirst, FromLast Version // source patch range
	To                  Series  // the target series the direct jump aims at
	AllOf4x             bool    // applies to every 4.x target
	OnlyWithKhepri      bool
	Reason              string
}

// noInPlacePaths lists them. Source: release-notes/4.0.1.md ("Migrating
// 3.13.x Clusters with Khepri Enabled") and docs/upgrade.md.
var noInPlacePaths = []NoInPlace{
	{FromFirst: V(3, 13, 0), FromLast: V(3, 13, 999), AllOf4x: true, OnlyWithKhepri: true,
		Reason: "a 3.13 cluster with Khepri (khepri_db) enabled cannot be upgraded in place to 4.x"},
}

// skipNotes are the release notes' own words on some jumps that skip a
// series. They are not blue-green-only: "straight to" means skipping the
// series in between, and the in-place route through it stays open (the
// planner takes it); blue-green is the alternative.
var skipNotes = []struct {
	FromFirst Version
	To        Series
	Text      string
}{
	{V(3, 12, 14), S(4, 0), "release-notes/4.0.1.md: no direct path from 3.12.14 or later straight to 4.0.x (blue-green is available)"},
	{V(3, 11, 24), S(3, 13), "release-notes/3.13.0.md: no upgrade path from 3.11.24 or later straight to 3.13.0"},
}

func skipNote(from Version, to Series) string {
	for _, n := range skipNotes {
		if from.Series() == n.FromFirst.Series() && from.AtLeast(n.FromFirst) && n.To == to {
			return "; " + n.Text
		}
	}
	return ""
}

// patchBarrier: patches of one series that cannot run in one cluster:
// moving from below At to At or later needs a full stop.
type patchBarrier struct {
	At     Version
	Reason string
	Source string
}

// patchBarriers. Before feature flags (3.8) a patch release could break
// mixed clusters; the release notes of that era say where.
var patchBarriers = []patchBarrier{
	{V(3, 6, 6), "upgrading from 3.6.0–3.6.5 to 3.6.6 or later requires a cluster shutdown", "release-notes/3.6.6.md"},
	{V(3, 6, 7), "3.6.7's new management plugin: with rabbitmq_management or rabbitmq_management_agent enabled, all nodes must be upgraded at the same time",
		"release-notes/3.6.7.md"},
}

// barrierCrossed returns the first barrier a same-series move crosses.
func barrierCrossed(from, to Version) (patchBarrier, bool) {
	for _, b := range patchBarriers {
		if from.Series() == b.At.Series() && from.Less(b.At) && to.AtLeast(b.At) {
			return b, true
		}
	}
	return patchBarrier{}, false
}

// pathRuleFrom returns the rule for leaving series s.
func pathRuleFrom(s Series) (PathRule, bool) {
	for _, r := range upgradePaths {
		if r.From == s {
			return r, true
		}
	}
	return PathRule{}, false
}

// NextHops lists the series a cluster on s may move to in one hop.
func NextHops(s Series) []Series {
	rule, ok := pathRuleFrom(s)
	if !ok {
		return nil
	}
	return append([]Series(nil), rule.To...)
}

// MinimumSourceFor returns the lowest patch of s that may move to the next
// series (e.g. 3.11.18 for 3.11 → 3.12, the latest 4.2 for 4.2 → 4.3).
func MinimumSourceFor(s Series) Version {
	rule, ok := pathRuleFrom(s)
	if !ok {
		return Version{}
	}
	if rule.FromLatestPatch {
		latest, _ := LatestPatch(s)
		return latest
	}
	if rule.MinFrom.IsZero() {
		first, _ := FirstPatch(s)
		return first
	}
	return rule.MinFrom
}

// PathVerdict is the answer to "may this cluster go from A to B directly?".
type PathVerdict struct {
	Allowed    bool
	Strategy   Strategy // rolling or full-stop when allowed, blue-green when no in-place path exists
	SkipsMinor bool     // the jump skips a series; Via names the hops to take instead
	Reason     string
	DocURL     string
	Via        []Series
}

// CheckDirectUpgrade judges a single jump from → to, as the pre-flight
// check needs it (PATH_SKIPS_MINOR and friends).
func CheckDirectUpgrade(from, to Version, khepriEnabled bool) PathVerdict {
	if to.Less(from) {
		return PathVerdict{Reason: "downgrades are not supported", DocURL: DocUpgrade + "#downgrades", Strategy: BlueGreen}
	}
	if block, ok := noInPlaceFor(from, to.Series(), khepriEnabled); ok {
		return PathVerdict{Strategy: BlueGreen, Reason: block.Reason, DocURL: DocBlueGreen}
	}
	if b, ok := barrierCrossed(from, to); ok {
		return PathVerdict{Allowed: true, Strategy: FullStop, Reason: b.Reason + " (" + b.Source + ")", DocURL: DocUpgrade}
	}
	if from.Series() == to.Series() {
		return PathVerdict{Allowed: true, Strategy: Rolling, Reason: "patch upgrade within a series", DocURL: DocRollingUpgrade}
	}
	rule, ok := pathRuleFrom(from.Series())
	if !ok || !containsSeries(rule.To, to.Series()) {
		return PathVerdict{SkipsMinor: true, Strategy: Rolling, DocURL: DocRollingUpgrade,
			Reason: fmt.Sprintf("%s cannot go to %s in one hop: rolling upgrades do not skip minor versions%s", from.Series(), to.Series(), skipNote(from, to.Series())),
			Via:    seriesRoute(from.Series(), to.Series())}
	}
	if min := MinimumSourceFor(from.Series()); from.Less(min) {
		return PathVerdict{Strategy: rule.Strategy, DocURL: DocUpgrade + "#rabbitmq-version-upgradability",
			Reason: fmt.Sprintf("%s → %s needs %s or later first (%s)", from.Series(), to.Series(), min, rule.Conditions)}
	}
	reason := rule.Conditions
	if reason == "" {
		reason = fmt.Sprintf("%s → %s is in the upgrade path table", from.Series(), to.Series())
	}
	return PathVerdict{Allowed: true, Strategy: rule.Strategy, Reason: reason, DocURL: DocUpgrade + "#rabbitmq-version-upgradability"}
}

func noInPlaceFor(from Version, to Series, khepri bool) (NoInPlace, bool) {
	for _, b := range noInPlacePaths {
		if !from.Between(b.FromFirst, b.FromLast) || (b.OnlyWithKhepri && !khepri) {
			continue
		}
		if (b.AllOf4x && to.Major == 4) || (!b.AllOf4x && b.To == to) {
			return b, true
		}
	}
	return NoInPlace{}, false
}

func containsSeries(list []Series, s Series) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// seriesRoute returns the series to land on, in order, from `from` to
// `to`: each hop takes the furthest series the path table allows without
// passing the target. Nil when there is no route.
func seriesRoute(from, to Series) []Series {
	var route []Series
	for cur := from; cur.Less(to); {
		next, ok := furthestHop(cur, to)
		if !ok {
			return nil
		}
		route = append(route, next)
		cur = next
	}
	return route
}

func furthestHop(cur, limit Series) (Series, bool) {
	var best Series
	found := false
	for _, s := range NextHops(cur) {
		if !limit.Less(s) && (!found || best.Less(s)) {
			best, found = s, true
		}
	}
	return best, found
}

// BlueGreenCommand is how warren runs a blue-green migration to a version:
// named wherever a plan or a check recommends one.
func BlueGreenCommand(to Version) string {
	return "warren upgrade --to " + to.String() + " --target BLUE --green-target GREEN --run DIR"
}
