// Package keys is the cockpit's one keymap. Every binding carries its help
// text, so the footer and the ? overlay can never disagree with the code.
package keys

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
)

// KeyMap lists every binding of the cockpit.
type KeyMap struct {
	Up, Down, Top, Bottom, PageUp, PageDown key.Binding
	Open, Back, Collapse, Expand            key.Binding
	ExpandAll, CollapseAll                  key.Binding
	NextFocus, PrevFocus                    key.Binding
	Filter, Pause, Refresh, Help, Quit      key.Binding
	Check, Act, Ack, Rollback               key.Binding
	Yes, No                                 key.Binding
}

// DefaultKeyMap uses vim keys and arrows, k9s-style / ? and esc.
func DefaultKeyMap() KeyMap {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return KeyMap{
		Up:          b("↑/k", "up", "up", "k"),
		Down:        b("↓/j", "down", "down", "j"),
		Top:         b("g/home", "top", "g", "home"),
		Bottom:      b("G/end", "bottom", "G", "end"),
		PageUp:      b("pgup", "page up", "pgup", "ctrl+u"),
		PageDown:    b("pgdn", "page down", "pgdown", "ctrl+d"),
		Open:        b("enter", "open", "enter", "space"),
		Back:        b("esc", "back", "esc"),
		Collapse:    b("←/h", "collapse", "left", "h"),
		Expand:      b("→/l", "expand", "right", "l"),
		ExpandAll:   b("E", "expand all", "E"),
		CollapseAll: b("C", "collapse all", "C"),
		NextFocus:   b("tab", "pane", "tab"),
		PrevFocus:   b("shift+tab", "prev pane", "shift+tab"),
		Filter:      b("/", "filter", "/"),
		Pause:       b("p", "pause", "p"),
		Refresh:     b("r", "refresh", "r"),
		Help:        b("?", "help", "?"),
		Quit:        b("q", "quit", "q", "ctrl+c"),
		Check:       b("c", "run check", "c"),
		Act:         b("x", "run action", "x"),
		Ack:         b("a", "acknowledge", "a"),
		Rollback:    b("R", "begin rollback", "R"),
		Yes:         b("y", "yes", "y"),
		No:          b("n", "no", "n", "esc"),
	}
}

// ShortHelp is the footer: the few keys that matter everywhere.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Help, k.Quit, k.NextFocus, k.Open, k.Filter, k.Pause, k.Refresh}
}

// FullHelp is the ? overlay, one column per concern.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown},
		{k.Open, k.Back, k.Collapse, k.Expand, k.ExpandAll, k.CollapseAll},
		{k.Check, k.Act, k.Ack, k.Rollback, k.NextFocus, k.PrevFocus},
		{k.Filter, k.Pause, k.Refresh, k.Help, k.Quit},
	}
}

// The footer and the ? overlay render KeyMap through bubbles/help.
var _ help.KeyMap = KeyMap{}

// ASCII returns the keymap with its arrow labels spelt out, for --ascii
// terminals that cannot draw ↑ ↓ ← →.
func (k KeyMap) ASCII() KeyMap {
	words := map[string]string{"↑/k": "up/k", "↓/j": "down/j", "←/h": "left/h", "→/l": "right/l"}
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.Collapse, &k.Expand} {
		h := b.Help()
		if w, ok := words[h.Key]; ok {
			b.SetHelp(w, h.Desc)
		}
	}
	return k
}
