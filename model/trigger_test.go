package model

import (
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)

// series builds one observation per second for n seconds ending at now.
func series(n int, f func(i int, o *Observation)) []Observation {
	out := make([]Observation, n)
	for i := range out {
		o := Observation{At: t0.Add(time.Duration(i) * time.Second), CanaryOK: true, OverviewOK: true, NodesOK: true}
		o.Canary.Connected = true
		o.Canary.ConsumeRate = 5
		o.Canary.EndToEnd.P99 = 4 * time.Millisecond
		o.Overview.Messages = 1000
		o.Overview.Connections = 10
		f(i, &o)
		out[i] = o
	}
	return out
}

func TestEvaluateTriggers(t *testing.T) {
	base := Baseline{EndToEndP99: 4 * time.Millisecond, ConsumeRate: 5, Messages: 1000, Connections: 10, DurableQueues: []string{"/orders"}}
	cfg := TriggerConfig{Sustain: 10 * time.Second, CanaryDown: 5 * time.Second, BootTimeout: 20 * time.Second, ConnectionsBy: 10 * time.Second}
	now := t0.Add(30 * time.Second)
	tests := []struct {
		name     string
		history  []Observation
		expected []NodeExpectation
		want     string // trigger name, "" for none
		evidence string
	}{
		{"healthy", series(31, func(int, *Observation) {}), nil, "", ""},
		{"latency sustained", series(31, func(i int, o *Observation) {
			if i >= 15 {
				o.Canary.EndToEnd.P99 = 80 * time.Millisecond
			}
		}), nil, TriggerLatency, "baseline p99 4.0 ms"},
		{"latency spike too short", series(31, func(i int, o *Observation) {
			if i >= 25 {
				o.Canary.EndToEnd.P99 = 40 * time.Millisecond
			}
		}), nil, "", ""},
		{"latency within noise floor", series(31, func(_ int, o *Observation) { o.Canary.EndToEnd.P99 = 8 * time.Millisecond }), nil, "", ""},
		// Reproduced on a busy 2-core host: 4 ms to 9.9 ms for 30 s is not
		// a cluster problem.
		{"latency doubled under the absolute floor", series(31, func(_ int, o *Observation) { o.Canary.EndToEnd.P99 = 9900 * time.Microsecond }), nil, "", ""},
		{"one late message is not a throughput drop", series(31, func(_ int, o *Observation) { o.Canary.ConsumeRate = 4.2 }), nil, "", ""},
		{"consumer stopped", series(31, func(i int, o *Observation) {
			if i >= 10 {
				o.Canary.ConsumeRate = 0
			}
		}), nil, TriggerThroughput, "baseline 5.0 msg/s"},
		{"canary lost", series(31, func(i int, o *Observation) { o.Canary.Lost, o.Canary.Confirmed = 3, 100 }), nil, TriggerCanary, "3 lost of 100"},
		{"canary loss recovered by a late delivery", series(31, func(i int, o *Observation) {
			if i >= 20 && i < 28 {
				o.Canary.Lost = 1
			}
		}), nil, "", ""},
		{"canary disconnected", series(31, func(i int, o *Observation) {
			if i >= 20 {
				o.Canary.Connected, o.Canary.LastError = false, "connection refused"
			}
		}), nil, TriggerCanary, "connection refused"},
		{"messages vanished", series(31, func(i int, o *Observation) {
			if i >= 5 {
				o.Overview.Messages = 10
			}
		}), nil, TriggerDataLoss, "baseline 1000 messages"},
		{"messages consumed is fine", series(31, func(i int, o *Observation) {
			o.Overview.DeliverRate = 40
			o.Overview.Messages = int64(1000 - 40*i)
		}), nil, "", ""},
		{"durable queue gone", series(31, func(i int, o *Observation) { o.QueuesOK, o.Durable = true, QueueKeys{"/other"} }), nil, TriggerDataLoss, "/orders"},
		{"connections not back", series(31, func(i int, o *Observation) { o.Overview.Connections = 2 }), nil, TriggerConnectionsGone, "baseline 10"},
		{"alarm", series(31, func(i int, o *Observation) { o.Nodes = []Node{{Name: "r1", Running: true, MemAlarm: true}} }), nil, TriggerAlarm, "r1: memory"},
		{"node not back", series(31, func(i int, o *Observation) { o.Nodes = []Node{{Name: "r2", Running: false}} }),
			[]NodeExpectation{{Node: "r2", StartedAt: t0}}, TriggerNodeNotBack, "r2 started 30s ago"},
		{"node refused to boot: no waiting", series(31, func(i int, o *Observation) { o.Nodes = []Node{{Name: "r2"}} }),
			[]NodeExpectation{{Node: "r2", StartedAt: t0.Add(29 * time.Second), StartFailed: "Error during startup: {error,failed_to_initialize_feature_flags_registry}"}},
			TriggerNodeNotBack, "r2 failed to start: Error during startup"},
		{"node still within boot timeout", series(31, func(i int, o *Observation) { o.Nodes = []Node{{Name: "r2"}} }),
			[]NodeExpectation{{Node: "r2", StartedAt: t0.Add(15 * time.Second)}}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := EvaluateTriggers(cfg, TriggerInput{Now: now, Baseline: base, History: tt.history, Expected: tt.expected})
			if tt.want == "" {
				if len(got) != 0 {
					t.Fatalf("fired %+v, want none", got)
				}
				return
			}
			for _, f := range got {
				if f.Name == tt.want && strings.Contains(strings.Join(f.Evidence, "|"), tt.evidence) {
					return
				}
			}
			t.Fatalf("want %s with %q, got %+v", tt.want, tt.evidence, got)
		})
	}
}

