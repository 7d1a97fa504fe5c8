package model

import (
	"fmt"
	"slices"
)

// maxSteppingStones bounds the recursion that inserts intermediate patches
// when Erlang cannot move in one go; real routes need at most two.
const maxSteppingStones = 6

// Plan works out how to take a cluster from `from` to `to`: the hops (the
// latest patch of every intermediate series, plus stepping stones where
// Erlang forces them), when Erlang must move, the feature-flag step after
// each hop, the one-way doors, and blockers where no in-place path exists.
// erlang may be nil: the plan then assumes the newest Erlang `from` runs on
// and says so. Errors are for bad input only (unknown versions, a
// downgrade, an Erlang that `from` cannot run on).
func Plan(from, to Version, erlang *ErlangVersion, opts PlanOptions) (UpgradePlan, error) {
	if err := validatePlanInput(from, to, erlang, opts); err != nil {
		return UpgradePlan{}, err
	}
	p := UpgradePlan{From: from, To: to, KhepriEnabled: opts.KhepriEnabled}
	p.Erlang, p.ErlangAssumed = startingErlang(from, erlang)
	p.Prepare = prepareActions(p)
	p.Warnings = versionWarnings(from, to)
	if w := startingErlangWarning(from, to, p.Erlang); w != "" {
		p.Warnings = append(p.Warnings, w)
	}
	if from.Compare(to) == 0 {
		p.Notes = append(p.Notes, fmt.Sprintf("already on %s: nothing to upgrade", to))
		return p, nil
	}
	b := planBuilder{plan: &p, opts: opts}
	cur, e := from, p.Erlang
	for _, w := range waypoints(from, to) {
		var ok bool
		if cur, e, ok = b.moveTo(cur, e, w, 0); !ok {
			if len(p.Hops) == 0 {
				p.Prepare = nil // nothing to prepare for: the answer is blue-green
			}
			return p, nil
		}
	}
	p.Finish = finishActions(to, e)
	p.Notes = append(p.Notes, planNotes(p)...)
	return p, nil
}

func validatePlanInput(from, to Version, erlang *ErlangVersion, opts PlanOptions) error {
	if err := CheckKnown(from); err != nil {
		return fmt.Errorf("--from: %w", err)
	}
	if err := CheckKnown(to); err != nil {
		return fmt.Errorf("--to: %w", err)
	}
	if to.Less(from) {
		return fmt.Errorf("%s is older than %s: downgrades are not supported (%s#downgrades)", to, from, DocUpgrade)
	}
	if opts.KhepriEnabled && from.Series().Less(S(3, 13)) {
		return fmt.Errorf("Khepri exists from 3.13 on; a %s cluster cannot have it enabled", from.Series())
	}
	if erlang != nil {
		// Below the floor a node cannot boot, so the input must be wrong.
		// Above the ceiling is unsupported but happens (3.9.13 on 24.3):
		// the plan says so and its first hop leaves that state.
		min, max, _ := ErlangRange(from)
		if !erlang.SatisfiesMin(min) {
			return fmt.Errorf("RabbitMQ %s does not run on Erlang %s (it needs %s – %s): check --erlang", from, erlang, min, max)
		}
	}
	return nil
}

// versionWarnings: what the tables do not list as such (see VersionWarning).
func versionWarnings(from, to Version) []string {
	var out []string
	if w := VersionWarning(from); w != "" {
		out = append(out, w)
	}
	if w := VersionWarning(to); w != "" && to.Compare(from) != 0 {
		out = append(out, w)
	}
	return out
}

// startingErlangWarning: the cluster runs an Erlang outside what from
// supports (above the ceiling: validatePlanInput refuses below the floor).
func startingErlangWarning(from, to Version, e ErlangVersion) string {
	min, max, _ := ErlangRange(from)
	switch {
	case e.In(min, max):
		return ""
	case ErlangBeyondTables(from, e):
		return erlangBeyondWarning(from, e)
	case from.Compare(to) == 0:
		return fmt.Sprintf("RabbitMQ %s is not supported on Erlang %s (it supports %s – %s): move Erlang into that range", from, e, min, max)
	}
	return fmt.Sprintf("RabbitMQ %s is not supported on Erlang %s (it supports %s – %s): the plan's first hop moves to a release that supports it", from, e, min, max)
}

