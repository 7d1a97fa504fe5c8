package steps

import (
	"slices"
	"sort"
	"testing"
)

func TestRollbackSkipsOnlyWhatTheRunDidNotDo(t *testing.T) {
	list := RollbackSteps(RollbackConfig{Nodes: []RollbackNode{{Name: "r3"}, {Name: "r2"}, {Name: "r1"}}})
	tests := []struct {
		name    string
		started []string // rolling steps that ran
		want    []string // rollback steps skipped
	}{
		{"nothing ran: every node is left alone",
			nil,
			[]string{"r1/reinstall", "r1/restore", "r1/revive", "r1/start", "r1/stop", "r1/verify", "r2/reinstall", "r2/restore", "r2/revive", "r2/start", "r2/stop", "r2/verify",
				"r3/reinstall", "r3/restore", "r3/revive", "r3/start", "r3/stop", "r3/verify"}},
		{"r1 upgraded, r2 only stopped",
			[]string{RollingID("r1", PartStop), RollingID("r1", PartPackage), RollingID("r2", PartStop)},
			[]string{"r2/reinstall", "r2/restore", "r3/reinstall", "r3/restore", "r3/revive", "r3/start", "r3/stop", "r3/verify"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			progress := func(id string) (bool, bool) { return slices.Contains(tt.started, id), false }
			var got []string
			for id := range RollbackSkips(list, progress) {
				got = append(got, id[len("rollback/"):])
			}
			sort.Strings(got)
			if !slices.Equal(got, tt.want) {
				t.Fatalf("skipped %v\nwant    %v", got, tt.want)
			}
		})
	}
}

func TestQueueDiffs(t *testing.T) {
	before := []InventoryQueue{{VHost: "/", Name: "orders", Type: "quorum", Messages: 10}, {VHost: "/", Name: "audit", Type: "classic", Messages: 3},
		{VHost: "app", Name: "jobs", Type: "classic", Messages: 0}}
	tests := []struct {
		name  string
		after []InventoryQueue
		want  []string
	}{
		{"identical", before, nil},
		{"a queue gone, a queue new", []InventoryQueue{{VHost: "/", Name: "orders", Type: "quorum", Messages: 9},
			{VHost: "app", Name: "jobs", Type: "classic"}, {VHost: "/", Name: "extra", Type: "classic", Messages: 1}},
			[]string{"queue //audit is gone (held 3 messages)", "queue //extra is new (1 messages)"}},
		{"type changed", []InventoryQueue{before[0], before[1], {VHost: "app", Name: "jobs", Type: "quorum"}},
			[]string{"queue app/jobs is a quorum queue, was classic"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := queueDiffs(before, tt.after); !slices.Equal(got, tt.want) {
				t.Fatalf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestDepthDiffs(t *testing.T) {
	before := []InventoryQueue{{VHost: "/", Name: "orders", Messages: 10}, {VHost: "/", Name: "audit", Messages: 3}}
	after := []InventoryQueue{{VHost: "/", Name: "orders", Messages: 9}}
	if got := depthDiffs(before, after); !slices.Equal(got, []string{"queue //orders holds 9 messages, held 10"}) {
		t.Fatalf("got %q", got)
	}
}
