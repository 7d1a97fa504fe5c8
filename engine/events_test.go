package engine

import (
	"context"
	"testing"
	"time"

	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/engine/event"
)

// next reads events until one of type T arrives (samples and journal
// moves in between are skipped), or fails after a while.
func next[T event.Event](t *testing.T, events <-chan event.Event) T {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case ev := <-events:
			if v, ok := ev.(T); ok {
				return v
			}
		case <-timeout:
			var zero T
			t.Fatalf("no %T within 5 s", zero)
			return zero
		}
	}
}

// The journal's moves reach the stream numbered; a follower hears the
// driver's trigger from the journal, and both hear the rollback begun with
// who and why.
func TestJournalMovesReachTheStream(t *testing.T) {
	drv, fol := driverAndFollower(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	start := func(s *checklist.Session) *Engine {
		e := &Engine{ctx: ctx, sess: s, events: make(chan event.Event, 64), store: &Store{}}
		go e.forwardChanges()
		return e
	}
	d, f := start(drv), start(fol)

	if err := drv.Note("test", "a first move"); err != nil {
		t.Fatal(err)
	}
	if got := next[event.RunChanged](t, d.events); got.Seq != 1 {
		t.Errorf("the driver's first move is %d, want 1", got.Seq)
	}
	if err := drv.RecordTrigger(checklist.Trigger{Name: "node-not-back", Evidence: []string{"rabbit-1 failed to start"}}); err != nil {
		t.Fatal(err)
	}
	if got := next[event.TriggerFired](t, f.events); got.Trigger.Name != "node-not-back" || len(got.Trigger.Evidence) != 1 {
		t.Errorf("the follower heard %+v", got)
	}
	if err := drv.BeginRollback("alice", "rabbit-1 refused to boot"); err != nil {
		t.Fatal(err)
	}
	for name, e := range map[string]*Engine{"driver": d, "follower": f} {
		if got := next[event.RollbackBegun](t, e.events); got.By != "alice" || got.Reason != "rabbit-1 refused to boot" {
			t.Errorf("the %s heard %+v", name, got)
		}
	}
}
