package ui

import (
	"context"
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/warren-sre/warren/model"
)

// bigSnapshot is a large cluster: 9 nodes and 10 000 queues of mixed types.
func bigSnapshot(b *testing.B, at time.Time) model.Snapshot {
	b.Helper()
	snap := loadSnapshot(b, "snapshot-node2-down.json")
	base := snap.Nodes.Value[0]
	snap.Nodes.Value = nil
	for i := range 9 {
		n := base
		n.Name = fmt.Sprintf("rabbit-%d@host-%d.example.internal", i+1, i+1)
		snap.Nodes.Value = append(snap.Nodes.Value, n)
	}
	members := []string{snap.Nodes.Value[0].Name, snap.Nodes.Value[1].Name, snap.Nodes.Value[2].Name}
	snap.Queues.Value = make([]model.Queue, 10000)
	for i := range snap.Queues.Value {
		q := model.Queue{Name: fmt.Sprintf("service-%03d.events.%05d", i%300, i), VHost: "/", Type: "classic",
			Messages: int64((i * 7919) % 100000), Node: members[i%3]}
		if i%3 == 0 {
			q.Type, q.Leader, q.Members, q.Online = "quorum", members[i%3], members, members[:2]
		}
		snap.Queues.Value[i] = q
	}
	snap.Nodes.At, snap.Queues.At, snap.Overview.At, snap.Canary.At = at, at, at, at
	return snap
}

// BenchmarkRenderFullScreen renders the wide layout with every pane filled.
// The queues were sorted when their sample arrived, so a frame only
// formats what is visible.
func BenchmarkRenderFullScreen(b *testing.B) {
	for _, sz := range []struct{ w, h int }{{160, 48}, {120, 40}, {80, 24}} {
		b.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(b *testing.B) {
			at := time.Date(2026, 11, 25, 16, 0, 0, 0, time.UTC)
			rb := &fakeRunbook{sections: labSections(at)}
			m := New(context.Background(), Options{Now: func() time.Time { return at.Add(2 * time.Second) }, Background: "dark"}, rb)
			m = step(b, m, bigSnapshot(b, at))
			m = step(b, m, readRunbook(rb))
			m = step(b, m, tea.WindowSizeMsg{Width: sz.w, Height: sz.h})
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				_ = m.View()
			}
		})
	}
}

// BenchmarkApplyQueuesSample is the once-per-sample cost: copy and sort.
func BenchmarkApplyQueuesSample(b *testing.B) {
	at := time.Date(2026, 11, 25, 16, 0, 0, 0, time.UTC)
	snap := bigSnapshot(b, at)
	m := New(context.Background(), Options{Now: func() time.Time { return at }}, nil)
	b.ReportAllocs()
	for b.Loop() {
		m = step(b, m, snap.Queues)
	}
}
