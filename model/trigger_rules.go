package model

import (
	"fmt"
	"strings"
	"time"
)

func canaryUsable(o Observation) bool { return o.CanaryOK && o.Canary.Connected }

// dataLoss: total messages fell further than consumers can explain. What
// consumers took is the delivery rate integrated since the baseline.
func dataLoss(cfg TriggerConfig, in TriggerInput) *Fired {
	var consumed float64
	var prev time.Time
	for _, o := range in.History {
		if !o.OverviewOK {
			continue
		}
		if !prev.IsZero() {
			consumed += o.Overview.DeliverRate * o.At.Sub(prev).Seconds()
		}
		prev = o.At
	}
	floor := in.Baseline.Messages - int64(consumed) - cfg.MessageSlack
	usable := func(o Observation) bool { return o.OverviewOK }
	bad := func(o Observation) bool { return o.Overview.Messages < floor }
	o, ok := sustained(in.History, in.Now, cfg.Sustain, usable, bad)
	if !ok {
		return nil
	}
	return &Fired{Name: TriggerDataLoss, Summary: "message totals dropped beyond what consumers took", Evidence: []string{
		fmt.Sprintf("baseline %d messages; consumers took about %d since; now %d (below %d since %s)",
			in.Baseline.Messages, int64(consumed), o.Overview.Messages, floor, o.At.UTC().Format(time.TimeOnly)),
	}}
}

// durableQueuesGone: a durable queue of the baseline is missing from a
// full listing.
func durableQueuesGone(_ TriggerConfig, in TriggerInput) *Fired {
	last, ok := latestWith(in.History, func(o Observation) bool { return o.QueuesOK })
	if !ok || len(in.Baseline.DurableQueues) == 0 {
		return nil
	}
	present := map[string]bool{}
	for _, k := range last.Durable {
		present[k] = true
	}
	var gone []string
	for _, k := range in.Baseline.DurableQueues {
		if !present[k] {
			gone = append(gone, k)
		}
	}
	if len(gone) == 0 {
		return nil
	}
	return &Fired{Name: TriggerDataLoss, Summary: fmt.Sprintf("%d durable queue(s) of the baseline are gone", len(gone)),
		Evidence: []string{"missing: " + strings.Join(limit(gone, 20), ", ")}}
}

func limit(s []string, n int) []string {
	if len(s) <= n {
		return s
	}
	return append(append([]string(nil), s[:n]...), fmt.Sprintf("… and %d more", len(s)-n))
}

// latencyWorse: the canary's typical (median) end-to-end latency is more
// than Degradation worse than baseline, and above the floor, for the whole
// Sustain window. The median, not p99: over the canary's sliding window a
// handful of messages slowed by a node's restart hold p99 up for a whole
// window after it, and a loaded host does the same; a cluster that got
// slower for every message moves the median. A baseline without a median
// (an older run) is judged on p99.
func latencyWorse(cfg TriggerConfig, in TriggerInput) *Fired {
	base, pick, label := in.Baseline.EndToEndP50, func(c CanaryStats) time.Duration { return c.EndToEnd.P50 }, "p50"
	if base <= 0 {
		base, pick, label = in.Baseline.EndToEndP99, func(c CanaryStats) time.Duration { return c.EndToEnd.P99 }, "p99"
	}
	if base <= 0 {
		return nil
	}
	limitAt := LatencyLimit(base, cfg.Degradation, 0, cfg.LatencyFloor)
	bad := func(o Observation) bool { return pick(o.Canary) > limitAt }
	o, ok := sustained(in.History, in.Now, cfg.Sustain, canaryUsable, bad)
	if !ok {
		return nil
	}
	last, _ := latestWith(in.History, canaryUsable)
	return &Fired{Name: TriggerLatency, Summary: fmt.Sprintf("canary end-to-end %s more than %.0f %% worse than baseline for %s", label, cfg.Degradation*100, cfg.Sustain),
		Evidence: []string{fmt.Sprintf("baseline %s %s, limit %s; %s since %s, now %s",
			label, ms(base), ms(limitAt), ms(pick(o.Canary)), o.At.UTC().Format(time.TimeOnly), ms(pick(last.Canary)))}}
}

