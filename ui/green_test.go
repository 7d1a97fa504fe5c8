package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/warren-sre/warren/model"
)

// A blue-green run shows green's nodes, with their version, below blue's;
// a rolling run gives them no room.
func TestGreenNodesBelowBlue(t *testing.T) {
	m, _ := newTestModel(t, "snapshot-lab.json", "dark", 160, 48)
	snap := loadSnapshot(t, "snapshot-lab.json")
	before := ansi.Strip(m.Render())
	if strings.Contains(before, "Green ·") {
		t.Fatalf("a run without green shows a green pane:\n%s", before)
	}
	green := model.NodesSample{At: snap.Nodes.At, Value: []model.Node{
		{Name: "bggreen-1@localhost", State: model.NodeRunning, Running: true, RabbitVersion: "4.0.5"},
		{Name: "bggreen-2@localhost", State: model.NodeRunning, Running: true, RabbitVersion: "4.0.5"},
	}}
	m = step(t, m, model.GreenNodes{Label: "lab:bggreen", Sample: green})
	screen := ansi.Strip(m.Render())
	blueAt, greenAt := strings.Index(screen, "rabbit-1@localhost"), strings.Index(screen, "Green · lab:bggreen")
	if blueAt < 0 || greenAt < blueAt {
		t.Fatalf("green's pane is not below blue's nodes:\n%s", screen)
	}
	for _, want := range []string{"bggreen-1@localhost", "bggreen-2@localhost", "4.0.5", "2/2 running"} {
		if !strings.Contains(screen[greenAt:], want) {
			t.Errorf("%q not in green's pane:\n%s", want, screen[greenAt:])
		}
	}
	queues := model.QueuesSample{At: snap.Nodes.At, Value: []model.Queue{{Name: "orders-on-green", VHost: "shop", Type: "quorum", Messages: 250}}}
	m = step(t, m, model.GreenQueues{Queues: queues, Overview: model.OverviewSample{At: snap.Nodes.At, Value: model.Overview{Messages: 250}}})
	screen = ansi.Strip(m.Render())
	blueQueues, greenQueues := strings.Index(screen, "Queues ·"), strings.Index(screen, "Green queues · lab:bggreen")
	if blueQueues < 0 || greenQueues < blueQueues || !strings.Contains(screen[greenQueues:], "orders-on-green") {
		t.Errorf("green's queues are not below blue's:\n%s", screen)
	}
}
