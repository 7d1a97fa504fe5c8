package ui

import "github.com/warren-sre/warren/model"

// layoutKind is how the screen is divided at the current size.
type layoutKind int

const (
	layoutTooSmall layoutKind = iota
	layoutNarrow              // the checklist above one tabbed live pane
	layoutMedium              // the checklist beside one tabbed live pane
	layoutWide                // the checklist beside all three live panes, stacked
)

// The smallest usable screen, where the checklist moves beside the panes,
// and the least room each stacked pane is given before the stack gives up
// and falls back to tabs.
const (
	MinWidth     = 60
	MinHeight    = 16
	sideWidth    = 100
	chromeHeight = 3 // title bar, status line, footer
	minQueuesH   = 6 // header, totals, columns, three queues
	minLatencyH  = 8 // header, two figure lines, a five-line chart
	maxLatencyH  = 24
	minListH     = 6 // the checklist's title and five rows
)

// layout picks the division for the current size and content: the stack
// of all three panes only when each gets its useful minimum.
func (m Model) layout() layoutKind {
	switch {
	case m.width < MinWidth || m.height < MinHeight:
		return layoutTooSmall
	case m.width < sideWidth:
		return layoutNarrow
	case m.stackFits(m.bodyHeight()):
		return layoutWide
	}
	return layoutMedium
}

// bodyHeight is what the title bar, the alert, the status line and the
// footer leave.
func (m Model) bodyHeight() int { return m.height - chromeHeight - m.alertHeight() }

// stackFits: every node, green's panes, and the queue and latency panes at
// their minimum fit above each other.
func (m Model) stackFits(body int) bool {
	return m.nodesNeed()+m.greenHeight(body)+minQueuesH+minLatencyH+m.rules() <= body
}

// rules counts the horizontal rules between stacked panes.
func (m Model) rules() int {
	if m.greenHeight(m.bodyHeight()) > 0 {
		return 3
	}
	return 2
}

// nodesNeed is the node pane with every node: header, columns, a row per
// node and a line of why for each that is not running.
func (m Model) nodesNeed() int {
	need := 2
	for _, r := range m.nodes.Rows() {
		need++
		if r.Why != "" && r.Effective != model.NodeRunning {
			need++
		}
	}
	return need
}

// nodesHeight is what the node pane needs, within half of body.
func (m Model) nodesHeight(body int) int { return max(3, min(m.nodesNeed(), body/2)) }

// stackHeights divides body between the stacked panes: nodes and green get
// what they need, latency a third (within bounds), queues the rest; rows
// the queues cannot fill go to the latency chart.
func (m Model) stackHeights(body int) (nodesH, greenH, queuesH, latencyH int) {
	nodesH, greenH = m.nodesHeight(body), m.greenHeight(body)
	rest := body - nodesH - greenH - m.rules()
	latencyH = min(max(body/3, minLatencyH), maxLatencyH, rest-minQueuesH)
	if spare := rest - latencyH - m.queuesNeed(); spare > 0 && greenH == 0 {
		latencyH = min(latencyH+spare, maxLatencyH)
	}
	return nodesH, greenH, rest - latencyH, latencyH
}

// queuesNeed is the queue pane with every queue shown: header, totals,
// columns and a row each (never less than its minimum).
func (m Model) queuesNeed() int { return max(minQueuesH, 3+m.queues.Shown()) }

// narrowPaneHeight is the room of the live pane under the checklist on a
// narrow screen: what the nodes need, or half the body for the others.
func (m Model) narrowPaneHeight(body int) int {
	h := body / 2
	if m.pane == focusNodes {
		h = m.nodesHeight(body)
	}
	return min(h, body-1-minListH)
}

// resize is the only place sizes change; it pushes them down with SetSize.
// It runs again whenever something that sizes panes changes (focus, the
// node count, an alert).
func (m *Model) resize(w, h int) {
	m.width, m.height = w, h
	m.help.SetWidth(w)
	body := m.bodyHeight()
	switch m.layout() {
	case layoutWide, layoutMedium:
		m.list.SetSize(checklistWidth(w), body)
	case layoutNarrow:
		if m.narrowDetail() {
			m.list.SetSize(w, body)
			break
		}
		m.list.SetSize(w, body-1-m.narrowPaneHeight(body)) // the tab bar takes a line
	}
}

// narrowDetail: on a narrow screen an open step's detail takes the whole
// body (the title bar still names any node that is not running).
func (m Model) narrowDetail() bool { return m.focus == focusChecklist && m.list.InDetail() }

// checklistWidth is the left column when the checklist shares the screen:
// wide enough for step titles, never so wide the node table loses columns.
func checklistWidth(w int) int { return min(max(w*3/8, 40), 56) }
