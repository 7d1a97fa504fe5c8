package steplist

import (
	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/ui/panes"
)

// Move moves the cursor by delta rows (or scrolls the detail view).
func (m *Model) Move(delta int) {
	if m.detail {
		m.scrollDetail(delta)
		return
	}
	m.moved = true
	m.cursor = max(0, min(m.cursor+delta, len(m.rows)-1))
	m.keepCursorVisible()
}

// scrollDetail scrolls the detail view, stopping at its last page. Only
// the line count matters here, so the body is measured without styles.
func (m *Model) scrollDetail(delta int) {
	st := m.Selected()
	if st == nil {
		return
	}
	last := max(0, len(m.detailBody(panes.Ctx{}, st))-(m.height-1))
	m.detailTop = max(0, min(m.detailTop+delta, last))
}

// MoveTo jumps to the first (0) or last (-1) row.
func (m *Model) MoveTo(pos int) {
	if pos < 0 {
		pos = len(m.rows) - 1
	}
	m.Move(pos - m.cursor)
}

// Open toggles a section under the cursor, or opens the step's detail.
func (m *Model) Open() {
	if len(m.rows) == 0 {
		return
	}
	r := m.rows[m.cursor]
	if r.step < 0 {
		m.setCollapsed(r.section, !m.collapsed[m.sections[r.section].Phase])
		return
	}
	m.detail, m.detailTop = true, 0
}

// Back leaves the detail view; it reports whether there was one to leave.
func (m *Model) Back() bool {
	was := m.detail
	m.detail = false
	return was
}

// InDetail reports whether the detail view is open.
func (m *Model) InDetail() bool { return m.detail }

// Collapse folds the section under the cursor and puts the cursor on it.
func (m *Model) Collapse() {
	if len(m.rows) == 0 || m.detail {
		return
	}
	m.setCollapsed(m.rows[m.cursor].section, true)
}

// Expand unfolds the section under the cursor.
func (m *Model) Expand() {
	if len(m.rows) == 0 || m.detail {
		return
	}
	m.setCollapsed(m.rows[m.cursor].section, false)
}

// SetAllCollapsed folds or unfolds every section.
func (m *Model) SetAllCollapsed(collapsed bool) {
	id := m.SelectedID()
	sec := 0
	if len(m.rows) > 0 {
		sec = m.rows[m.cursor].section
	}
	for _, s := range m.sections {
		m.collapsed[s.Phase] = collapsed
	}
	m.rebuild()
	if collapsed || !m.selectStep(id) {
		m.selectSection(sec)
	}
	m.keepCursorVisible()
}

func (m *Model) setCollapsed(section int, collapsed bool) {
	id := m.SelectedID()
	m.collapsed[m.sections[section].Phase] = collapsed
	m.rebuild()
	if collapsed || !m.selectStep(id) {
		m.selectSection(section)
	}
	m.keepCursorVisible()
}

// Selected is the step under the cursor, or nil on a section header.
func (m *Model) Selected() *checklist.StepState {
	if len(m.rows) == 0 {
		return nil
	}
	r := m.rows[m.cursor]
	if r.step < 0 {
		return nil
	}
	return m.sections[r.section].Steps[r.step]
}

// SelectedID is the ID of the step under the cursor, or "".
func (m *Model) SelectedID() string {
	if st := m.Selected(); st != nil {
		return st.Step.ID
	}
	return ""
}

func (m *Model) selectStep(id string) bool {
	for i, r := range m.rows {
		if r.step >= 0 && m.sections[r.section].Steps[r.step].Step.ID == id {
			m.cursor = i
			return true
		}
	}
	return false
}

func (m *Model) selectSection(section int) {
	for i, r := range m.rows {
		if r.section == section && r.step < 0 {
			m.cursor = i
			return
		}
	}
}

// selectCurrent puts the cursor on the current step, unfolding its section.
func (m *Model) selectCurrent() {
	si, i, ok := m.Current()
	if !ok {
		return
	}
	if m.collapsed[m.sections[si].Phase] {
		m.collapsed[m.sections[si].Phase] = false
		m.rebuild()
	}
	m.selectStep(m.sections[si].Steps[i].Step.ID)
}

// keepCursorVisible scrolls so the cursor row is on screen.
func (m *Model) keepCursorVisible() {
	h := m.listHeight()
	if h <= 0 {
		return
	}
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+h {
		m.offset = m.cursor - h + 1
	}
	m.offset = max(0, min(m.offset, len(m.rows)-h))
	m.offset = max(0, m.offset)
}

// listHeight is the rows available under the pane's title line.
func (m *Model) listHeight() int { return m.height - 1 }
