package cockpit

import (
	"context"
	"sync"
	"time"

	"github.com/warren-sre/warren/broker"
	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/model"
	"github.com/warren-sre/warren/steps"
	"github.com/warren-sre/warren/ui"
)

// Config is one cockpit session over a run the caller opened (as driver or
// follower) with the same setup as the headless driver; the caller closes
// the session after Run returns.
type Config struct {
	Target  broker.Target
	Cluster *broker.Cluster
	Session *checklist.Session
	// First is the snapshot taken while opening the run: it seeds the
	// checks' store and the panes, so neither starts empty.
	First model.Snapshot
	// Canary configures the driver's canary; nil runs none (--no-canary).
	// A follower never runs one: the driver's canary measures the run.
	Canary *broker.CanaryOptions
	// Triggers is the watchdog's configuration; Baseline what it compares
	// with; Expect names the nodes that must come back. Only a driver
	// watches: a follower sees the driver's triggers in the journal.
	Triggers model.TriggerConfig
	Baseline func() (model.Baseline, error)
	Expect   func() []model.NodeExpectation
	// NoTriggers turns the watch off: the triggers judge an in-place
	// upgrade, and in a blue-green migration blue is meant to lose its
	// messages and clients to green.
	NoTriggers bool
	// Green is the second cluster of a blue-green run (nil otherwise): its
	// nodes are polled and shown below blue's, labelled GreenLabel.
	Green      *broker.Cluster
	GreenLabel string
	// AfterStep runs after each intent on a step the session now holds
	// done (e.g. journal the baseline comparison after post.compare).
	AfterStep func(stepID string, snap model.Snapshot) error
	UI        ui.Options
	Monitor   broker.MonitorOptions
}

// Run starts the pollers, the canary (driver only) and the trigger watch
// (driver only), and shows the cockpit until the operator quits.
func Run(ctx context.Context, cfg Config) error {
	// Every goroutine started here is waited for before Run returns: the
	// caller closes the session next, and a late trigger record or the
	// canary's queue clean-up must not race that.
	var wg sync.WaitGroup
	defer wg.Wait()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	spawn := func(f func()) {
		wg.Add(1)
		go func() { defer wg.Done(); f() }()
	}
	sess := cfg.Session
	store := &Store{}
	store.Seed(cfg.First)
	follow := sess.ReadOnly()
	mon := broker.NewMonitor(cfg.Cluster, withCanary(cfg, follow))
	toUI := make(chan any, 256)
	toUI <- cfg.First
	if note := canaryNote(cfg, follow); note != "" {
		toUI <- model.CanarySample{At: time.Now(), Err: note}
	}
	spawn(func() { feed(ctx, mon, store, toUI) })
	spawn(func() { forwardChanges(ctx, sess, toUI) })
	if cfg.Green != nil {
		spawn(func() { pollGreen(ctx, cfg.Green, cfg.GreenLabel, toUI, 5*time.Second) })
	}

	rb := &sessionRunbook{sess: sess, cluster: cfg.Cluster, store: store, user: sess.Me().User, after: cfg.AfterStep}
	if !follow {
		spawn(func() { reverifyOnStart(ctx, sess, rb) })
	}
	if !follow && !cfg.NoTriggers {
		dog := steps.NewWatchdog(cfg.Triggers, cfg.Baseline)
		spawn(func() { watchTriggers(ctx, sess, dog, store.Snapshot, cfg.Expect, time.Second) })
	}
	opts := cfg.UI
	opts.OnPause = func(paused bool) {
		if paused {
			mon.Pause()
		} else {
			mon.Resume()
		}
	}
	opts.OnRefresh = mon.RefreshNow
	return ui.Run(ctx, opts, rb, toUI)
}

// withCanary gives a driver its canary. A follower gets none: a second
// canary beside the driver's would double the probe traffic and measure
// nothing the driver does not already journal.
func withCanary(cfg Config, follow bool) broker.MonitorOptions {
	opts := cfg.Monitor
	opts.Canary = nil
	if follow || cfg.Canary == nil {
		return opts
	}
	co := *cfg.Canary
	if co.SampleInterval <= 0 {
		// Four times a second: the latency pane fills within the first
		// second, and a stalled canary shows at once.
		co.SampleInterval = 250 * time.Millisecond
	}
	opts.Canary = broker.NewCanary(cfg.Target, co)
	return opts
}

// canaryNote says on the latency pane why no canary runs, so an empty pane
// is never mistaken for a canary that has not answered yet.
func canaryNote(cfg Config, follow bool) string {
	switch {
	case follow:
		return "no canary in follow mode: the driver's canary measures this run"
	case cfg.Canary == nil:
		return "no canary (--no-canary)"
	}
	return ""
}

// feed runs the pollers and tees every sample into the store (for checks)
// and on to the UI's single relay.
func feed(ctx context.Context, mon *broker.Monitor, store *Store, toUI chan<- any) {
	raw := make(chan any, 256)
	monDone := make(chan struct{})
	go func() { mon.Run(ctx, raw); close(monDone) }()
	// Returning waits for the pollers and the canary (which deletes its
	// queue on the way out); their sends give up once ctx is done.
	defer func() { <-monDone }()
	for {
		select {
		case <-ctx.Done():
			return
		case m := <-raw:
			store.Apply(m)
			select {
			case toUI <- m:
			case <-ctx.Done():
				return
			}
		}
	}
}

// forwardChanges tells the UI to reload the checklist whenever the journal
// moves (our own records, or the driver's when following).
func forwardChanges(ctx context.Context, sess *checklist.Session, toUI chan<- any) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-sess.Changes():
			select {
			case toUI <- ui.RunbookChanged{}:
			case <-ctx.Done():
				return
			}
		}
	}
}

// pollGreen sends green's nodes and deepest queues to the UI every
// interval: the operator sees both clusters during a migration.
func pollGreen(ctx context.Context, green *broker.Cluster, label string, toUI chan<- any, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		for _, v := range []any{model.GreenNodes{Label: label, Sample: green.Nodes(ctx)},
			model.GreenQueues{Queues: green.TopQueues(ctx, 20), Overview: green.Overview(ctx)}} {
			select {
			case toUI <- v:
			case <-ctx.Done():
				return
			}
		}
		select {
		case <-tick.C:
		case <-ctx.Done():
			return
		}
	}
}
