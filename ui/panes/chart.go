package panes

import (
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// minChartLines is the least room a chart is drawn in: three rows of plot,
// the time axis and the legend. Below it the pane shows figures only.
const minChartLines = 5

// yLabelW is the width of the value labels left of the plot, axis included.
const yLabelW = 8

// chart draws p50 (solid) and p99 (shaded band above it) of the whole
// session in h lines: plot rows, the time axis with numbered step marks,
// the legend, and as many marks named as there is room for.
func (p *Latency) chart(c Ctx, w, h int) []string {
	plotW := w - yLabelW
	if len(p.history) == 0 || plotW < 10 {
		return []string{c.St.Muted.Render("  " + c.T("ui.latency.chart-waiting"))}
	}
	t0 := p.history[0].at
	end := c.Now
	if last := p.history[len(p.history)-1].at; last.After(end) {
		end = last
	}
	// A young session is drawn at one column per second from the left;
	// later the whole session is squeezed into the width.
	span := max(end.Sub(t0), time.Duration(plotW)*time.Second)
	col := func(t time.Time) int {
		return min(plotW-1, max(0, int(float64(t.Sub(t0))/float64(span)*float64(plotW-1)+0.5)))
	}
	b := newBuckets(plotW)
	for _, pt := range p.history {
		b.add(col(pt.at), pt)
	}
	marks := p.visibleMarks(t0)
	markCol := map[int]string{}
	for i, m := range marks {
		markCol[col(m.At)] = markName(i)
	}
	named := markLines(c, marks, w, max(0, (h-minChartLines)/2))
	out := b.plot(c, h-2-len(named), markCol)
	out = append(out, axisLine(c, plotW, markCol), legendLine(c, t0))
	return append(out, named...)
}

// markLines names the marks, several to a line, in at most n lines of w
// cells; when they do not all fit, the newest are named.
func markLines(c Ctx, marks []Mark, w, n int) []string {
	var lines []string
	line := ""
	for i := len(marks) - 1; i >= 0 && n > 0; i-- {
		m := marks[i]
		entry := c.St.Warn.Render(markName(i)) + c.St.Muted.Render(" "+m.At.UTC().Format("15:04:05")+" ") + m.Label
		switch {
		case line == "":
			line = "  " + entry
		case ansi.StringWidth(entry+"   "+line) <= w:
			line = "  " + entry + "   " + strings.TrimPrefix(line, "  ")
		default:
			lines = append([]string{line}, lines...)
			if len(lines) == n {
				return lines
			}
			line = "  " + entry
		}
	}
	if line != "" {
		lines = append([]string{line}, lines...)
	}
	return lines
}

// visibleMarks are the marks inside the session the chart covers.
func (p *Latency) visibleMarks(t0 time.Time) []Mark {
	var out []Mark
	for _, m := range p.marks {
		if !m.At.Before(t0) {
			out = append(out, m)
		}
	}
	return out
}

// markName numbers marks 1–9, then a–z, so each fits one axis cell.
func markName(i int) string {
	const names = "123456789abcdefghijklmnopqrstuvwxyz"
	return string(names[i%len(names)])
}

// buckets hold, per column, the worst p50 and p99 that fell into it.
type buckets struct {
	p50, p99 []time.Duration
	has      []bool
}

func newBuckets(n int) buckets {
	return buckets{p50: make([]time.Duration, n), p99: make([]time.Duration, n), has: make([]bool, n)}
}

func (b buckets) add(i int, pt latencyPoint) {
	b.has[i] = true
	b.p50[i], b.p99[i] = max(b.p50[i], pt.p50), max(b.p99[i], pt.p99)
}

// cell kinds, drawn in runs so a row costs a few style renders, not one a cell.
const (
	cellBlank = iota
	cellP50
	cellP99
	cellMark
)

func (b buckets) plot(c Ctx, rows int, markCol map[int]string) []string {
	top := niceCeil(maxOf(b.p99))
	g := c.St.Glyphs
	out := make([]string, rows)
	for r := rows - 1; r >= 0; r-- { // r counts from the bottom
		var line runs
		for i := range b.p50 {
			line.add(b.cell(g.Spark, g.Band, g.MarkLine, i, r, rows, top, markCol))
		}
		out[rows-1-r] = yLabel(c, r, rows, top) + line.render(c)
	}
	return out
}

// cell is what column i shows in row r: the p50 bar (with an eighth-block
// top), the p99 band above it, a step mark's dotted line, or nothing.
func (b buckets) cell(spark []string, band, markLine string, i, r, rows int, top time.Duration, markCol map[int]string) (int, string) {
	if b.has[i] {
		e50 := eighths(b.p50[i], top, rows)
		e99 := eighths(b.p99[i], top, rows)
		switch {
		case e50 >= (r+1)*8:
			return cellP50, spark[len(spark)-1]
		case e50 > r*8:
			return cellP50, spark[(e50-r*8)*len(spark)/9]
		case e99 >= r*8+4 || (r == 0 && e99 > e50):
			return cellP99, band
		}
	}
	if _, ok := markCol[i]; ok {
		return cellMark, markLine
	}
	return cellBlank, " "
}

// eighths is v's height in eighths of a row, of rows rows scaled to top.
func eighths(v, top time.Duration, rows int) int {
	if top <= 0 {
		return 0
	}
	return int(float64(v) / float64(top) * float64(rows*8))
}

type runs struct {
	kinds []int
	texts []string
}

func (r *runs) add(kind int, s string) {
	if n := len(r.kinds); n > 0 && r.kinds[n-1] == kind {
		r.texts[n-1] += s
		return
	}
	r.kinds, r.texts = append(r.kinds, kind), append(r.texts, s)
}

func (r runs) render(c Ctx) string {
	style := map[int]lipgloss.Style{cellP50: c.St.Title, cellP99: c.St.Warn, cellMark: c.St.Muted}
	var b strings.Builder
	for i, k := range r.kinds {
		if k == cellBlank {
			b.WriteString(r.texts[i])
			continue
		}
		b.WriteString(style[k].Render(r.texts[i]))
	}
	return b.String()
}

// yLabel labels the top row with the scale and the bottom row with 0.
func yLabel(c Ctx, r, rows int, top time.Duration) string {
	g := c.St.Glyphs
	switch r {
	case rows - 1:
		return c.St.Muted.Render(padL(ms(top), yLabelW-2) + " " + g.AxisTop)
	case 0:
		return c.St.Muted.Render(padL("0", yLabelW-2) + " " + g.AxisV)
	}
	return c.St.Muted.Render(strings.Repeat(" ", yLabelW-1) + g.AxisV)
}

// axisLine is the time axis with each mark's name under its column.
func axisLine(c Ctx, plotW int, markCol map[int]string) string {
	g := c.St.Glyphs
	var b strings.Builder
	b.WriteString(c.St.Muted.Render(strings.Repeat(" ", yLabelW-1) + g.AxisCorner))
	var run strings.Builder
	for i := range plotW {
		name, ok := markCol[i]
		if !ok {
			run.WriteString(g.Rule)
			continue
		}
		b.WriteString(c.St.Muted.Render(run.String()))
		run.Reset()
		b.WriteString(c.St.Warn.Render(name))
	}
	b.WriteString(c.St.Muted.Render(run.String()))
	return b.String()
}

func legendLine(c Ctx, t0 time.Time) string {
	g := c.St.Glyphs
	return "  " + c.St.Title.Render(g.Spark[len(g.Spark)-1]) + " p50  " + c.St.Warn.Render(g.Band) + " p99  " +
		c.St.Muted.Render(c.T("ui.latency.legend", map[string]any{"Start": t0.UTC().Format("15:04:05")}))
}

// niceCeil rounds a latency up to 1, 2 or 5 times a power of ten
// milliseconds, so the scale reads at a glance (never below 1 ms).
func niceCeil(d time.Duration) time.Duration {
	v := float64(d) / float64(time.Millisecond)
	for p := 1.0; ; p *= 10 {
		for _, f := range []float64{1, 2, 5} {
			if f*p >= v {
				return time.Duration(f * p * float64(time.Millisecond))
			}
		}
	}
}

func maxOf(ds []time.Duration) time.Duration {
	var m time.Duration
	for _, d := range ds {
		m = max(m, d)
	}
	return m
}

// padL right-aligns text in w cells (measured as the terminal draws it).
func padL(s string, w int) string {
	if n := w - ansi.StringWidth(s); n > 0 {
		return strings.Repeat(" ", n) + s
	}
	return s
}
