package engine

import (
	"testing"
	"time"

	"github.com/warren-sre/warren/engine/event"
	"github.com/warren-sre/warren/model"
)

// The store feeds the checks: a failed poll must never erase the last good
// value (a check would read an empty cluster as healthy), and node links
// are kept one per node.
func TestStoreKeepsLastGoodAndOneLinkPerNode(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 16, 0, 0, 0, time.UTC)
	good := model.NodesSample{At: t0, Value: []model.Node{{Name: "rabbit-1@h"}}}
	failed := model.NodesSample{At: t0.Add(5 * time.Second), Err: "timeout"}
	tests := []struct {
		name      string
		msgs      []any
		wantNodes int
		wantAt    time.Time
		wantErr   string
		wantLinks []bool // Up of each link, in order
	}{
		{"good sample", []any{good}, 1, t0, "", nil},
		{"failure keeps the good value and its time", []any{good, failed}, 1, t0, "timeout", nil},
		{"failure before any data is stored as is", []any{failed}, 0, failed.At, "timeout", nil},
		{"a later good sample clears the error", []any{good, failed, good}, 1, t0, "", nil},
		{"a link replaces the same node's", []any{
			model.NodeLink{Node: "a", Up: true}, model.NodeLink{Node: "b", Up: true}, model.NodeLink{Node: "a", Up: false},
		}, 0, time.Time{}, "", []bool{true, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s Store
			for _, m := range tt.msgs {
				if _, err := s.Apply(m); err != nil {
					t.Fatal(err)
				}
			}
			snap := s.Snapshot()
			if len(snap.Nodes.Value) != tt.wantNodes || !snap.Nodes.At.Equal(tt.wantAt) || snap.Nodes.Err != tt.wantErr {
				t.Errorf("nodes %d at %v err %q, want %d at %v err %q",
					len(snap.Nodes.Value), snap.Nodes.At, snap.Nodes.Err, tt.wantNodes, tt.wantAt, tt.wantErr)
			}
			var ups []bool
			for _, l := range snap.Links {
				ups = append(ups, l.Up)
			}
			if len(ups) != len(tt.wantLinks) {
				t.Fatalf("links %v, want %v", ups, tt.wantLinks)
			}
			for i := range ups {
				if ups[i] != tt.wantLinks[i] {
					t.Errorf("links %v, want %v", ups, tt.wantLinks)
				}
			}
		})
	}
}

// A value no concern reads is an error, not a silent drop; every value
// the monitor sends names its concern.
func TestStoreRefusesUnknownAndNamesConcerns(t *testing.T) {
	var s Store
	for _, m := range []any{"hello", 42, model.GreenNodes{}} {
		if _, err := s.Apply(m); err == nil {
			t.Errorf("%T was accepted", m)
		}
	}
	tests := []struct {
		msg  any
		want event.Concern
	}{
		{model.NodesSample{}, event.Nodes}, {model.OverviewSample{}, event.Overview}, {model.QueuesSample{}, event.Queues},
		{model.ConnectionsSample{}, event.Connections}, {model.FlagsSample{}, event.Flags}, {model.HealthSample{}, event.Health},
		{model.DurableQueuesSample{}, event.Durable}, {model.CanarySample{}, event.Canary}, {model.NodeLink{Node: "a"}, event.Link},
	}
	for _, tt := range tests {
		got, err := s.Apply(tt.msg)
		if err != nil || got.Concern != tt.want {
			t.Errorf("%T: concern %v err %v, want %v", tt.msg, got.Concern, err, tt.want)
		}
	}
}

// The store decides each node's effective state once: a dropped link
// turns a node the API still calls running into going down, and the
// reading published with the sample carries it.
func TestStoreComputesEffectiveState(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 16, 0, 0, 0, time.UTC)
	var s Store
	s.Seed(model.Snapshot{Nodes: model.NodesSample{At: t0, Value: []model.Node{{Name: "a", State: model.NodeRunning, Running: true}}}})
	got, err := s.Apply(model.NodeLink{Node: "a", Up: false, Since: t0.Add(time.Second), Reason: "connection reset"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Reading.States) != 1 || got.Reading.States[0].State != model.NodeGoingDown {
		t.Fatalf("published states %+v, want a going down", got.Reading.States)
	}
	if st := s.Snapshot().Effective("a"); st != model.NodeGoingDown {
		t.Errorf("snapshot says %s, want going down", st)
	}
}
