package ui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/steps"
)

// promptKind is what a prompt on the status line is asking for.
type promptKind int

const (
	promptConfirm        promptKind = iota // y/n before a reversible action
	promptWord                             // type the confirm word of a one-way door
	promptReason                           // why a failed gate is acknowledged
	promptRollbackWord                     // type "rollback" to begin it
	promptRollbackReason                   // why the rollback begins
)

// RollbackWord is typed to begin a rollback: it locks the forward steps.
const RollbackWord = "rollback"

type prompt struct {
	kind   promptKind
	stepID string
	title  string
	want   string // the word a one-way door needs
	text   string
}

// stepTitle is the step's title in the operator's language.
func (m Model) stepTitle(st steps.Step) string { return steps.Title(m.p, st) }

// intentStep returns the selected step, or explains on the status line why
// no intent can be sent (follower mode, nothing selected).
func (m *Model) intentStep() *checklist.StepState {
	switch {
	case m.rb == nil:
		m.setStatus(m.t("ui.intent.no-runbook"), nil)
	case m.readOnly:
		m.status, m.bad = m.t("ui.intent.read-only", map[string]any{"Driver": m.driver}), true
	case m.list.Selected() == nil:
		m.setStatus(m.t("ui.intent.select-step"), nil)
	default:
		return m.list.Selected()
	}
	return nil
}

func (m Model) intentCheck() (tea.Model, tea.Cmd) {
	st := m.intentStep()
	if st == nil {
		return m, nil
	}
	title := m.stepTitle(st.Step)
	m.setStatus(m.t("ui.intent.checking", map[string]any{"Title": title}), nil)
	rb, ctx, id, done := m.rb, m.ctx, st.Step.ID, m.t("ui.intent.check-done", map[string]any{"Title": title})
	return m, func() tea.Msg { return intentDoneMsg{what: done, err: rb.Check(ctx, id)} }
}

func (m Model) intentAct() (tea.Model, tea.Cmd) {
	st := m.intentStep()
	switch {
	case st == nil:
		return m, nil
	case st.Step.Action == nil:
		m.setStatus(m.t("ui.intent.no-action", map[string]any{"Key": m.keys.Check.Help().Key}), nil)
		return m, nil
	}
	m.overlay = overlayPrompt
	m.prompt = prompt{kind: promptConfirm, stepID: st.Step.ID, title: m.stepTitle(st.Step)}
	if st.Step.Action.Irreversible {
		m.prompt.kind, m.prompt.want = promptWord, st.Step.Action.Confirm
	}
	return m, nil
}

func (m Model) intentAck() (tea.Model, tea.Cmd) {
	st := m.intentStep()
	if st == nil {
		return m, nil
	}
	if !st.Acknowledgeable() {
		m.setStatus(m.t("ui.intent.ack-only-failed"), nil)
		return m, nil
	}
	m.overlay = overlayPrompt
	m.prompt = prompt{kind: promptReason, stepID: st.Step.ID, title: m.stepTitle(st.Step)}
	return m, nil
}

// intentRollback asks for the typed word, then a reason (a follower is
// told who drives instead).
func (m Model) intentRollback() (tea.Model, tea.Cmd) {
	switch {
	case m.rb == nil:
		m.setStatus(m.t("ui.intent.no-runbook"), nil)
	case m.readOnly:
		m.status, m.bad = m.t("ui.intent.read-only-rollback", map[string]any{"Driver": m.driver}), true
	case m.rollbackActive:
		m.setStatus(m.t("ui.intent.rollback-under-way"), nil)
	default:
		m.overlay = overlayPrompt
		m.prompt = prompt{kind: promptRollbackWord, title: "the rollback", want: RollbackWord}
	}
	return m, nil
}

// submitPrompt turns a completed prompt into its intent.
func (m Model) submitPrompt() (tea.Model, tea.Cmd) {
	p := m.prompt
	m.overlay, m.prompt = overlayNone, prompt{}
	rb, ctx := m.rb, m.ctx
	switch p.kind {
	case promptRollbackWord:
		if p.text != p.want {
			m.setStatus(m.t("ui.intent.rollback-word-wrong", map[string]any{"Word": p.want}), nil)
			return m, nil
		}
		m.overlay, m.prompt = overlayPrompt, prompt{kind: promptRollbackReason, title: p.title}
		return m, nil
	case promptRollbackReason:
		if p.text == "" {
			m.setStatus(m.t("ui.intent.rollback-needs-reason"), nil)
			return m, nil
		}
		m.setStatus(m.t("ui.intent.rollback-beginning"), nil)
		done := m.t("ui.intent.rollback-done")
		return m, func() tea.Msg { return intentDoneMsg{what: done, err: rb.BeginRollback(ctx, p.text)} }
	case promptReason:
		if p.text == "" {
			m.setStatus(m.t("ui.intent.ack-needs-reason"), nil)
			return m, nil
		}
		m.setStatus(m.t("ui.intent.acking", map[string]any{"Title": p.title}), nil)
		done := m.t("ui.intent.ack-done", map[string]any{"Title": p.title})
		return m, func() tea.Msg { return intentDoneMsg{what: done, err: rb.Acknowledge(ctx, p.stepID, p.text)} }
	case promptWord:
		if p.text != p.want {
			m.setStatus(m.t("ui.intent.word-wrong", map[string]any{"Word": p.want}), nil)
			return m, nil
		}
	}
	m.setStatus(m.t("ui.intent.running", map[string]any{"Title": p.title}), nil)
	done := m.t("ui.intent.run-done", map[string]any{"Title": p.title})
	m.acting++
	return m, func() tea.Msg { return intentDoneMsg{what: done, err: rb.Act(ctx, p.stepID, p.text), acted: true} }
}
