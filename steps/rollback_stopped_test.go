package steps

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/warren-sre/warren/model"
)

func TestStoppedQueues(t *testing.T) {
	before := []InventoryQueue{{VHost: "/", Name: "orders", State: "running", Node: "r1"}, {VHost: "/", Name: "audit", State: "stopped", Node: "r2"},
		{VHost: "/", Name: "jobs", Node: "r1"}}
	tests := []struct {
		name  string
		after []InventoryQueue
		diffs int
		nodes []string
	}{
		{"all serve", []InventoryQueue{{VHost: "/", Name: "orders", State: "running"}, {VHost: "/", Name: "jobs", State: "idle"}}, 0, nil},
		{"one stopped since", []InventoryQueue{{VHost: "/", Name: "orders", State: "stopped", Node: "r1", Messages: 40}}, 1, []string{"r1"}},
		{"stopped before too: not the rollback's doing", []InventoryQueue{{VHost: "/", Name: "audit", State: "stopped", Node: "r2"}}, 0, nil},
		{"a state the inventory did not record, crashed now", []InventoryQueue{{VHost: "/", Name: "jobs", State: "crashed", Node: "r1"},
			{VHost: "/", Name: "orders", State: "down", Node: "r1"}}, 2, []string{"r1"}},
		{"new queue: queueDiffs' business", []InventoryQueue{{VHost: "/", Name: "new", State: "stopped", Node: "r3"}}, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			diffs, nodes := stoppedQueues(before, tt.after)
			if len(diffs) != tt.diffs || !slices.Equal(nodes, tt.nodes) {
				t.Fatalf("diffs %q nodes %v, want %d on %v", diffs, nodes, tt.diffs, tt.nodes)
			}
		})
	}
}

// The rollback's comparison fails on a queue that served before and is
// stopped now, though its listing shows every message it held, and says how
// to bring it back; the queues are not asked (a stopped queue answers
// nothing).
func TestRollbackCompareFailsOnAStoppedQueue(t *testing.T) {
	dir := t.TempDir()
	n := int64(40)
	inv := Inventory{Objects: sampleCounts, Queues: []InventoryQueue{{VHost: "/", Name: "orders", Type: "classic", Messages: 40, State: "running", Node: "r1", ReadyAsked: &n}}}
	if err := writeJSONFile(filepath.Join(dir, InventoryFile), inv); err != nil {
		t.Fatal(err)
	}
	fake := &fakeCluster{live: sampleCounts, queues: []model.Queue{{VHost: "/", Name: "orders", Type: "classic", Messages: 40, State: "stopped", Node: "r1"}}}
	res := compareWithInventory(context.Background(), dir, Env{Cluster: fake})
	if res.Verdict != Fail || len(res.Evidence) != 1 || !strings.Contains(res.Evidence[0], "queue //orders on r1 is stopped (was running)") ||
		!strings.Contains(res.Remedy, "rabbitmqctl -n r1 stop_app && rabbitmqctl -n r1 start_app") || fake.asks != 0 {
		t.Fatalf("%s %q %q remedy %q (asked %d)", res.Verdict, res.Summary, res.Evidence, res.Remedy, fake.asks)
	}
}
