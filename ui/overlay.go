package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

func (m Model) handleOverlayKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch m.overlay {
	case overlayHelp:
		if key.Matches(k, m.keys.Help, m.keys.Back, m.keys.Quit) {
			m.overlay = overlayNone
		}
	case overlayQuit:
		switch {
		case key.Matches(k, m.keys.Yes), k.String() == "ctrl+c":
			return m, tea.Quit
		case key.Matches(k, m.keys.No), k.String() == "q":
			m.overlay = overlayNone
		}
	case overlayPrompt:
		return m.handlePromptKey(k)
	}
	return m, nil
}

func (m Model) handlePromptKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if k.String() == "esc" {
		m.overlay, m.prompt = overlayNone, prompt{}
		m.setStatus("cancelled", nil)
		return m, nil
	}
	if m.prompt.kind == promptConfirm {
		switch {
		case key.Matches(k, m.keys.Yes):
			return m.submitPrompt()
		case key.Matches(k, m.keys.No):
			m.overlay, m.prompt = overlayNone, prompt{}
			m.setStatus("cancelled", nil)
		}
		return m, nil
	}
	switch k.String() {
	case "enter":
		return m.submitPrompt()
	case "backspace":
		if r := []rune(m.prompt.text); len(r) > 0 {
			m.prompt.text = string(r[:len(r)-1])
		}
	default:
		m.prompt.text += k.Text
	}
	return m, nil
}
