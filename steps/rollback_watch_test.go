package steps

import (
	"testing"
	"time"

	"github.com/warren-sre/warren/model"
)

// The durable-queue and connection triggers could never fire from a live
// watch: observations never carried a full queue listing, and connections
// were judged against the start of the watch, not the baseline (a run
// resumed mid-outage took the outage as normal). Observations now come from
// snapshots as the drivers build them.
func TestWatchdogFiresOnBaselineQueuesAndConnections(t *testing.T) {
	baseline := Baseline{Connections: 10, DurableQueues: model.QueueKeys{"//orders", "b/events"},
		Canary: model.CanaryStats{EndToEnd: model.Percentiles{P99: 5 * time.Millisecond}, ConsumeRate: 5}}
	t0 := clock()
	tests := []struct {
		name  string
		edit  func(s *model.Snapshot)
		fires string
	}{
		{"all there", func(*model.Snapshot) {}, ""},
		{"a durable queue gone", func(s *model.Snapshot) { s.Durable.Value = model.QueueKeys{"b/events"} }, model.TriggerDataLoss},
		{"the listing failed: no verdict on it", func(s *model.Snapshot) { s.Durable.Value, s.Durable.Err = nil, "timeout" }, ""},
		{"clients not back", func(s *model.Snapshot) { s.Overview.Value.Connections = 2 }, model.TriggerConnectionsGone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := model.TriggerConfig{ConnectionsBy: 10 * time.Second, Sustain: time.Hour, CanaryDown: time.Hour}
			dog := NewWatchdog(cfg, func() (model.Baseline, error) { return baseline.Model(), nil })
			var fired []model.Fired
			for i := range 30 {
				at := t0.Add(time.Duration(i) * time.Second)
				s := watchSnapshot(at)
				tt.edit(&s)
				fired = append(fired, dog.Observe(model.Observe(s, at), nil)...)
			}
			got := ""
			for _, f := range fired {
				got = f.Name
			}
			if len(fired) > 1 || got != tt.fires {
				t.Fatalf("fired %+v, want %q", fired, tt.fires)
			}
		})
	}
}

func watchSnapshot(at time.Time) model.Snapshot {
	s := snapshot()
	s.Overview.At, s.Nodes.At = at, at
	s.Overview.Value.Connections = 10
	s.Durable = model.DurableQueuesSample{At: at, Value: model.QueueKeys{"//orders", "b/events", "c/new"}}
	s.Canary = model.CanarySample{At: at, Value: model.CanaryStats{Connected: true, Confirmed: 100, Delivered: 100,
		EndToEnd: model.Percentiles{P99: 5 * time.Millisecond, Count: 100}, ConsumeRate: 5}}
	return s
}
