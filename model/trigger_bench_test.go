package model

import (
	"testing"
	"time"
)

// The watchdog evaluates every second over a few minutes of history: it
// must stay far below a millisecond.
func BenchmarkEvaluateTriggers(b *testing.B) {
	history := series(180, func(i int, o *Observation) {
		o.Nodes = []Node{{Name: "r1", Running: true}, {Name: "r2", Running: true}, {Name: "r3", Running: true}}
	})
	in := TriggerInput{Now: history[len(history)-1].At, History: history,
		Baseline: Baseline{EndToEndP99: 4 * time.Millisecond, ConsumeRate: 5, Messages: 1000, Connections: 10},
		Expected: []NodeExpectation{{Node: "r2", StartedAt: history[0].At}}}
	b.ReportAllocs()
	for b.Loop() {
		if len(EvaluateTriggers(TriggerConfig{}, in)) != 0 {
			b.Fatal("a healthy history fired")
		}
	}
}
