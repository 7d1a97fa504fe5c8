package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/warren-sre/warren/model"
)

// Update routes: size and data first, then keys through overlays → mode
// (filter typing) → global keys → the focused pane.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.resize(msg.Width, msg.Height)
		return m, nil
	case tea.BackgroundColorMsg:
		m.setDark(msg.IsDark())
		return m, nil
	case tea.KeyPressMsg:
		next, cmd := m.handleKey(msg)
		nm := next.(Model)
		nm.resize(nm.width, nm.height) // opening a step's detail can change the layout
		return nm, cmd
	case tickMsg:
		return m, tea.Batch(m.loadSections(), tick())
	}
	next, cmd := m.handleData(msg)
	nm := next.(Model)
	nm.resize(nm.width, nm.height) // a node, an alert or a mark can move the panes' borders
	return nm, cmd
}

// handleData applies what pollers and the runbook send.
func (m Model) handleData(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case nodesMsg:
		if msg.sample != nil {
			m.nodes.SetNodes(printableNodes(*msg.sample))
		}
		m.nodes.SetStates(printableStates(msg.states))
	case model.GreenNodes:
		m.green.Title = m.t("ui.green.nodes", map[string]any{"Label": model.Printable(msg.Label)})
		m.greenQueues.Title = m.t("ui.green.queues", map[string]any{"Label": model.Printable(msg.Label)})
		m.green.SetNodes(printableNodes(msg.Sample))
	case model.GreenQueues:
		m.greenQueues.SetQueues(printableQueues(msg.Queues))
		m.greenQueues.SetOverview(printableOverview(msg.Overview))
	case model.QueuesSample:
		m.queues.SetQueues(printableQueues(msg))
	case model.OverviewSample:
		m.queues.SetOverview(printableOverview(msg))
	case model.CanarySample:
		m.latency.SetCanary(printableCanary(msg))
	case model.Snapshot:
		m.applySnapshot(msg)
	case runbookMsg:
		m.list.SetSections(msg.sections)
		m.readOnly, m.driver = msg.readOnly, msg.driver
		m.alerts, m.rollbackActive = msg.alerts, msg.rollbackActive
		m.latency.SetMarks(m.marks.update(msg.sections))
	case RunbookChanged:
		return m, m.loadSections()
	case intentDoneMsg:
		if msg.acted {
			m.acting--
		}
		m.setStatus(msg.what, msg.err)
		return m, m.loadSections()
	}
	return m, nil
}

func (m *Model) applySnapshot(s model.Snapshot) {
	m.nodes.SetNodes(printableNodes(s.Nodes))
	m.nodes.SetStates(printableStates(s.States))
	m.queues.SetOverview(printableOverview(s.Overview))
	m.queues.SetQueues(printableQueues(s.Queues))
	m.latency.SetCanary(printableCanary(s.Canary))
}

func (m *Model) setStatus(what string, err error) {
	m.status, m.bad = what, err != nil
	if err != nil {
		m.status = what + ": " + err.Error()
	}
}

func (m Model) handleKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch {
	case m.overlay != overlayNone:
		return m.handleOverlayKey(k)
	case m.filter != nil:
		return m.handleFilterKey(k)
	}
	if next, cmd, ok := m.handleGlobalKey(k); ok {
		return next, cmd
	}
	switch m.focus {
	case focusChecklist:
		return m.handleChecklistKey(k)
	case focusQueues:
		return m.handleQueuesKey(k)
	}
	return m, nil
}

func (m Model) handleGlobalKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd, bool) {
	switch {
	case key.Matches(k, m.keys.Quit):
		if m.list.Running() || m.acting > 0 {
			m.overlay = overlayQuit
			return m, nil, true
		}
		return m, tea.Quit, true
	case key.Matches(k, m.keys.Help):
		m.overlay = overlayHelp
	case key.Matches(k, m.keys.NextFocus):
		m.cycleFocus(1)
	case key.Matches(k, m.keys.PrevFocus):
		m.cycleFocus(-1)
	case key.Matches(k, m.keys.Filter):
		m.setFocus(focusQueues)
		text := m.queues.Filter()
		m.filter = &text
	case key.Matches(k, m.keys.Pause):
		m.paused = !m.paused
		return m, m.pauseCmd(), true
	case key.Matches(k, m.keys.Refresh):
		m.setStatus(m.t("ui.status.refresh"), nil)
		return m, m.refreshCmd(), true
	case key.Matches(k, m.keys.Rollback):
		next, cmd := m.intentRollback()
		return next, cmd, true
	default:
		return m, nil, false
	}
	return m, nil, true
}

func (m *Model) cycleFocus(delta int) {
	m.setFocus(focus((int(m.focus) + delta + int(focusCount)) % int(focusCount)))
}

func (m *Model) setFocus(f focus) {
	m.focus = f
	if f != focusChecklist {
		m.pane = f
	}
	m.resize(m.width, m.height) // on a narrow screen each pane has its own height
}

func (m Model) pauseCmd() tea.Cmd {
	onPause, paused := m.opts.OnPause, m.paused
	if onPause == nil {
		return nil
	}
	return func() tea.Msg { onPause(paused); return nil }
}

func (m Model) refreshCmd() tea.Cmd {
	onRefresh := m.opts.OnRefresh
	if onRefresh == nil {
		return nil
	}
	return func() tea.Msg { onRefresh(); return nil }
}