func TestObserveMarksFailedPolls(t *testing.T) {
	var s Snapshot
	s.Overview = OverviewSample{At: t0, Err: "no node answered"}
	s.Nodes = NodesSample{At: t0, Value: []Node{{Name: "r1"}}}
	o := Observe(s, t0)
	if o.OverviewOK || !o.NodesOK || o.CanaryOK {
		t.Fatalf("got overview %v nodes %v canary %v", o.OverviewOK, o.NodesOK, o.CanaryOK)
	}
}

func TestDegradationLimits(t *testing.T) {
	ms := time.Millisecond
	latency := []struct {
		name string
		base time.Duration
		want time.Duration
	}{
		{"tiny baseline takes the absolute floor", 1280 * time.Microsecond, LatencyAbsoluteFloor},
		{"baseline near the floor: 50 % above it", 40 * ms, 60 * ms},
		{"large baseline: 50 % above it", 200 * ms, 300 * ms},
	}
	for _, tt := range latency {
		t.Run(tt.name, func(t *testing.T) {
			if got := LatencyLimit(tt.base, 0.5, 0, 0); got != tt.want {
				t.Fatalf("LatencyLimit(%s) = %s, want %s", tt.base, got, tt.want)
			}
		})
	}
	rates := []struct{ base, want float64 }{{5, 2.5}, {1.5, 0.5}, {100, 50}}
	for _, tt := range rates {
		if got := RateFloor(tt.base, 0.5); got != tt.want {
			t.Errorf("RateFloor(%g) = %g, want %g", tt.base, got, tt.want)
		}
	}
}

// With a median in the baseline, the median is judged: a p99 held up by a
// few slow messages (a restart, a loaded host) fires nothing; a cluster
// slow for every message does.
func TestLatencyTriggerJudgesTheMedian(t *testing.T) {
	base := Baseline{EndToEndP50: 2 * time.Millisecond, EndToEndP99: 70 * time.Millisecond, ConsumeRate: 5}
	cfg := TriggerConfig{Sustain: 10 * time.Second}
	tests := []struct {
		name     string
		p50, p99 time.Duration
		fires    bool
	}{
		{"p99 three times worse on a loaded host, median fine", 3 * time.Millisecond, 235 * time.Millisecond, false},
		{"every message slow", 80 * time.Millisecond, 300 * time.Millisecond, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := series(31, func(_ int, o *Observation) { o.Canary.EndToEnd.P50, o.Canary.EndToEnd.P99 = tt.p50, tt.p99 })
			got := EvaluateTriggers(cfg, TriggerInput{Now: t0.Add(30 * time.Second), Baseline: base, History: h})
			fired := len(got) == 1 && got[0].Name == TriggerLatency && strings.Contains(got[0].Evidence[0], "baseline p50")
			if fired != tt.fires {
				t.Fatalf("fired %+v, want fire=%v", got, tt.fires)
			}
		})
	}
}