// throughputWorse: the canary consumes less than (1-Degradation) of its
// baseline rate for the whole Sustain window.
func throughputWorse(cfg TriggerConfig, in TriggerInput) *Fired {
	base := in.Baseline.ConsumeRate
	if base <= 0 {
		return nil
	}
	floor := RateFloor(base, cfg.Degradation)
	bad := func(o Observation) bool { return o.Canary.ConsumeRate < floor }
	o, ok := sustained(in.History, in.Now, cfg.Sustain, canaryUsable, bad)
	if !ok {
		return nil
	}
	last, _ := latestWith(in.History, canaryUsable)
	return &Fired{Name: TriggerThroughput, Summary: fmt.Sprintf("canary throughput more than %.0f %% below baseline for %s", cfg.Degradation*100, cfg.Sustain),
		Evidence: []string{fmt.Sprintf("baseline %.1f msg/s consumed, floor %.1f; %.1f since %s, now %.1f",
			base, floor, o.Canary.ConsumeRate, o.At.UTC().Format(time.TimeOnly), last.Canary.ConsumeRate)}}
}

// canaryFailing: confirmed messages stayed lost, or the canary has had no
// connection, for longer than CanaryDown. A late delivery takes a message
// back out of the lost count (a restart can delay one past the canary's
// horizon), so a loss must last before it fires.
func canaryFailing(cfg TriggerConfig, in TriggerInput) *Fired {
	last, ok := latestWith(in.History, func(o Observation) bool { return o.CanaryOK })
	if !ok {
		return nil
	}
	isLost := func(o Observation) bool { return o.Canary.Lost > 0 }
	if _, lost := sustained(in.History, in.Now, cfg.CanaryDown, func(o Observation) bool { return o.CanaryOK }, isLost); lost {
		c := last.Canary
		return &Fired{Name: TriggerCanary, Summary: "the canary lost confirmed messages", Evidence: []string{
			fmt.Sprintf("%d lost of %d confirmed (%d delivered, %d in flight), for more than %s", c.Lost, c.Confirmed, c.Delivered, c.InFlight, cfg.CanaryDown)}}
	}
	usable := func(o Observation) bool { return o.CanaryOK }
	bad := func(o Observation) bool { return !o.Canary.Connected }
	o, down := sustained(in.History, in.Now, cfg.CanaryDown, usable, bad)
	if !down {
		return nil
	}
	return &Fired{Name: TriggerCanary, Summary: fmt.Sprintf("the canary has had no connection for more than %s", cfg.CanaryDown),
		Evidence: []string{fmt.Sprintf("disconnected since %s: %s", o.At.UTC().Format(time.TimeOnly), last.Canary.LastError)}}
}

// connectionsGone: client connections stay below (1-Degradation) of the
// baseline for longer than ConnectionsBy.
func connectionsGone(cfg TriggerConfig, in TriggerInput) *Fired {
	base := in.Baseline.Connections
	if base <= 0 {
		return nil
	}
	floor := float64(base) * (1 - cfg.Degradation)
	usable := func(o Observation) bool { return o.OverviewOK }
	bad := func(o Observation) bool { return float64(o.Overview.Connections) < floor }
	o, ok := sustained(in.History, in.Now, cfg.ConnectionsBy, usable, bad)
	if !ok {
		return nil
	}
	return &Fired{Name: TriggerConnectionsGone, Summary: fmt.Sprintf("client connections have not come back within %s", cfg.ConnectionsBy),
		Evidence: []string{fmt.Sprintf("baseline %d connections; %d since %s", base, o.Overview.Connections, o.At.UTC().Format(time.TimeOnly))}}
}

// alarms: any node raises a memory or disk alarm.
func alarms(_ TriggerConfig, in TriggerInput) *Fired {
	last, ok := latestWith(in.History, func(o Observation) bool { return o.NodesOK })
	if !ok {
		return nil
	}
	var ev []string
	for _, n := range last.Nodes {
		if a := n.Alarms(); len(a) > 0 {
			ev = append(ev, fmt.Sprintf("%s: %s alarm", n.Name, strings.Join(a, ", ")))
		}
	}
	if len(ev) == 0 {
		return nil
	}
	return &Fired{Name: TriggerAlarm, Summary: "a resource alarm is raised: publishers are blocked", Evidence: ev}
}

// Observe reduces a snapshot to an observation at its newest sample time.
func Observe(s Snapshot, at time.Time) Observation {
	return Observation{
		At:       at,
		CanaryOK: !s.Canary.At.IsZero(), Canary: s.Canary.Value,
		OverviewOK: s.Overview.OK(), Overview: s.Overview.Value,
		NodesOK: s.Nodes.OK(), Nodes: s.EffectiveNodes(),
		QueuesOK: s.Durable.OK(), Durable: s.Durable.Value,
	}
}
