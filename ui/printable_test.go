package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/warren-sre/warren/model"
)

// Names come from the broker and reached the terminal as they were: a queue
// named "\x1b[2J" cleared the operator's screen, an OSC sequence retitled it.
func TestBrokerNamesNeverReachTheTerminalAsControlSequences(t *testing.T) {
	m, _ := newTestModel(t, "snapshot-lab.json", "dark", 160, 48)
	snap := loadSnapshot(t, "snapshot-lab.json")
	nodes := snap.Nodes
	nodes.At = nodes.At.Add(time.Second)
	nodes.Value = append([]model.Node(nil), nodes.Value...)
	nodes.Value[0].Name = "evil\x1b]0;owned\x07@h"
	queues := model.QueuesSample{At: nodes.At, Value: []model.Queue{{Name: "q\x1b[2Jcleared", VHost: "/", Type: "classic", Messages: 1 << 40}}}
	states := []model.NodeStatus{{Node: nodes.Value[0].Name, State: model.NodeGoingDown, Why: "reset\x1b[2Jby peer"}}
	m = step(t, m, nodesMsg{sample: &nodes, states: states})
	m = step(t, m, queues)
	screen := m.Render()
	for _, bad := range []string{"\x1b]0;owned", "\x1b[2J", "\x07"} {
		if strings.Contains(screen, bad) {
			t.Errorf("the screen carries %q", bad)
		}
	}
	if !strings.Contains(screen, "evil?]0;owned?@h") || !strings.Contains(screen, "q?[2Jcleared") || !strings.Contains(screen, "GOING DOWN") {
		t.Errorf("the names are not shown, made printable:\n%s", screen)
	}
	if queues.Value[0].Name != "q\x1b[2Jcleared" {
		t.Error("the sample itself was changed: pollers address queues by their real names")
	}
}
