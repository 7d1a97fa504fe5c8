// Package keys is the cockpit's one keymap. Every binding carries its help
// text, so the footer, the ? overlay and every hint on screen come from the
// same place as the code that matches the keys, in the operator's language.
package keys

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"

	"github.com/warren-sre/warren/i18n"
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
	// Submit and Cancel end what is typed on the status line (a filter,
	// a confirmation word, a reason).
	Submit, Cancel key.Binding
	// CloseHelp is how the ? overlay goes away.
	CloseHelp key.Binding
	// QuitNow is ctrl+c: it always quits, even while an action runs.
	QuitNow key.Binding
}

// DefaultKeyMap is the keymap with English help.
func DefaultKeyMap() KeyMap { return New(i18n.For(i18n.English)) }

// New is the keymap with its help in p's language: vim keys and arrows,
// k9s-style / ? and esc. The keys themselves never change with the language.
func New(p *i18n.Printer) KeyMap {
	b := func(label, id string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(label, p.T("ui.key."+id)))
	}
	return KeyMap{
		Up:          b("↑/k", "up", "up", "k"),
		Down:        b("↓/j", "down", "down", "j"),
		Top:         b("g/home", "top", "g", "home"),
		Bottom:      b("G/end", "bottom", "G", "end"),
		PageUp:      b("pgup", "page-up", "pgup", "ctrl+u"),
		PageDown:    b("pgdn", "page-down", "pgdown", "ctrl+d"),
		Open:        b("enter", "open", "enter", "space"),
		Back:        b("esc", "back", "esc"),
		Collapse:    b("←/h", "collapse", "left", "h"),
		Expand:      b("→/l", "expand", "right", "l"),
		ExpandAll:   b("E", "expand-all", "E"),
		CollapseAll: b("C", "collapse-all", "C"),
		NextFocus:   b("tab", "next-pane", "tab"),
		PrevFocus:   b("shift+tab", "prev-pane", "shift+tab"),
		Filter:      b("/", "filter", "/"),
		Pause:       b("p", "pause", "p"),
		Refresh:     b("r", "refresh", "r"),
		Help:        b("?", "help", "?"),
		Quit:        b("q", "quit", "q", "ctrl+c"),
		Check:       b("c", "check", "c"),
		Act:         b("x", "act", "x"),
		Ack:         b("a", "ack", "a"),
		Rollback:    b("R", "rollback", "R"),
		Yes:         b("y", "yes", "y"),
		No:          b("n", "no", "n", "esc"),
		Submit:      b("enter", "submit", "enter"),
		Cancel:      b("esc", "cancel", "esc"),
		CloseHelp:   b("?/esc", "close-help", "?", "esc", "q"),
		QuitNow:     b("ctrl+c", "quit-now", "ctrl+c"),
	}
}

// ShortHelp is the footer when nothing more specific applies.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Help, k.Quit, k.NextFocus, k.Pause, k.Refresh}
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

// Where says what has the keys, so the footer can name what works there.
type Where int

const (
	InChecklist Where = iota
	InDetail
	InNodes
	InQueues
	InLatency
	InFilter   // typing a queue filter
	InConfirm  // a y/n question
	InTyping   // typing a word or a reason
	InHelp     // the ? overlay
	InTooSmall // the terminal is too small to show anything else
)

// Footer is the footer's bindings for where the keys go: help and quit
// first (the footer is cut on the right when narrow), then the keys that do
// something there, then the pane switch.
func (k KeyMap) Footer(w Where) []key.Binding {
	around := func(specific ...key.Binding) []key.Binding {
		return append(append([]key.Binding{k.Help, k.Quit}, specific...), k.NextFocus)
	}
	switch w {
	case InChecklist:
		return around(k.Open, k.Check, k.Act, k.Ack, k.Rollback)
	case InDetail:
		// The detail names the step's own keys (only those that work for
		// it); the footer adds how to read on and leave.
		return around(k.Down, k.Up, k.Back)
	case InQueues:
		return around(k.Filter, k.Down, k.Back, k.Pause)
	case InNodes, InLatency:
		return around(k.Pause, k.Refresh, k.Rollback)
	case InFilter, InTyping:
		return []key.Binding{k.Submit, k.Cancel}
	case InConfirm:
		return []key.Binding{k.Yes, k.No}
	case InHelp:
		return []key.Binding{k.CloseHelp}
	case InTooSmall:
		return []key.Binding{k.Quit}
	}
	return k.ShortHelp()
}

// Hint is one binding as text, "x run action", for a line that names a key.
func Hint(b key.Binding) string {
	h := b.Help()
	return h.Key + " " + h.Desc
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
