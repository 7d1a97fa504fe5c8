// Package engine owns one opened run while it is live: the target, the
// monitor feeding the snapshot store, the per-node link watch, the trigger
// watch, the resume policy, what runs after a step, and which nodes are
// expected back. It publishes one typed event stream (package event) and
// accepts the operator's intents (check, act, acknowledge, begin the
// rollback). The cockpit and the headless `warren upgrade` are two front
// ends over it; the engine knows no screen.
package engine

import (
	"context"
	"sync"
	"time"

	"github.com/warren-sre/warren/broker"
	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/engine/event"
	"github.com/warren-sre/warren/model"
	"github.com/warren-sre/warren/steps"
)

// Config is one run the caller opened (as driver or follower); the caller
// closes the session after Close returns.
type Config struct {
	Target  broker.Target
	Cluster *broker.Cluster
	Session *checklist.Session
	// First is the snapshot taken while opening the run: it seeds the
	// store, so the first check never sees an empty cluster.
	First model.Snapshot
	// Canary configures the driver's canary; nil runs none (--no-canary).
	// A follower never runs one (the driver's canary measures the run) but
	// watches every node's link all the same.
	Canary  *broker.CanaryOptions
	Monitor broker.MonitorOptions
	// Triggers is the watchdog's configuration and Baseline what it
	// compares with. Only a driver watches: a follower reads the driver's
	// triggers from the journal.
	Triggers model.TriggerConfig
	Baseline func() (model.Baseline, error)
	// NoTriggers turns the watch off: the triggers judge an in-place
	// upgrade, and in a blue-green migration blue is meant to lose its
	// messages and clients to green.
	NoTriggers bool
	// Order is the run's node order: the nodes expected back are read
	// along it.
	Order []model.OrderedNode
	// RunDir is the run's directory (its baseline, for the comparison
	// recorded after post.compare).
	RunDir string
	// Green is the second cluster of a blue-green run (nil otherwise),
	// polled every GreenEvery (5 s) and labelled GreenLabel.
	Green      *broker.Cluster
	GreenLabel string
	GreenEvery time.Duration
	// Reverify re-runs, once the first samples are in (after ReverifyAfter,
	// 1.5 s), the checks of the steps a previous driver left interrupted and
	// of the current step: the cockpit's resume. The headless loop
	// re-verifies as it reaches them instead.
	Reverify      bool
	ReverifyAfter time.Duration
	// TriggerEvery is how often the triggers are judged (1 s).
	TriggerEvery time.Duration
}

// Engine is a live run. Start it, read Events until Close.
type Engine struct {
	cfg    Config
	sess   *checklist.Session
	store  *Store
	mon    *broker.Monitor
	events chan event.Event
	user   string

	ctx    context.Context
	cancel context.CancelFunc
	// loops are the engine's own goroutines; intents are the operator's
	// checks and actions under way. Close waits for both, so a finish
	// record is written before the caller closes the session and its lock.
	loops   sync.WaitGroup
	intents sync.WaitGroup

	closeOnce   sync.Once
	mu          sync.Mutex
	fired       []model.Fired // triggers this engine's watch fired
	interrupted map[string]bool
}

// Start opens the feeds and, for a driver, the trigger watch; events flow
// until Close. The caller must drain Events.
func Start(ctx context.Context, cfg Config) *Engine {
	ctx, cancel := context.WithCancel(ctx)
	e := &Engine{cfg: cfg, sess: cfg.Session, store: &Store{}, events: make(chan event.Event, 256),
		user: cfg.Session.Me().User, ctx: ctx, cancel: cancel, interrupted: map[string]bool{}}
	for _, id := range interruptedSteps(e.sess.State()) {
		e.interrupted[id] = true
	}
	e.store.Seed(cfg.First)
	e.events <- event.First{Snapshot: e.store.Snapshot()}
	if note := e.canaryNote(); note != "" {
		e.events <- event.Note{At: time.Now(), Canary: note}
	}
	e.mon = broker.NewMonitor(cfg.Cluster, e.monitorOptions())
	e.spawn(e.feed)
	e.spawn(e.forwardChanges)
	if cfg.Green != nil {
		e.spawn(e.pollGreen)
	}
	if !e.ReadOnly() && cfg.Reverify {
		e.spawn(e.reverifyOnStart)
	}
	if !e.ReadOnly() && !cfg.NoTriggers {
		dog := steps.NewWatchdog(cfg.Triggers, cfg.Baseline)
		e.spawn(func() { e.watchTriggers(e.sess, dog, e.Expected, or(cfg.TriggerEvery, time.Second)) })
	}
	return e
}

// Events is the one stream of what happens in the run. It is closed once
// Close has stopped everything that publishes, after the last event.
func (e *Engine) Events() <-chan event.Event { return e.events }

// Close stops the feeds and the watch, cancels the intents under way and
// waits until every one of them has journaled its end. The session stays
// open: the caller closes it next.
func (e *Engine) Close() {
	e.mu.Lock()
	e.cancel()
	e.mu.Unlock()
	e.intents.Wait()
	e.loops.Wait()
	e.closeOnce.Do(func() { close(e.events) })
}

// Snapshot is the store's latest snapshot: what checks judge.
func (e *Engine) Snapshot() model.Snapshot { return e.store.Snapshot() }

// ReadOnly: a follower's engine accepts no intent.
func (e *Engine) ReadOnly() bool { return e.sess.ReadOnly() }

// Pause stops polling (the operator pressed p); Resume starts it again;
// Refresh polls every concern now.
func (e *Engine) Pause()   { e.mon.Pause() }
func (e *Engine) Resume()  { e.mon.Resume() }
func (e *Engine) Refresh() { e.mon.RefreshNow() }

func (e *Engine) spawn(f func()) {
	e.loops.Add(1)
	go func() { defer e.loops.Done(); f() }()
}

// publish sends one event; it gives up only when the engine stops.
func (e *Engine) publish(ev event.Event) bool {
	select {
	case e.events <- ev:
		return true
	case <-e.ctx.Done():
		return false
	}
}

func or(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// Sections are the run's phases as they stand.
func (e *Engine) Sections() []checklist.Section { return e.sess.Run().Sections() }

// Run is the run's steps as they stand.
func (e *Engine) Run() *checklist.Run { return e.sess.Run() }

// State is the journal folded.
func (e *Engine) State() checklist.State { return e.sess.State() }

// Driver is who drives the run, and whether that process is alive.
func (e *Engine) Driver() (checklist.Holder, bool) { return e.sess.Driver() }
