package steps

import (
	"context"
	"fmt"
	"time"

	"github.com/warren-sre/warren/model"
)

// Comparison is one before/after row of the baseline comparison.
type Comparison struct {
	Name   string  `json:"name"`
	Unit   string  `json:"unit,omitempty"`
	Before float64 `json:"before"`
	After  float64 `json:"after"`
	// HigherIsWorse: latency; lower is worse for rates.
	HigherIsWorse bool `json:"higher_is_worse"`
	// Judged rows can fail the comparison; totals are shown, not judged
	// (messages move with the clients' traffic).
	Judged bool `json:"judged"`
}

// Worse reports whether the row is more than limit (0.5 = 50 %) worse, and
// past the absolute floors the rollback triggers use (model.LatencyLimit,
// model.RateFloor): a p99 of 2.6 ms after 1.3 ms is noise, not a regression.
func (c Comparison) Worse(limit float64) bool {
	if !c.Judged || c.Before <= 0 {
		return false
	}
	if c.HigherIsWorse {
		before := time.Duration(c.Before * float64(time.Millisecond))
		return c.After > msOf(model.LatencyLimit(before, limit, 0, 0))
	}
	return c.After < model.RateFloor(c.Before, limit)
}

func msOf(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// CompareBaseline lines the baseline up against the live snapshot.
func CompareBaseline(b model.Baseline, s model.Snapshot) []Comparison {
	c, ov := s.Canary.Value, s.Overview.Value
	return []Comparison{
		// The median is judged (see model's latency trigger: p99 over the
		// window still holds the restarts); p99 is shown.
		{Name: "canary end-to-end p50", Unit: "ms", Before: msOf(b.EndToEndP50), After: msOf(c.EndToEnd.P50), HigherIsWorse: true, Judged: b.EndToEndP50 > 0},
		{Name: "canary end-to-end p99", Unit: "ms", Before: msOf(b.EndToEndP99), After: msOf(c.EndToEnd.P99), HigherIsWorse: true, Judged: b.EndToEndP50 <= 0},
		{Name: "canary confirm p99", Unit: "ms", Before: msOf(b.ConfirmP99), After: msOf(c.Confirm.P99), HigherIsWorse: true, Judged: b.EndToEndP50 <= 0},
		{Name: "canary consume rate", Unit: "msg/s", Before: b.ConsumeRate, After: c.ConsumeRate, Judged: true},
		{Name: "messages", Before: float64(b.Messages), After: float64(ov.Messages)},
		{Name: "queues", Before: float64(b.Queues), After: float64(ov.Queues)},
		{Name: "connections", Before: float64(b.Connections), After: float64(ov.Connections)},
	}
}

func compareBaseline(cfg PostConfig) func(context.Context, Env) Result {
	return func(_ context.Context, env Env) Result {
		if cfg.Baseline == nil {
			return failResult(env, "no baseline to compare with", "the run has no baseline source")
		}
		b, err := cfg.Baseline()
		if err != nil {
			return failResult(env, "no baseline to compare with", err.Error())
		}
		if env.Snapshot.Canary.At.IsZero() || !env.Snapshot.Overview.OK() {
			return Result{Verdict: Wait, Summary: "waiting for live canary and overview samples", At: now(env)}
		}
		var v verdict
		for _, row := range CompareBaseline(b, env.Snapshot) {
			line := fmt.Sprintf("%s: before %.4g %s, after %.4g %s", row.Name, row.Before, row.Unit, row.After, row.Unit)
			if row.Worse(0.5) {
				// Wait, not fail: the canary's window still holds the
				// restarts; the run's wait timeout turns a lasting
				// degradation into a block.
				v.wait("%s — more than 50 %% worse and past the floor (p99 above %s, rate down by %.0f msg/s or more)",
					line, model.LatencyAbsoluteFloor, model.RateMinDrop)
			} else {
				v.ok("%s", line)
			}
		}
		return v.result(env, "the cluster performs like its baseline", "",
			"the cluster performs more than 50 % worse than its baseline: waiting for the canary's window to move past the restarts")
	}
}

func now(env Env) time.Time {
	if env.Now == nil {
		return time.Now()
	}
	return env.Now()
}
