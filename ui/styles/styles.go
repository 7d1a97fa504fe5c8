// Package styles holds the cockpit's semantic styles and glyphs. Views ask
// for meaning ("bad", "muted"), never for a colour, so dark, light and
// colourless terminals all read the same.
package styles

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// Styles are the semantic styles of every view.
type Styles struct {
	IsDark    bool
	Title     lipgloss.Style // pane titles, the app name
	Text      lipgloss.Style
	Muted     lipgloss.Style // ages, labels, secondary columns
	OK        lipgloss.Style
	Warn      lipgloss.Style
	Bad       lipgloss.Style // down nodes, failed steps, stale data
	Selected  lipgloss.Style // the cursor row
	TabActive lipgloss.Style
	Tab       lipgloss.Style
	Border    lipgloss.Style // separators between panes
	Banner    lipgloss.Style // PAUSED / READ-ONLY markers
	Glyphs    Glyphs
}

// New builds the styles for a dark or light background.
func New(isDark, ascii bool) Styles {
	ld := lipgloss.LightDark(isDark)
	c := func(light, dark string) color.Color { return ld(lipgloss.Color(light), lipgloss.Color(dark)) }
	fg := func(light, dark string) lipgloss.Style { return lipgloss.NewStyle().Foreground(c(light, dark)) }
	return Styles{
		IsDark:    isDark,
		Title:     fg("#1d4ed8", "#93c5fd").Bold(true),
		Text:      lipgloss.NewStyle(),
		Muted:     fg("#6b7280", "#9ca3af"),
		OK:        fg("#15803d", "#4ade80"),
		Warn:      fg("#a16207", "#facc15"),
		Bad:       fg("#b91c1c", "#f87171").Bold(true),
		Selected:  lipgloss.NewStyle().Reverse(true),
		TabActive: fg("#1d4ed8", "#93c5fd").Bold(true).Underline(true),
		Tab:       fg("#6b7280", "#9ca3af"),
		Border:    fg("#d1d5db", "#4b5563"),
		Banner:    lipgloss.NewStyle().Bold(true).Reverse(true),
		Glyphs:    NewGlyphs(ascii),
	}
}
