package steps

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/warren-sre/warren/model"
)

// A queue filled a moment before the inventory lists 0; the inventory
// keeps what the queue itself said, leaving warren's canary out.
func TestInventoryAsksTheQueues(t *testing.T) {
	queues := []model.Queue{{VHost: "/", Name: "orders", Type: "quorum"}, {VHost: "/", Name: "audit", Type: "classic"},
		{VHost: "/", Name: model.CanaryQueuePrefix + "x", Type: "classic"}}
	tests := []struct {
		name     string
		ready    map[string]int64
		readyErr error
		want     map[string]int64 // ReadyAsked by key; absent: nil
		evidence string
	}{
		{"every queue answers", map[string]int64{"//orders": 30, "//audit": 0}, nil, map[string]int64{"//orders": 30, "//audit": 0},
			"asked of 2 of 2 queue(s)"},
		{"one does not answer", map[string]int64{"//orders": 30}, nil, map[string]int64{"//orders": 30}, "asked of 1 of 2 queue(s)"},
		{"AMQP refused", nil, errors.New("connection refused"), nil, "not asked for their ready messages"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			fake := &fakeCluster{live: sampleCounts, queues: queues, ready: tt.ready, readyErr: tt.readyErr}
			res := inventoryStep(PrepConfig{RunDir: dir, Now: clock}.withDefaults()).Check(context.Background(),
				Env{Snapshot: snapshot(), Cluster: fake, Now: clock})
			if res.Verdict != Pass || !slices.ContainsFunc(res.Evidence, func(e string) bool { return strings.Contains(e, tt.evidence) }) {
				t.Fatalf("%s %q, evidence %q: want pass saying %q", res.Verdict, res.Summary, res.Evidence, tt.evidence)
			}
			var inv Inventory
			if err := readJSONFile(filepath.Join(dir, InventoryFile), &inv); err != nil {
				t.Fatal(err)
			}
			if len(inv.Queues) != 2 {
				t.Fatalf("inventory queues %+v, want the two without the canary", inv.Queues)
			}
			for _, q := range inv.Queues {
				want, asked := tt.want[q.Key()]
				if (q.ReadyAsked != nil) != asked || (asked && *q.ReadyAsked != want) {
					t.Errorf("%s: ReadyAsked %v, want %d (asked %v)", q.Key(), q.ReadyAsked, want, asked)
				}
			}
		})
	}
}

// The rollback's comparison: listings that agree with the inventory are
// not enough where the inventory asked the queues; a queue holding fewer
// ready messages than it said then (a loss a stale listing hides) or not
// answering waits, more (unacked messages requeued) passes.
func TestRollbackCompareAsksTheQueues(t *testing.T) {
	n := func(v int64) *int64 { return &v }
	listed := []model.Queue{{VHost: "/", Name: "orders", Type: "quorum"}, {VHost: "/", Name: "audit", Type: "classic"}}
	before := []InventoryQueue{{VHost: "/", Name: "orders", Type: "quorum", ReadyAsked: n(30)}, {VHost: "/", Name: "audit", Type: "classic", ReadyAsked: n(5)}}
	tests := []struct {
		name     string
		before   []InventoryQueue
		ready    map[string]int64
		readyErr error
		want     Verdict
		says     string
		asks     int
	}{
		{"the queues hold what they held", before, map[string]int64{"//orders": 30, "//audit": 5}, nil, Pass, "asked again of the 2 queue(s)", 1},
		{"more: unacked requeued", before, map[string]int64{"//orders": 32, "//audit": 5}, nil, Pass, "asked again", 1},
		{"fewer: lost behind a stale listing", before, map[string]int64{"//orders": 0, "//audit": 5}, nil, Wait,
			"queue //orders holds 0 ready messages, held 30", 1},
		{"a queue does not answer", before, map[string]int64{"//audit": 5}, nil, Wait, "queue //orders did not answer", 1},
		{"AMQP refused", before, nil, errors.New("connection refused"), Wait, "could not be asked again: connection refused", 1},
		{"an inventory that asked nothing asks nothing", []InventoryQueue{{VHost: "/", Name: "orders", Type: "quorum"},
			{VHost: "/", Name: "audit", Type: "classic"}}, nil, errors.New("must not be asked"), Pass, "the inventory asked no queue", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := writeJSONFile(filepath.Join(dir, InventoryFile), Inventory{Objects: sampleCounts, Queues: tt.before}); err != nil {
				t.Fatal(err)
			}
			fake := &fakeCluster{live: sampleCounts, queues: listed, ready: tt.ready, readyErr: tt.readyErr}
			res := compareWithInventory(context.Background(), dir, Env{Cluster: fake, Snapshot: settledSnapshot()})
			text := res.Summary + " | " + strings.Join(res.Evidence, " | ")
			if res.Verdict != tt.want || !strings.Contains(text, tt.says) || fake.asks != tt.asks {
				t.Fatalf("%s %q (asked %d times): want %s saying %q, asked %d times", res.Verdict, text, fake.asks, tt.want, tt.says, tt.asks)
			}
		})
	}
}

// settledSnapshot: every node has run longer than the settle window.
func settledSnapshot() model.Snapshot {
	s := snapshot()
	s.Nodes.Value[0].Uptime = time.Hour
	return s
}

// The comparison never passes a cluster a node of which booted a moment
// ago, nor one whose node list it could not read.
func TestRollbackCompareWaitsForTheNodesToSettle(t *testing.T) {
	young := snapshot()
	young.Nodes.Value[0].Uptime = 6 * time.Second
	unread := snapshot()
	unread.Nodes = model.NodesSample{Err: "timeout"}
	tests := []struct {
		name string
		snap model.Snapshot
		want Verdict
		says string
	}{
		{"settled", settledSnapshot(), Pass, "holds what it held before"},
		{"a node booted 6 s ago", young, Wait, "rabbit@a has run 6s"},
		{"node list not read", unread, Wait, "was not read: timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := writeJSONFile(filepath.Join(dir, InventoryFile), Inventory{Objects: sampleCounts}); err != nil {
				t.Fatal(err)
			}
			res := compareWithInventory(context.Background(), dir, Env{Cluster: &fakeCluster{live: sampleCounts}, Snapshot: tt.snap})
			if text := res.Summary + " | " + strings.Join(res.Evidence, " | "); res.Verdict != tt.want || !strings.Contains(text, tt.says) {
				t.Fatalf("%s %q: want %s saying %q", res.Verdict, text, tt.want, tt.says)
			}
		})
	}
}
