package ui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/warren-sre/warren/checklist"
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

// intentStep returns the selected step, or explains on the status line why
// no intent can be sent (follower mode, nothing selected).
func (m *Model) intentStep() *checklist.StepState {
	switch {
	case m.rb == nil:
		m.setStatus("no runbook loaded", nil)
	case m.readOnly:
		m.status, m.bad = "read-only: "+m.driver+" drives this run", true
	case m.list.Selected() == nil:
		m.setStatus("select a step first", nil)
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
	m.setStatus("checking "+st.Step.Title+"…", nil)
	rb, ctx, id, title := m.rb, m.ctx, st.Step.ID, st.Step.Title
	return m, func() tea.Msg { return intentDoneMsg{"check " + title, rb.Check(ctx, id)} }
}

func (m Model) intentAct() (tea.Model, tea.Cmd) {
	st := m.intentStep()
	switch {
	case st == nil:
		return m, nil
	case st.Step.Action == nil:
		m.setStatus("this step has no action; c runs its check", nil)
		return m, nil
	}
	m.overlay = overlayPrompt
	m.prompt = prompt{kind: promptConfirm, stepID: st.Step.ID, title: st.Step.Title}
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
		m.setStatus("only a failed, interrupted or waiting step can be acknowledged", nil)
		return m, nil
	}
	m.overlay = overlayPrompt
	m.prompt = prompt{kind: promptReason, stepID: st.Step.ID, title: st.Step.Title}
	return m, nil
}

// intentRollback asks for the typed word, then a reason (a follower is
// told who drives instead).
func (m Model) intentRollback() (tea.Model, tea.Cmd) {
	switch {
	case m.rb == nil:
		m.setStatus("no runbook loaded", nil)
	case m.readOnly:
		m.status, m.bad = "read-only: "+m.driver+" drives this run and decides on the rollback", true
	case m.rollbackActive:
		m.setStatus("the rollback is under way: walk the Rollback phase", nil)
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
			m.setStatus("rollback not begun: type "+p.want+" exactly", nil)
			return m, nil
		}
		m.overlay, m.prompt = overlayPrompt, prompt{kind: promptRollbackReason, title: p.title}
		return m, nil
	case promptRollbackReason:
		if p.text == "" {
			m.setStatus("beginning a rollback needs a reason", nil)
			return m, nil
		}
		m.setStatus("beginning the rollback…", nil)
		return m, func() tea.Msg { return intentDoneMsg{"begin the rollback", rb.BeginRollback(ctx, p.text)} }
	case promptReason:
		if p.text == "" {
			m.setStatus("acknowledgement needs a reason", nil)
			return m, nil
		}
		m.setStatus("acknowledging "+p.title+"…", nil)
		return m, func() tea.Msg { return intentDoneMsg{"acknowledge " + p.title, rb.Acknowledge(ctx, p.stepID, p.text)} }
	case promptWord:
		if p.text != p.want {
			m.setStatus("not run: type "+p.want+" exactly", nil)
			return m, nil
		}
	}
	m.setStatus("running "+p.title+"…", nil)
	return m, func() tea.Msg { return intentDoneMsg{"run " + p.title, rb.Act(ctx, p.stepID, p.text)} }
}