// startingErlang returns the given Erlang, or the newest line `from` runs
// on (the common case of a maintained cluster) flagged as assumed.
func startingErlang(from Version, erlang *ErlangVersion) (ErlangVersion, bool) {
	if erlang != nil {
		return *erlang, false
	}
	_, max, _ := ErlangRange(from)
	return max.AsLine(), true
}

// waypoints: the latest patch of the source series (when leaving it), the
// latest patch of every intermediate series, then the target.
func waypoints(from, to Version) []Version {
	if from.Series() == to.Series() {
		return []Version{to}
	}
	var out []Version
	// A full stop may leave any patch of its series (3.6.x → 3.7.x): a
	// patch hop first would only add a second full stop.
	rule, _ := pathRuleFrom(from.Series())
	fullStopAnyPatch := rule.Strategy == FullStop && rule.MinFrom.IsZero() && !rule.FromLatestPatch
	if latest, _ := LatestPatch(from.Series()); from.Less(latest) && !fullStopAnyPatch {
		out = append(out, latest)
	}
	route := seriesRoute(from.Series(), to.Series())
	for i, s := range route {
		if i == len(route)-1 {
			out = append(out, to)
			break
		}
		latest, _ := LatestPatch(s)
		out = append(out, latest)
	}
	return out
}

type planBuilder struct {
	plan *UpgradePlan
	opts PlanOptions
}

func (b *planBuilder) block(code, msg, remedy, doc string) {
	b.plan.Blockers = append(b.plan.Blockers, PlanBlocker{Code: code, Message: msg, Remedy: remedy, DocURL: doc})
}

// moveTo takes the cluster from cur (on Erlang e) to w, adding hops and
// Erlang moves. It returns where the cluster ends up; ok is false when a
// blocker stopped the plan.
func (b *planBuilder) moveTo(cur Version, e ErlangVersion, w Version, depth int) (Version, ErlangVersion, bool) {
	verdict := CheckDirectUpgrade(cur, w, b.opts.KhepriEnabled)
	if !verdict.Allowed {
		b.block(BlockerNoInPlacePath, fmt.Sprintf("%s → %s: %s", cur, w, verdict.Reason),
			"use a blue-green deployment: build a new "+w.Series().String()+" cluster, import definitions, move messages with federation or shovels, then move the applications ("+BlueGreenCommand(w)+" does it)", DocBlueGreen)
		return cur, e, false
	}
	minW, maxW, _ := ErlangRange(w)
	switch {
	case e.In(minW, maxW):
		b.addHop(cur, w, e, verdict, nil, false)
		return w, e, true
	case ErlangBeyondTables(w, e):
		if !slices.Contains(b.plan.Warnings, erlangBeyondWarning(w, e)) {
			b.plan.Warnings = append(b.plan.Warnings, erlangBeyondWarning(w, e))
		}
		b.addHop(cur, w, e, verdict, nil, false)
		return w, e, true
	case !e.SatisfiesMax(maxW):
		b.block(BlockerErlangTooNew, fmt.Sprintf("RabbitMQ %s supports Erlang up to %s, the cluster runs %s", w, maxW, e),
			"Erlang cannot be downgraded in a rolling upgrade: plan a blue-green migration onto a supported Erlang", DocWhichErlang)
		return cur, e, false
	case verdict.Strategy == FullStop:
		move := erlangAction(e, minW, maxW.AsLine(), TimingDuring, "the whole cluster is stopped for this hop, so Erlang moves with RabbitMQ")
		b.addHop(cur, w, maxW.AsLine(), verdict, []Action{move}, false)
		return w, maxW.AsLine(), true
	}
	if target, floor, ok := sharedErlang(cur, w); ok {
		why := fmt.Sprintf("%s needs Erlang %s or later; %s also runs on %s, so the cluster stays on one Erlang", w, minW, cur, target)
		b.addHop(cur, w, target, verdict, []Action{erlangAction(e, floor, target, TimingBefore, why)}, false)
		return w, target, true
	}
	return b.viaSteppingStone(cur, e, w, depth)
}

