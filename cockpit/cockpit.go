package cockpit

import (
	"context"
	"errors"
	"time"

	"github.com/warren-sre/warren/broker"
	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/steps"
	"github.com/warren-sre/warren/ui"
)

// Config is one cockpit session.
type Config struct {
	Target   broker.Target
	RunDir   string
	Follow   bool // read-only follower of someone else's run
	TakeOver bool // take over a stale lock explicitly
	Info     checklist.RunInfo
	// Runbook builds the steps for this cluster.
	Runbook func(cluster *broker.Cluster) []steps.Step
	UI      ui.Options
	Monitor broker.MonitorOptions
}

// Run opens the run (as driver or follower), starts the pollers and the
// canary, and shows the cockpit until the operator quits.
func Run(ctx context.Context, cfg Config) error {
	cluster, err := broker.Connect(cfg.Target)
	if err != nil {
		return err
	}
	sess, err := openSession(cfg, cfg.Runbook(cluster))
	if err != nil {
		return err
	}
	defer sess.Close()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	store := &Store{}
	mon := broker.NewMonitor(cluster, withCanary(cfg))
	toUI := make(chan any, 256)
	go feed(ctx, mon, store, toUI)
	go forwardChanges(ctx, sess, toUI)

	rb := &sessionRunbook{sess: sess, cluster: cluster, store: store, user: sess.Me().User}
	if !sess.ReadOnly() {
		go reverifyCurrent(ctx, sess, rb)
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

func openSession(cfg Config, runbook []steps.Step) (*checklist.Session, error) {
	opts := checklist.Options{Info: cfg.Info, Secrets: []string{cfg.Target.Password}}
	switch {
	case cfg.Follow:
		return checklist.Watch(cfg.RunDir, runbook, opts)
	case cfg.TakeOver:
		return checklist.TakeOver(cfg.RunDir, runbook, opts)
	default:
		return checklist.Open(cfg.RunDir, runbook, opts)
	}
}

func withCanary(cfg Config) broker.MonitorOptions {
	opts := cfg.Monitor
	if opts.Canary == nil {
		// Samples four times a second: the latency pane fills within the
		// first second, and a stalled canary shows at once.
		opts.Canary = broker.NewCanary(cfg.Target, broker.CanaryOptions{SampleInterval: 250 * time.Millisecond})
	}
	return opts
}

// feed runs the pollers and tees every sample into the store (for checks)
// and on to the UI's single relay.
func feed(ctx context.Context, mon *broker.Monitor, store *Store, toUI chan<- any) {
	raw := make(chan any, 256)
	go mon.Run(ctx, raw)
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

// reverifyCurrent re-runs the current step's check once the first samples
// are in: a resumed run never trusts what it was told before it died.
func reverifyCurrent(ctx context.Context, sess *checklist.Session, rb *sessionRunbook) {
	select {
	case <-ctx.Done():
		return
	case <-time.After(1500 * time.Millisecond):
	}
	cur := sess.Run().Current()
	if cur == nil || cur.Step.Check == nil {
		return
	}
	if _, err := sess.Evaluate(ctx, rb.env(), cur.Step.ID); err != nil && !errors.Is(err, context.Canceled) {
		_ = sess.Note("warren", "re-verifying "+cur.Step.ID+" failed: "+err.Error())
	}
}
