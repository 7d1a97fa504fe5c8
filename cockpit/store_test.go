package cockpit

import (
	"testing"
	"time"

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
		{"unknown messages are ignored", []any{"hello", 42}, 0, time.Time{}, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s Store
			for _, m := range tt.msgs {
				s.Apply(m)
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