// viaSteppingStone handles a hop whose Erlang ranges do not overlap: land
// on the newest patch in between that still runs on e, then go on.
func (b *planBuilder) viaSteppingStone(cur Version, e ErlangVersion, w Version, depth int) (Version, ErlangVersion, bool) {
	stone, ok := steppingStone(cur, e, w, b.opts.KhepriEnabled)
	if !ok || depth >= maxSteppingStones {
		minW, maxW, _ := ErlangRange(w)
		b.block(BlockerNoErlangPath, fmt.Sprintf("no rolling route from %s on Erlang %s to %s (needs Erlang %s – %s)", cur, e, w, minW, maxW),
			"use a full-stop upgrade or a blue-green deployment", DocBlueGreen)
		return cur, e, false
	}
	mid, e, ok := b.moveTo(cur, e, stone, depth+1)
	if !ok {
		return mid, e, false
	}
	b.plan.Hops[len(b.plan.Hops)-1].SteppingStone = true
	return b.moveTo(mid, e, w, depth+1)
}

// sharedErlang returns the newest Erlang line both cur and w run on, and
// the floor w demands; ok is false when their ranges do not overlap.
func sharedErlang(cur, w Version) (target, floor ErlangVersion, ok bool) {
	minC, maxC, _ := ErlangRange(cur)
	minW, maxW, _ := ErlangRange(w)
	floor = higherFloor(minC, minW)
	target = lowerCeiling(maxC, maxW).AsLine()
	return target, floor, target.SatisfiesMin(floor)
}

// steppingStone picks the newest matrix boundary patch strictly between
// cur and w that cur may move to directly and that runs on e.
func steppingStone(cur Version, e ErlangVersion, w Version, khepri bool) (Version, bool) {
	var best Version
	found := false
	for _, row := range erlangMatrix {
		p := row.Last
		if !cur.Less(p) || !p.Less(w) || !e.In(row.Min, row.Max) {
			continue
		}
		if s := p.Series(); s != cur.Series() && s != w.Series() {
			continue
		}
		if CheckDirectUpgrade(cur, p, khepri).Allowed && best.Less(p) {
			best, found = p, true
		}
	}
	return best, found
}

func erlangAction(from, floor, target ErlangVersion, timing Timing, why string) Action {
	title := fmt.Sprintf("Upgrade Erlang %s → %s (at least %s), node by node", from, target, floor)
	if timing == TimingDuring {
		title = fmt.Sprintf("Install Erlang %s (at least %s) on every node together with RabbitMQ", target, floor)
	}
	return Action{Kind: ActionUpgradeErlang, Timing: timing, Title: title, Why: why, DocURL: DocWhichErlang,
		ErlangMin: floor, ErlangTarget: target}
}

func (b *planBuilder) addHop(from, to Version, erlang ErlangVersion, verdict PathVerdict, erlangMoves []Action, stone bool) {
	minW, maxW, _ := ErlangRange(to)
	hop := Hop{From: from, To: to, Strategy: verdict.Strategy, ErlangMin: minW, ErlangMax: maxW, ErlangDuring: erlang,
		SteppingStone: stone, Changes: ChangesBetween(from, to)}
	hop.Before = append(erlangMoves, beforeHopActions(from, to, b.opts)...)
	hop.After = afterHopActions(to, b.opts)
	if from.Series() == to.Series() && verdict.Strategy == FullStop {
		hop.Notes = append(hop.Notes, verdict.Reason) // why a patch hop cannot roll
	}
	if from.Series() != to.Series() {
		if rule, _ := pathRuleFrom(from.Series()); rule.Conditions != "" {
			hop.Notes = append(hop.Notes, rule.Conditions)
		}
		hop.Notes = append(hop.Notes, notesForHop(from.Series(), to.Series())...)
	}
	b.plan.Hops = append(b.plan.Hops, hop)
}
