package model

import (
	"testing"
	"time"
)

// The one decision of a node's effective state: the API's word, corrected
// by the link while the API has not caught up.
func TestNodeWatchState(t *testing.T) {
	t0 := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	running := Node{Name: "a", State: NodeRunning, Running: true}
	down := Node{Name: "a", State: NodeDown}
	tests := []struct {
		name string
		api  []NodesSample // successful polls, in order
		link *NodeLink
		node Node
		want NodeState
	}{
		{"API alone", nil, nil, running, NodeRunning},
		{"link up", nil, &NodeLink{Node: "a", Up: true, Since: t0}, running, NodeRunning},
		{"link dropped, API not caught up", nil, &NodeLink{Node: "a", Since: t0}, running, NodeGoingDown},
		{"probe unanswered on an open link", nil, &NodeLink{Node: "a", Since: t0, Silent: true}, running, NodeFrozen},
		{"API says down: down", nil, &NodeLink{Node: "a", Since: t0}, down, NodeDown},
		{"API saw it down after the drop, now running: back", []NodesSample{{At: t0.Add(3 * time.Second), Value: []Node{down}}},
			&NodeLink{Node: "a", Since: t0}, running, NodeRunning},
		{"API saw it down before the drop: still going down", []NodesSample{{At: t0.Add(-time.Second), Value: []Node{down}}},
			&NodeLink{Node: "a", Since: t0}, running, NodeGoingDown},
		{"a failed poll is no sighting", []NodesSample{{At: t0.Add(3 * time.Second), Value: []Node{down}, Err: "timeout"}},
			&NodeLink{Node: "a", Since: t0}, running, NodeGoingDown},
		{"unreachable stays unreachable", nil, &NodeLink{Node: "a", Since: t0}, Node{Name: "a", State: NodeUnreachable}, NodeUnreachable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var w NodeWatch
			for _, s := range tt.api {
				w.API(s)
			}
			if tt.link != nil {
				w.Link(*tt.link)
			}
			if got, _ := w.State(tt.node); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
			snap := Snapshot{Nodes: NodesSample{Value: []Node{tt.node}}, States: w.States([]Node{tt.node})}
			if got := snap.Effective("a"); got != tt.want {
				t.Errorf("snapshot says %s, want %s", got, tt.want)
			}
		})
	}
}

// The triggers judge the effective state: a node the link saw go down is
// not running in the observation, though the API still says so.
func TestObserveJudgesEffectiveState(t *testing.T) {
	t0 := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	nodes := []Node{{Name: "a", State: NodeRunning, Running: true}, {Name: "b", State: NodeRunning, Running: true}}
	s := Snapshot{Nodes: NodesSample{At: t0, Value: nodes}, States: []NodeStatus{{Node: "a", State: NodeGoingDown, Why: "reset"}, {Node: "b", State: NodeRunning}}}
	o := Observe(s, t0)
	if o.Nodes[0].Running || o.Nodes[0].State != NodeGoingDown || o.Nodes[0].Reason != "reset" || !o.Nodes[1].Running {
		t.Fatalf("observed %+v", o.Nodes)
	}
	if !nodes[0].Running {
		t.Error("the snapshot's own nodes were changed")
	}
}
