package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

func (m Model) handleChecklistKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	km := m.keys
	switch {
	case key.Matches(k, km.Up):
		m.list.Move(-1)
	case key.Matches(k, km.Down):
		m.list.Move(1)
	case key.Matches(k, km.PageUp):
		m.list.Move(-m.height / 2)
	case key.Matches(k, km.PageDown):
		m.list.Move(m.height / 2)
	case key.Matches(k, km.Top):
		m.list.MoveTo(0)
	case key.Matches(k, km.Bottom):
		m.list.MoveTo(-1)
	case key.Matches(k, km.Open):
		m.list.Open()
	case key.Matches(k, km.Back):
		m.list.Back()
	case key.Matches(k, km.Collapse):
		m.list.Collapse()
	case key.Matches(k, km.Expand):
		m.list.Expand()
	case key.Matches(k, km.ExpandAll):
		m.list.SetAllCollapsed(false)
	case key.Matches(k, km.CollapseAll):
		m.list.SetAllCollapsed(true)
	case key.Matches(k, km.Check):
		return m.intentCheck()
	case key.Matches(k, km.Act):
		return m.intentAct()
	case key.Matches(k, km.Ack):
		return m.intentAck()
	}
	return m, nil
}

func (m Model) handleQueuesKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	km := m.keys
	switch {
	case key.Matches(k, km.Up):
		m.queues.Scroll(-1)
	case key.Matches(k, km.Down):
		m.queues.Scroll(1)
	case key.Matches(k, km.PageUp):
		m.queues.Scroll(-m.height / 2)
	case key.Matches(k, km.PageDown):
		m.queues.Scroll(m.height / 2)
	case key.Matches(k, km.Top):
		m.queues.ScrollTo(0)
	case key.Matches(k, km.Bottom):
		m.queues.ScrollTo(-1)
	case key.Matches(k, km.Back):
		m.queues.SetFilter("")
	}
	return m, nil
}

// handleFilterKey edits the queue filter live; enter keeps it, esc drops it.
func (m Model) handleFilterKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	text := *m.filter
	switch {
	case key.Matches(k, m.keys.Submit):
		m.filter = nil
		return m, nil
	case key.Matches(k, m.keys.Cancel):
		m.filter = nil
		m.queues.SetFilter("")
		return m, nil
	case k.String() == "backspace":
		if r := []rune(text); len(r) > 0 {
			text = string(r[:len(r)-1])
		}
	default:
		if k.Text == "" {
			return m, nil
		}
		text += k.Text
	}
	m.filter = &text
	m.queues.SetFilter(text)
	return m, nil
}
