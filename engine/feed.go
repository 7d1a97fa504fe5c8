package engine

import (
	"time"

	"github.com/warren-sre/warren/broker"
	"github.com/warren-sre/warren/engine/event"
	"github.com/warren-sre/warren/model"
)

// monitorOptions gives a driver its canary and every mode the per-node
// link watch: a follower runs no canary (a second one beside the driver's
// would double the probe traffic and measure nothing the driver does not
// journal) but sees a node going down as fast as the driver does.
func (e *Engine) monitorOptions() broker.MonitorOptions {
	opts := e.cfg.Monitor
	opts.Canary, opts.Links = nil, nil
	if e.ReadOnly() || e.cfg.Canary == nil {
		opts.Links = broker.NewLinkWatch(e.cfg.Target, linkOptions(e.cfg.Canary))
		return opts
	}
	opts.Canary = broker.NewCanary(e.cfg.Target, *e.cfg.Canary)
	return opts
}

// linkOptions are the link watch's dial and probe settings, the canary's
// when there is one.
func linkOptions(co *broker.CanaryOptions) broker.CanaryOptions {
	if co == nil {
		return broker.CanaryOptions{}
	}
	return broker.CanaryOptions{DialTimeout: co.DialTimeout, Heartbeat: co.Heartbeat, BackoffFirst: co.BackoffFirst,
		BackoffMax: co.BackoffMax, Version: co.Version}
}

// canaryNote says on the latency pane why no canary runs, so an empty pane
// is never mistaken for a canary that has not answered yet.
func (e *Engine) canaryNote() string {
	switch {
	case e.ReadOnly():
		return "no canary in follow mode: the driver's canary measures this run"
	case e.cfg.Canary == nil:
		return "no canary (--no-canary)"
	}
	return ""
}

// feed runs the pollers and folds every sample into the store, then
// publishes it.
func (e *Engine) feed() {
	raw := make(chan any, 256)
	monDone := make(chan struct{})
	go func() { e.mon.Run(e.ctx, raw); close(monDone) }()
	// Returning waits for the pollers and the canary (which deletes its
	// queue on the way out); their sends give up once ctx is done.
	defer func() { <-monDone }()
	for {
		select {
		case <-e.ctx.Done():
			return
		case m := <-raw:
			s, err := e.store.Apply(m)
			if err != nil {
				e.note("warren: " + err.Error())
				continue
			}
			if !e.publish(s) {
				return
			}
		}
	}
}

// note journals a line from warren itself (a driver only: a follower
// writes nothing).
func (e *Engine) note(text string) {
	if !e.ReadOnly() {
		_ = e.sess.Note("warren", text)
	}
}

// forwardChanges publishes every move of the journal (our own records, or
// the driver's when following) with its sequence number, and the rollback
// it brought; a follower hears the driver's triggers here too (a driver's
// own watch publishes them as they fire).
func (e *Engine) forwardChanges() {
	st := e.sess.State()
	seenTriggers, rollback := len(st.Triggers), st.RollbackActive
	var seq uint64
	for {
		select {
		case <-e.ctx.Done():
			return
		case <-e.sess.Changes():
		}
		seq++
		if !e.publish(event.RunChanged{Seq: seq}) {
			return
		}
		st := e.sess.State()
		for _, t := range st.Triggers[min(seenTriggers, len(st.Triggers)):] {
			if e.ReadOnly() && !e.publish(event.TriggerFired{Trigger: t}) {
				return
			}
		}
		seenTriggers = len(st.Triggers)
		if st.RollbackActive && !rollback && !e.publish(event.RollbackBegun{By: st.RollbackBy, Reason: st.RollbackWhy}) {
			return
		}
		rollback = st.RollbackActive
	}
}

// pollGreen publishes green's nodes and deepest queues every interval:
// the operator sees both clusters during a migration.
func (e *Engine) pollGreen() {
	tick := time.NewTicker(or(e.cfg.GreenEvery, 5*time.Second))
	defer tick.Stop()
	green, ctx := e.cfg.Green, e.ctx
	for {
		nodes := model.GreenNodes{Label: e.cfg.GreenLabel, Sample: green.Nodes(ctx)}
		if !e.publish(event.Green{Nodes: &nodes}) {
			return
		}
		queues := model.GreenQueues{Queues: green.TopQueues(ctx, 20), Overview: green.Overview(ctx)}
		if !e.publish(event.Green{Queues: &queues}) {
			return
		}
		select {
		case <-tick.C:
		case <-ctx.Done():
			return
		}
	}
}
