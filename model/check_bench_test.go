package model

import (
	"fmt"
	"testing"
)

// BenchmarkPreflight runs every check on a large cluster: 10 000 queues
// (half transient), 5 000 connections, 200 policies.
func BenchmarkPreflight(b *testing.B) {
	s := cluster("3.13.7", "26.2", "rabbit-1@h", "rabbit-2@h", "rabbit-3@h")
	f := CheckFacts{Target: V(4, 1, 0), Snapshot: s}
	for i := 0; i < 10000; i++ {
		f.Queues = append(f.Queues, Queue{Name: fmt.Sprintf("q%d", i), VHost: "/", Durable: i%2 == 0})
	}
	for i := 0; i < 5000; i++ {
		f.Snapshot.Connections.Value = append(f.Snapshot.Connections.Value, Connection{Name: fmt.Sprintf("c%d", i),
			Product: "amqplib", Version: fmt.Sprintf("0.10.%d", i%9), Platform: "Node.JS v20"})
	}
	for i := 0; i < 200; i++ {
		f.Policies = append(f.Policies, Policy{Name: fmt.Sprintf("p%d", i), Definition: map[string]any{"ha-mode": "all"}})
	}
	b.ReportAllocs()
	for b.Loop() {
		if fs := Preflight(f); len(fs) == 0 {
			b.Fatal("no findings")
		}
	}
}
