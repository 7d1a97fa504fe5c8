package steps

import (
	"time"

	"github.com/warren-sre/warren/model"
)

// Watchdog evaluates the rollback triggers continuously: feed it every new
// observation; it answers with the triggers that just fired. A trigger that
// stays true is reported once, and again only after it cleared. Not safe
// for concurrent use: one goroutine feeds it.
type Watchdog struct {
	cfg      model.TriggerConfig
	baseline func() (model.Baseline, error)
	keep     time.Duration
	history  []model.Observation
	active   map[string]bool
	// startConnections: client connections when the watch began, what
	// "connections not coming back" is measured against.
	startConnections int
}

// NewWatchdog watches against the baseline (read lazily: it may be measured
// after the watch starts). A nil baseline leaves only the absolute
// triggers (lost messages, disconnection, alarms, nodes not back).
func NewWatchdog(cfg model.TriggerConfig, baseline func() (model.Baseline, error)) *Watchdog {
	cfg = cfg.WithDefaults()
	keep := max(cfg.Sustain, cfg.CanaryDown, cfg.ConnectionsBy) + 5*time.Second
	return &Watchdog{cfg: cfg, baseline: baseline, keep: keep, active: map[string]bool{}}
}

// Observe adds one observation and returns what newly fired.
func (w *Watchdog) Observe(o model.Observation, expected []model.NodeExpectation) []model.Fired {
	if w.startConnections == 0 && o.OverviewOK {
		w.startConnections = o.Overview.Connections
	}
	w.history = append(w.history, o)
	cut := 0
	for cut < len(w.history)-1 && o.At.Sub(w.history[cut].At) > w.keep {
		cut++
	}
	w.history = w.history[cut:]
	all := model.EvaluateTriggers(w.cfg, model.TriggerInput{
		Now: o.At, Baseline: w.currentBaseline(), History: w.history, Expected: expected,
	})
	now := map[string]bool{}
	var fresh []model.Fired
	for _, f := range all {
		now[f.Name] = true
		if !w.active[f.Name] {
			fresh = append(fresh, f)
		}
	}
	w.active = now
	return fresh
}

// currentBaseline: message totals are judged against the start of the kept
// window (consumption is integrated over that window); rates, latency,
// durable queues and connections against the measured baseline, connections
// against the start of the watch when the baseline has no count (a run
// prepared before warren measured it).
func (w *Watchdog) currentBaseline() model.Baseline {
	var b model.Baseline
	if w.baseline != nil {
		if got, err := w.baseline(); err == nil {
			b = got
		}
	}
	b.Messages = 0
	if b.Connections == 0 {
		b.Connections = w.startConnections
	}
	for _, o := range w.history {
		if o.OverviewOK {
			b.Messages = o.Overview.Messages
			break
		}
	}
	return b
}
