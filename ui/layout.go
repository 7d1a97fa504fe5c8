package ui

// layoutKind is how the screen is divided at the current size.
type layoutKind int

const (
	layoutTooSmall layoutKind = iota
	layoutNarrow              // one pane at a time, with tabs
	layoutMedium              // checklist beside one tabbed live pane
	layoutWide                // checklist beside all three live panes
)

// The smallest usable screen, and where the roomier layouts start.
const (
	MinWidth     = 60
	MinHeight    = 16
	mediumWidth  = 100
	wideWidth    = 140
	wideHeight   = 30
	chromeHeight = 3 // title bar, status line, help line
)

func layoutFor(w, h int) layoutKind {
	switch {
	case w < MinWidth || h < MinHeight:
		return layoutTooSmall
	case w >= wideWidth && h >= wideHeight:
		return layoutWide
	case w >= mediumWidth:
		return layoutMedium
	}
	return layoutNarrow
}

// resize is the only place sizes change; it pushes them down with SetSize.
func (m *Model) resize(w, h int) {
	m.width, m.height = w, h
	m.help.SetWidth(w)
	body := h - chromeHeight - m.alertHeight()
	switch layoutFor(w, h) {
	case layoutWide, layoutMedium:
		m.list.SetSize(checklistWidth(w), body)
	case layoutNarrow:
		m.list.SetSize(w, body-1) // the tab bar takes a line
	}
}

// checklistWidth is the left column when the checklist shares the screen:
// wide enough for step titles, never so wide the node table loses columns.
func checklistWidth(w int) int { return min(max(w*3/8, 40), 56) }
