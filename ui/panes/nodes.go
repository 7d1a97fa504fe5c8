package panes

import (
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/warren-sre/warren/model"
)

// Nodes shows one row per cluster member. A node that is not running gets a
// row marker, a glyph and an upper-case word, so it stands out in any
// terminal, colour or not.
type Nodes struct {
	feed Feed[[]model.Node]
	// states are the engine's effective node states (model.NodeWatch): the
	// pane shows what the checks and triggers judge, never a second opinion.
	states map[string]model.NodeStatus
	// Title names the pane ("Nodes" when empty); a blue-green run's
	// second pane names green.
	Title string
}

// SetNodes applies a sample from the nodes poller.
func (p *Nodes) SetNodes(s model.NodesSample) { p.feed.Apply(s) }

// SetStates takes every node's effective state as the engine decided it
// after its latest nodes answer or link change.
func (p *Nodes) SetStates(states []model.NodeStatus) {
	p.states = make(map[string]model.NodeStatus, len(states))
	for _, s := range states {
		p.states[s.Node] = s
	}
}

// NodeRow is a node with the state warren believes right now.
type NodeRow struct {
	model.Node
	Effective model.NodeState
	Why       string
}

// Rows returns the nodes with their effective state, in the API's order.
func (p *Nodes) Rows() []NodeRow {
	rows := make([]NodeRow, len(p.feed.Good.Value))
	for i, n := range p.feed.Good.Value {
		st, why := model.APIState(n) // green's nodes: no link watch
		if s, ok := p.states[n.Name]; ok {
			st, why = s.State, s.Why
		}
		rows[i] = NodeRow{Node: n, Effective: st, Why: why}
	}
	return rows
}

// Summary counts running nodes and names the others, for the title bar.
func (p *Nodes) Summary() (running, total int, notRunning []NodeRow) {
	for _, r := range p.Rows() {
		if r.Effective == model.NodeRunning {
			running++
		} else {
			notRunning = append(notRunning, r)
		}
	}
	return running, len(p.feed.Good.Value), notRunning
}

// View renders the pane as exactly h lines of w cells.
func (p *Nodes) View(c Ctx, w, h int) []string {
	rows := p.Rows()
	fr := p.feed.Freshness(c.Now, c.StaleAfter)
	running, total, _ := p.Summary()
	summary := ""
	if fr.HasData {
		summary = c.T("ui.nodes.running", map[string]any{"Running": running, "Total": total})
	}
	title := p.Title
	if title == "" {
		title = c.T("ui.nodes.title")
	}
	lines := []string{Header(c, title, summary, fr)}
	cols := visibleNodeCols(w, rows)
	if len(rows) > 0 {
		lines = append(lines, c.St.Muted.Render(nodeColumns(c, cols)))
	}
	for _, r := range rows {
		lines = append(lines, nodeLine(c, r, cols))
		if r.Effective != model.NodeRunning && r.Why != "" && w >= 60 {
			lines = append(lines, c.St.Muted.Render("    "+c.St.Glyphs.Branch+" "+oneLine(r.Why)))
		}
	}
	return FitLines(lines, w, h)
}

// nodeCol is one column of the nodes table. Columns are dropped from the
// least important up when the pane is narrow; the rest keep their order.
type nodeCol struct {
	title string // a message id: the column's heading
	width int
	prio  int // lower survives longer
	cell  func(c Ctx, r NodeRow) string
}

const nodeStateW = 14

var nodeCols = []nodeCol{
	{"ui.nodes.col.node", 0, 0, func(_ Ctx, r NodeRow) string { return r.Name }}, // width: longest name
	{"ui.nodes.col.state", nodeStateW, 0, nil},                                   // styled separately: it carries the alarm
	{"ui.nodes.col.version", 8, 1, func(_ Ctx, r NodeRow) string { return r.RabbitVersion }},
	{"ui.nodes.col.uptime", 7, 6, func(_ Ctx, r NodeRow) string { return uptime(r) }},
	{"ui.nodes.col.mem", 11, 3, live(func(r NodeRow) string { return ratio(r.MemUsed, r.MemLimit) })},
	{"ui.nodes.col.disk", 11, 4, live(func(r NodeRow) string { return diskText(r.Node) })},
	{"ui.nodes.col.fd", 10, 5, live(func(r NodeRow) string { return fdText(r.Node) })},
	{"ui.nodes.col.alarms", 8, 2, func(c Ctx, r NodeRow) string { return alarmsText(c, r.Node) }},
	{"ui.nodes.col.partitions", 11, 2, func(c Ctx, r NodeRow) string { return partitionsText(c, r.Node) }},
}

