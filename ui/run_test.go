package ui

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/warren-sre/warren/engine/event"
	"github.com/warren-sre/warren/model"
)

func TestRunRefusesANonTerminal(t *testing.T) {
	was := stdoutIsTerminal
	stdoutIsTerminal = func() bool { return false }
	defer func() { stdoutIsTerminal = was }()
	err := Run(context.Background(), Options{}, &fakeRunbook{}, nil)
	if !errors.Is(err, ErrNotTerminal) || !strings.Contains(err.Error(), "warren status") {
		t.Fatalf("Run on a pipe: %v, want ErrNotTerminal pointing to warren status", err)
	}
}

func TestColorOption(t *testing.T) {
	tests := []struct {
		value  string
		forced bool
		bad    bool
	}{
		{"", false, false}, {"auto", false, false}, {"never", true, false},
		{"16", true, false}, {"256", true, false}, {"true", true, false}, {"rainbow", false, true},
	}
	for _, tt := range tests {
		_, forced, err := ColorProfile(tt.value)
		if forced != tt.forced || (err != nil) != tt.bad {
			t.Errorf("ColorProfile(%q) = forced %v, err %v", tt.value, forced, err)
		}
	}
}

// The relay feeds the real program: a node sample sent on the channel
// reaches the screen, and q ends Run without error.
func TestRunRelaysMessages(t *testing.T) {
	snap := loadSnapshot(t, "snapshot-node2-down.json")
	var out bytes.Buffer
	in, typeKey := ioPipe()
	msgs := make(chan event.Event, 1)
	msgs <- event.Sample{Concern: event.Nodes, Reading: model.Snapshot{Nodes: snap.Nodes}}
	done := make(chan error, 1)
	opts := Options{Now: fixedNow(t, snap), Background: "dark", Output: &syncWriter{buf: &out}, Input: in, Width: 120, Height: 40}
	go func() { done <- Run(context.Background(), opts, &fakeRunbook{}, msgs) }()
	deadline := time.After(5 * time.Second)
	for !strings.Contains(out2(&out), "DOWN") {
		select {
		case <-deadline:
			t.Fatalf("node 2 never showed down; screen so far:\n%s", out2(&out))
		case <-time.After(20 * time.Millisecond):
		}
	}
	typeKey("q")
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("q did not end Run")
	}
}

// Every event the engine publishes, and every concern the panes show,
// becomes a message of the program; the concerns only checks read carry
// none (the panes have nothing to show of them).
func TestEveryEventReachesTheProgram(t *testing.T) {
	green := model.GreenNodes{Label: "g"}
	queues := model.GreenQueues{}
	shown := []event.Event{
		event.First{}, event.RunChanged{Seq: 1}, event.TriggerFired{}, event.RollbackBegun{},
		event.Green{Nodes: &green}, event.Green{Queues: &queues}, event.Note{Canary: "no canary"},
		event.Sample{Concern: event.Nodes}, event.Sample{Concern: event.Overview}, event.Sample{Concern: event.Queues},
		event.Sample{Concern: event.Canary}, event.Sample{Concern: event.Link, Reading: model.Snapshot{Links: []model.NodeLink{{Node: "a"}}}},
	}
	for _, ev := range shown {
		if eventMsg(ev) == nil {
			t.Errorf("%T %+v reaches the program as nothing", ev, ev)
		}
	}
	for _, c := range []event.Concern{event.Connections, event.Flags, event.Health, event.Durable} {
		if msg := eventMsg(event.Sample{Concern: c}); msg != nil {
			t.Errorf("%s reaches the program as %T, which no pane reads", c, msg)
		}
	}
}
