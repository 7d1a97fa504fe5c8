// Package steplist is the checklist view: the runbook's phases as
// collapsible sections of steps, and a detail view of one step. It only
// shows state; what to do with a step is decided by the root model.
package steplist

import (
	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/i18n"
	"github.com/warren-sre/warren/steps"
)

// row is one visible line of the list: a section header (step < 0) or a step.
type row struct{ section, step int }

// Model is the checklist view's state.
type Model struct {
	sections  []checklist.Section
	collapsed map[steps.Phase]bool
	rows      []row
	cursor    int
	offset    int
	width     int
	height    int
	detail    bool
	detailTop int
	moved     bool // the operator moved the cursor: stop following the current step
	seeded    bool
	p         *i18n.Printer // the language of every word the view shows
}

// New returns an empty checklist view speaking p's language; without a
// printer it speaks the process default (i18n.Default).
func New(p ...*i18n.Printer) Model {
	m := Model{collapsed: map[steps.Phase]bool{}, p: i18n.Default()}
	if len(p) > 0 && p[0] != nil {
		m.p = p[0]
	}
	return m
}

// SetSize is called by the root on every resize.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.keepCursorVisible()
}

// SetSections replaces what the runbook says. The cursor stays on the same
// step; until the operator moves it, it follows the current step.
func (m *Model) SetSections(secs []checklist.Section) {
	selected := m.SelectedID()
	m.sections = secs
	if !m.seeded && len(secs) > 0 {
		m.seeded = true
		m.collapseAllBut(m.currentSection())
	}
	m.rebuild()
	if m.moved && selected != "" {
		m.selectStep(selected)
	} else {
		m.selectCurrent()
	}
	m.keepCursorVisible()
}

// Current returns the step that needs attention: the running one, else the
// first one not done. Nil when everything is done.
func (m *Model) Current() (section, step int, ok bool) {
	for si, s := range m.sections {
		for i, st := range s.Steps {
			if st.Status == checklist.Running {
				return si, i, true
			}
		}
	}
	for si, s := range m.sections {
		for i, st := range s.Steps {
			if !st.Status.Done() {
				return si, i, true
			}
		}
	}
	return 0, 0, false
}

// Running reports whether any step is running right now.
func (m *Model) Running() bool {
	for _, s := range m.sections {
		for _, st := range s.Steps {
			if st.Status == checklist.Running {
				return true
			}
		}
	}
	return false
}

func (m *Model) currentSection() int {
	si, _, ok := m.Current()
	if !ok {
		return -1
	}
	return si
}

func (m *Model) collapseAllBut(keep int) {
	for i, s := range m.sections {
		m.collapsed[s.Phase] = i != keep
	}
}

func (m *Model) rebuild() {
	m.rows = m.rows[:0]
	for si, s := range m.sections {
		m.rows = append(m.rows, row{si, -1})
		if m.collapsed[s.Phase] {
			continue
		}
		for i := range s.Steps {
			m.rows = append(m.rows, row{si, i})
		}
	}
	m.cursor = max(0, min(m.cursor, len(m.rows)-1))
}