// live blanks a resource column for a node that is not up: its last
// numbers describe a process that no longer exists.
func live(cell func(r NodeRow) string) func(Ctx, NodeRow) string {
	return func(_ Ctx, r NodeRow) string {
		if r.Effective != model.NodeRunning && r.Effective != model.NodeMaintenance {
			return "-"
		}
		return cell(r)
	}
}

// visibleNodeCols picks the columns that fit in w cells (2 go to the
// marker); the name column is as wide as the longest name, within reason.
func visibleNodeCols(w int, rows []NodeRow) []nodeCol {
	nameW := 6
	for _, r := range rows {
		nameW = max(nameW, min(ansi.StringWidth(r.Name)+1, 32))
	}
	cols := slices.Clone(nodeCols)
	cols[0].width = nameW
	used := 2
	keep := map[string]bool{}
	for prio := 0; prio <= 6; prio++ {
		for _, col := range cols {
			if col.prio == prio && used+col.width <= w {
				used += col.width
				keep[col.title] = true
			}
		}
	}
	var out []nodeCol
	for _, col := range cols {
		if keep[col.title] {
			out = append(out, col)
		}
	}
	return out
}

func nodeColumns(c Ctx, cols []nodeCol) string {
	var b strings.Builder
	b.WriteString("  ")
	for _, col := range cols {
		b.WriteString(padR(c.T(col.title), col.width))
	}
	return b.String()
}

func nodeLine(c Ctx, r NodeRow, cols []nodeCol) string {
	marker, state := nodeState(c, r.Effective)
	var b strings.Builder
	b.WriteString(marker)
	b.WriteString(" ")
	for _, col := range cols {
		if col.cell == nil {
			b.WriteString(state)
			continue
		}
		b.WriteString(padR(col.cell(c, r), col.width))
	}
	return b.String()
}

func nodeState(c Ctx, s model.NodeState) (marker, state string) {
	g := c.St.Glyphs
	word := StateWord(c, s)
	switch s {
	case model.NodeRunning:
		return " ", c.St.OK.Render(padR(g.NodeUp+" "+word, nodeStateW))
	case model.NodeMaintenance:
		return c.St.Warn.Render(g.Marker), c.St.Warn.Render(padR(g.NodeMaint+" "+word, nodeStateW))
	case model.NodeUnknown:
		return " ", c.St.Muted.Render(padR(g.NodeUnknown+" "+word, nodeStateW))
	case model.NodeUnreachable:
		return c.St.Bad.Render(g.Marker), c.St.Bad.Render(padR(g.NodeUnreachable+" "+word, nodeStateW))
	}
	return c.St.Bad.Render(g.Marker), c.St.Bad.Render(padR(g.NodeDown+" "+word, nodeStateW))
}

// StateWord is how a node's state reads on screen: calm states in lower
// case, alarming ones in capitals (in English; Chinese has no case).
func StateWord(c Ctx, s model.NodeState) string {
	return c.T("ui.node.state." + strings.ReplaceAll(s.String(), " ", "-"))
}

func uptime(r NodeRow) string {
	if r.Effective != model.NodeRunning || r.Uptime == 0 {
		return "-"
	}
	return FormatAge(r.Uptime)
}

func ratio(used, limit int64) string {
	if limit == 0 {
		return "-"
	}
	return Bytes(used) + "/" + Bytes(limit)
}

func diskText(n model.Node) string {
	if n.DiskFreeLimit == 0 {
		return "-"
	}
	return Bytes(n.DiskFree) + "/" + Bytes(n.DiskFreeLimit)
}

func fdText(n model.Node) string {
	if n.FDTotal == 0 {
		return "-"
	}
	return strconv.FormatInt(n.FDUsed, 10) + "/" + Count(n.FDTotal)
}

func alarmsText(c Ctx, n model.Node) string {
	if a := n.Alarms(); len(a) > 0 {
		return c.St.Bad.Render(strings.Join(a, ","))
	}
	return c.T("ui.nodes.none")
}

func partitionsText(c Ctx, n model.Node) string {
	if len(n.Partitions) > 0 {
		return c.St.Bad.Render(strings.Join(n.Partitions, ","))
	}
	return c.T("ui.nodes.none")
}

// padR pads plain text to w cells, truncating when it is longer.
func padR(s string, w int) string {
	return Fit(s, w-1) + " "
}
