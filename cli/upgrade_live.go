package cli

import (
	"context"
	"sync"
	"time"

	"github.com/warren-sre/warren/broker"
	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/model"
	"github.com/warren-sre/warren/steps"
)

// liveView keeps the latest sample of every concern (what checks see as
// the snapshot) and the rollback triggers that fired.
type liveView struct {
	mu    sync.Mutex
	snap  model.Snapshot
	links map[string]model.NodeLink
	fired []model.Fired
	wg    sync.WaitGroup
}

func (l *liveView) snapshot() model.Snapshot {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.snap
	for _, link := range l.links {
		s.Links = append(s.Links, link)
	}
	return s
}

func (l *liveView) triggers() []model.Fired {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]model.Fired(nil), l.fired...)
}

func (l *liveView) wait() { l.wg.Wait() }

// apply keeps one sample from the monitor.
func (l *liveView) apply(v any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch s := v.(type) {
	case model.NodesSample:
		l.snap.Nodes = s
	case model.OverviewSample:
		l.snap.Overview = s
	case model.QueuesSample:
		l.snap.Queues = s
	case model.ConnectionsSample:
		l.snap.Connections = s
	case model.FlagsSample:
		l.snap.Flags = s
	case model.HealthSample:
		l.snap.Health = s
	case model.DurableQueuesSample:
		l.snap.Durable = s
	case model.CanarySample:
		l.snap.Canary = s
	case model.NodeLink:
		l.links[s.Node] = s
	}
}

// startLive runs the pollers, the canary and the trigger watch until close.
// The first snapshot seeds it, so the first check never sees nothing.
func (d *driver) startLive(ctx context.Context, target broker.Target, first model.Snapshot) {
	ctx, d.stop = context.WithCancel(ctx)
	d.live = &liveView{snap: first, links: map[string]model.NodeLink{}}
	opts := monitorOptions()
	if !d.f.noCanary {
		opts.Canary = broker.NewCanary(target, broker.CanaryOptions{Window: d.f.canaryWindow, LossHorizon: d.f.canaryHorizon, Move: d.canaryMove})
	}
	monitor := broker.NewMonitor(d.cluster, opts)
	samples := make(chan any, 64)
	d.live.wg.Add(2)
	go func() {
		defer d.live.wg.Done()
		monitor.Run(ctx, samples)
		close(samples)
	}()
	go func() {
		defer d.live.wg.Done()
		for v := range samples {
			d.live.apply(v)
		}
	}()
	if d.f.green.set() {
		// The rollback triggers judge an in-place upgrade: in a migration
		// blue is meant to lose its messages and clients to green.
		return
	}
	d.live.wg.Add(1)
	go func() {
		defer d.live.wg.Done()
		d.watchTriggers(ctx)
	}()
}

// monitorOptions: both drivers poll health every 5 s (not 10) so a
// restarted node's verification is not held back by a stale health sample.
func monitorOptions() broker.MonitorOptions {
	opts := broker.DefaultMonitorOptions()
	opts.HealthEvery = 5 * time.Second
	return opts
}

// watchTriggers evaluates the rollback triggers every second and journals
// each one that fires, with its evidence, the moment it does.
func (d *driver) watchTriggers(ctx context.Context) {
	dog := steps.NewWatchdog(d.f.triggerConfig(), steps.PrepBaseline(d.f.runDir))
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			obs := model.Observe(d.live.snapshot(), now)
			for _, f := range dog.Observe(obs, d.expectations()) {
				d.fire(f)
			}
		}
	}
}

func (d *driver) fire(f model.Fired) {
	d.live.mu.Lock()
	d.live.fired = append(d.live.fired, f)
	d.live.mu.Unlock()
	progress("ROLLBACK TRIGGER %s: %s", f.Name, f.Summary)
	for _, e := range f.Evidence {
		progress("  %s", e)
	}
	err := d.session.RecordTrigger(checklist.Trigger{Name: f.Name, Summary: f.Summary, Evidence: f.Evidence})
	if err != nil {
		progress("could not journal the trigger: %v", err)
	}
}

// expectations: nodes whose start was dispatched and whose block has not
// verified yet must come back within the boot timeout.
func (d *driver) expectations() []model.NodeExpectation {
	return expectedNodes(d.session.Run(), d.rc.Order)
}
