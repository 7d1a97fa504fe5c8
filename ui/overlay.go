package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

func (m Model) handleOverlayKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch m.overlay {
	case overlayHelp:
		if key.Matches(k, m.keys.CloseHelp) {
			m.overlay = overlayNone
		}
	case overlayQuit:
		switch {
		case key.Matches(k, m.keys.Yes, m.keys.QuitNow):
			return m, tea.Quit
		case key.Matches(k, m.keys.No, m.keys.Quit):
			m.overlay = overlayNone
		}
	case overlayPrompt:
		return m.handlePromptKey(k)
	}
	return m, nil
}

func (m Model) handlePromptKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if key.Matches(k, m.keys.Cancel) {
		m.overlay, m.prompt = overlayNone, prompt{}
		m.setStatus(m.t("ui.status.cancelled"), nil)
		return m, nil
	}
	if m.prompt.kind == promptConfirm {
		switch {
		case key.Matches(k, m.keys.Yes):
			return m.submitPrompt()
		case key.Matches(k, m.keys.No):
			m.overlay, m.prompt = overlayNone, prompt{}
			m.setStatus(m.t("ui.status.cancelled"), nil)
		}
		return m, nil
	}
	switch {
	case key.Matches(k, m.keys.Submit):
		return m.submitPrompt()
	case k.String() == "backspace":
		if r := []rune(m.prompt.text); len(r) > 0 {
			m.prompt.text = string(r[:len(r)-1])
		}
	default:
		m.prompt.text += k.Text
	}
	return m, nil
}
