package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// The stack is used only when every node and each pane's minimum fit; a
// pane is never squeezed below it (nine nodes on 120×28 go back to tabs).
func TestStackOnlyWhenEveryPaneGetsItsMinimum(t *testing.T) {
	tests := []struct {
		nodes, w, h int
		want        layoutKind
	}{
		{3, 120, 40, layoutWide},
		{9, 120, 40, layoutWide},
		{9, 120, 30, layoutWide}, // exactly: 11 + 2 rules + 6 + 8 = 27
		{9, 120, 28, layoutMedium},
		{3, 120, 20, layoutMedium},
		{9, 80, 24, layoutNarrow},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d nodes %dx%d", tt.nodes, tt.w, tt.h), func(t *testing.T) {
			m, _ := newTestModel(t, "snapshot-lab.json", "dark", tt.w, tt.h)
			snap := loadSnapshot(t, "snapshot-lab.json")
			base := snap.Nodes.Value[0]
			snap.Nodes.Value = nil
			for i := range tt.nodes {
				n := base
				n.Name = fmt.Sprintf("rabbit-%d@localhost", i+1)
				snap.Nodes.Value = append(snap.Nodes.Value, n)
			}
			m = step(t, m, nodesMsg{sample: &snap.Nodes})
			m = step(t, m, tea.WindowSizeMsg{Width: tt.w, Height: tt.h})
			if got := m.layout(); got != tt.want {
				t.Fatalf("layout %d, want %d", got, tt.want)
			}
			screen := ansi.Strip(m.Render())
			assertFits(t, m.Render(), tt.w, tt.h)
			if tt.want == layoutWide {
				for i := range tt.nodes {
					if name := fmt.Sprintf("rabbit-%d@localhost", i+1); !strings.Contains(screen, name) {
						t.Errorf("%s not on screen:\n%s", name, screen)
					}
				}
				if !strings.Contains(screen, "Queues ·") || !strings.Contains(screen, "Latency ·") {
					t.Errorf("queues or latency missing:\n%s", screen)
				}
			}
		})
	}
}
