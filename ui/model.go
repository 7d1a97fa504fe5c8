// Package ui is the cockpit screen: the checklist beside live panes for
// nodes, queues and latency. It is Bubble Tea only: pollers send model
// values in through one relay (see Run), and operator intents leave as
// tea.Cmds calling the Runbook. Update does no IO and View reads the clock
// from Options.Now once per frame.
package ui

import (
	"context"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/i18n"
	"github.com/warren-sre/warren/ui/keys"
	"github.com/warren-sre/warren/ui/panes"
	"github.com/warren-sre/warren/ui/steplist"
	"github.com/warren-sre/warren/ui/styles"
)

// focus names the pane that gets the keys. Tab cycles in this order.
type focus int

const (
	focusChecklist focus = iota
	focusNodes
	focusQueues
	focusLatency
	focusCount
)

// focusNames are the message ids of the panes' names, in focus order.
var focusNames = [...]string{"ui.pane.checklist", "ui.pane.nodes", "ui.pane.queues", "ui.pane.latency"}

// overlay is whatever sits above the panes and takes the keys first.
type overlay int

const (
	overlayNone overlay = iota
	overlayHelp
	overlayQuit   // an action runs: quit anyway?
	overlayPrompt // confirm an action or type an acknowledgement
)

// Model is the root of the cockpit.
type Model struct {
	ctx     context.Context
	opts    Options
	p       *i18n.Printer // every word on screen, in the operator's language
	rb      Runbook
	keys    keys.KeyMap
	help    help.Model
	st      styles.Styles
	width   int
	height  int
	focus   focus
	pane    focus // the live pane shown where only one fits beside the checklist
	overlay overlay
	prompt  prompt
	filter  *string // non-nil while typing a queue filter
	paused  bool
	status  string
	bad     bool // status is an error
	// readOnly and driver are from the last runbook reading (see runbookMsg).
	readOnly bool
	driver   string
	// alerts are the fired, unhandled rollback triggers (runbookMsg).
	alerts         []checklist.Trigger
	rollbackActive bool
	// acting counts the actions sent to the Runbook whose answer has not
	// come back. The step list learns that a step runs from the engine's
	// next event; until then only this says an action is under way, and
	// a quit in that gap must still ask.
	acting int
	now    time.Time // set by Render on its own copy: one clock reading per frame

	list  steplist.Model
	nodes panes.Nodes
	// green holds the second cluster's nodes in a blue-green run (no rows
	// otherwise, and then it takes no room).
	green panes.Nodes
	// greenQueues are green's queues in a blue-green run: the depth that
	// rises there while blue's falls.
	greenQueues panes.Queues
	queues      panes.Queues
	latency     panes.Latency
	// marks remembers when each step with an action was first seen
	// running, so its mark on the latency chart stays where it began.
	marks stepMarks
}

// New builds the cockpit model. Run uses it; tests drive it directly.
func New(ctx context.Context, opts Options, rb Runbook) Model {
	p := i18n.For(opts.Lang)
	m := Model{ctx: ctx, opts: opts, p: p, rb: rb, keys: keys.New(p), help: help.New(),
		list: steplist.New(p), pane: focusNodes, marks: stepMarks{}}
	if opts.ASCII {
		m.keys = m.keys.ASCII()
		m.help.ShortSeparator, m.help.Ellipsis = " | ", "..."
	}
	m.setDark(opts.Background != "light")
	return m
}

func (m *Model) setDark(dark bool) {
	m.st = styles.New(dark, m.opts.ASCII)
	m.help.Styles = help.DefaultStyles(dark)
}

// tickMsg re-renders ages and reloads the sections once a second.
type tickMsg time.Time

func tick() tea.Cmd {
	return tea.Tick(time.Second, func(t time.Time) tea.Msg { return tickMsg(t) })
}

// Init asks the terminal for its background (unless forced), loads the
// runbook and starts the clock.
func (m Model) Init() tea.Cmd {
	cmds := []tea.Cmd{m.loadSections(), tick()}
	if m.opts.Background == "" {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	return tea.Batch(cmds...)
}

func (m Model) loadSections() tea.Cmd {
	rb := m.rb
	if rb == nil {
		return nil
	}
	return func() tea.Msg { return readRunbook(rb) }
}

// ctxPane is what pane f needs for the frame being drawn at now.
func (m *Model) ctxPane(f focus, now time.Time) panes.Ctx {
	return panes.Ctx{St: m.st, Now: now, StaleAfter: m.opts.staleAfter(), Focused: m.focus == f, P: m.p}
}

// t is the text of a message id in the operator's language.
func (m Model) t(id string, data ...map[string]any) string { return m.p.T(id, data...) }
