package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// The footer on screen follows the focus and the overlays.
func TestFooterFollowsFocus(t *testing.T) {
	tests := []struct {
		name    string
		keys    []string
		want    string
		notWant string
	}{
		{"checklist", nil, "c run check", "/ filter"},
		{"step detail", []string{"enter"}, "esc back", "x run action"},
		{"nodes", []string{"tab"}, "p pause", "c run check"},
		{"queues", []string{"tab", "tab"}, "/ filter", "c run check"},
		{"typing a filter", []string{"/"}, "enter submit • esc cancel", "q quit"},
		{"help", []string{"?"}, "?/esc close", "tab"},
		{"confirming an action", []string{"x"}, "y yes • n no", "q quit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _ := newTestModel(t, "snapshot-node2-down.json", "dark", 120, 40)
			m = keysThen(t, m, tt.keys...)
			lines := strings.Split(ansi.Strip(m.Render()), "\n")
			footer := lines[len(lines)-1]
			if !strings.Contains(footer, tt.want) || strings.Contains(footer, tt.notWant) {
				t.Errorf("footer %q: want %q, not %q", footer, tt.want, tt.notWant)
			}
		})
	}
}
