package panes

import (
	"strconv"
	"strings"

	"github.com/warren-sre/warren/model"
)

// queueCol is one fixed-width column of the queues table; the name column
// takes whatever width is left.
type queueCol struct {
	title string // a message id: the column's heading
	width int
	cell  func(q model.Queue) string
}

var queueCols = []queueCol{
	{"ui.queues.col.vhost", 8, func(q model.Queue) string { return q.VHost }},
	{"ui.queues.col.type", 8, func(q model.Queue) string { return q.Type }},
	{"ui.queues.col.msgs", 8, func(q model.Queue) string { return Count(q.Messages) }},
	{"ui.queues.col.ready", 8, func(q model.Queue) string { return Count(q.Ready) }},
	{"ui.queues.col.unack", 8, func(q model.Queue) string { return Count(q.Unacked) }},
	{"ui.queues.col.leader", 18, leaderText},
}

// queueDropOrder drops the least useful columns first on narrow panes.
var queueDropOrder = []string{"ui.queues.col.vhost", "ui.queues.col.ready", "ui.queues.col.type", "ui.queues.col.unack"}

const queueNameMin = 16

func visibleQueueCols(w int) []queueCol {
	cols := queueCols
	for _, drop := range queueDropOrder {
		if 2+queueNameMin+colsWidth(cols) <= w {
			break
		}
		cols = without(cols, drop)
	}
	return cols
}

func colsWidth(cols []queueCol) int {
	n := 0
	for _, c := range cols {
		n += c.width
	}
	return n
}

func without(cols []queueCol, title string) []queueCol {
	out := make([]queueCol, 0, len(cols))
	for _, c := range cols {
		if c.title != title {
			out = append(out, c)
		}
	}
	return out
}

func queueHeader(c Ctx, cols []queueCol, w int) string {
	var b strings.Builder
	b.WriteString("  ")
	b.WriteString(padR(c.T("ui.queues.col.name"), w-2-colsWidth(cols)))
	for _, col := range cols {
		b.WriteString(padR(c.T(col.title), col.width))
	}
	return b.String()
}

func queueLine(c Ctx, q model.Queue, cols []queueCol, w int) string {
	var b strings.Builder
	marker := "  "
	if q.IsQuorum() && len(q.Members) > 0 && len(q.Online) < len(q.Members) {
		marker = c.St.Bad.Render(c.St.Glyphs.Marker) + " "
	}
	b.WriteString(marker)
	b.WriteString(padR(q.Name, w-2-colsWidth(cols)))
	for _, col := range cols {
		b.WriteString(padR(col.cell(q), col.width))
	}
	return b.String()
}

// leaderText shows a quorum queue's leader and how many members are online.
func leaderText(q model.Queue) string {
	if !q.IsQuorum() {
		return shortNode(q.Node)
	}
	return shortNode(q.Leader) + " " + strconv.Itoa(len(q.Online)) + "/" + strconv.Itoa(len(q.Members))
}

// shortNode drops the host part: rabbit-1@host → rabbit-1.
func shortNode(name string) string {
	if i := strings.IndexByte(name, '@'); i > 0 {
		return name[:i]
	}
	return name
}
