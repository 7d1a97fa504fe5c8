package panes

import (
	"strconv"
	"strings"
	"time"

	"github.com/warren-sre/warren/model"
)

// Latency shows what the canary measures: the real-time signal of whether
// clients still get their messages through during the upgrade. Its chart
// keeps p50 and p99 for the whole session with the steps that ran marked
// on the time axis, so "latency rose when node 2 restarted" is one glance.
type Latency struct {
	feed    Feed[model.CanaryStats]
	history []latencyPoint // one per good sample, oldest first
	marks   []Mark
}

// latencyPoint is one sample's end-to-end percentiles: what a consumer felt.
type latencyPoint struct {
	at       time.Time
	p50, p99 time.Duration
}

// Mark is a moment the chart points at: a step that changed the cluster.
type Mark struct {
	At    time.Time
	Label string
}

// maxLatencyPoints bounds the session's history; past it, neighbours merge
// (keeping the worse value), so a long session still fits in memory and a
// spike is never averaged away.
const maxLatencyPoints = 4096

// SetCanary applies a sample from the canary.
func (p *Latency) SetCanary(s model.CanarySample) {
	p.feed.Apply(s)
	if s.Err != "" || !s.Value.Connected || s.Value.EndToEnd.Count == 0 {
		return // a gap in the chart is the honest picture of no data
	}
	if n := len(p.history); n > 0 && !s.At.After(p.history[n-1].at) {
		return
	}
	p.history = append(p.history, latencyPoint{at: s.At, p50: s.Value.EndToEnd.P50, p99: s.Value.EndToEnd.P99})
	if len(p.history) > maxLatencyPoints {
		p.history = mergePairs(p.history)
	}
}

func mergePairs(pts []latencyPoint) []latencyPoint {
	out := pts[:0:0]
	for i := 0; i < len(pts); i += 2 {
		pt := pts[i]
		if i+1 < len(pts) {
			pt.p50, pt.p99 = max(pt.p50, pts[i+1].p50), max(pt.p99, pts[i+1].p99)
		}
		out = append(out, pt)
	}
	return out
}

// SetMarks replaces the steps marked on the chart (oldest first).
func (p *Latency) SetMarks(marks []Mark) { p.marks = marks }

// View renders the pane as exactly h lines of w cells.
func (p *Latency) View(c Ctx, w, h int) []string {
	fr := p.feed.Freshness(c.Now, c.StaleAfter)
	st := p.feed.Good.Value
	lines := []string{Header(c, c.T("ui.latency.title"), p.summary(c, fr), fr)}
	if !fr.HasData {
		return FitLines(lines, w, h)
	}
	lines = append(lines, figuresLine(c, st), ratesLine(c, st))
	// The chart when it fits, the reconnect gaps below it when they fit too.
	switch rest := h - len(lines); {
	case rest > minChartLines:
		lines = append(lines, p.chart(c, w, rest-1)...)
		lines = append(lines, gapLine(c, st.Gaps))
	case rest == minChartLines:
		lines = append(lines, p.chart(c, w, rest)...)
	default:
		lines = append(lines, gapLine(c, st.Gaps))
	}
	return FitLines(lines, w, h)
}

func (p *Latency) summary(c Ctx, fr Freshness) string {
	if !fr.HasData {
		return ""
	}
	st := p.feed.Good.Value
	if !st.Connected {
		return c.St.Bad.Render(c.St.Glyphs.Failed + " " + c.T("ui.latency.disconnected"))
	}
	via := c.T("ui.latency.via", map[string]any{"Node": shortNode(st.Node)})
	if st.PublishOn == "" {
		return via
	}
	// A blue-green run: say which cluster the canary publishes on and which
	// it consumes on, so a gap is read against the move that caused it.
	route := c.T("ui.latency.route", map[string]any{"Publish": clusterWord(c, st.PublishOn), "Consume": clusterWord(c, st.ConsumeOn)})
	if st.ConsumeNode != "" {
		route += " " + c.T("ui.latency.consume-node", map[string]any{"Node": shortNode(st.ConsumeNode)})
	}
	return via + " · " + route
}

// clusterWord is blue or green in the operator's language.
func clusterWord(c Ctx, side string) string {
	switch side {
	case "blue", "green":
		return c.T("ui.latency.cluster." + side)
	}
	return side
}

// figuresLine is the window's percentiles now: end-to-end, then confirms.
func figuresLine(c Ctx, st model.CanaryStats) string {
	e, k := st.EndToEnd, st.Confirm
	return "  " + c.T("ui.latency.figures", map[string]any{
		"P50": ms(e.P50), "P99": ms(e.P99), "Max": ms(e.Max), "CP50": ms(k.P50), "CP99": ms(k.P99)})
}

// ratesLine: the rates and what went wrong with messages, loss first.
func ratesLine(c Ctx, st model.CanaryStats) string {
	counts := c.T("ui.latency.counts", map[string]any{"Publish": rate(st.PublishRate), "Consume": rate(st.ConsumeRate),
		"Lost": st.Lost, "Dup": st.Duplicates, "Reordered": st.Reordered, "InFlight": st.InFlight})
	if st.Lost > 0 {
		return c.St.Bad.Render(c.St.Glyphs.Failed + " " + counts)
	}
	return "  " + counts
}

// gapLine summarises reconnect gaps when there is no room for the chart.
func gapLine(c Ctx, gaps []model.Gap) string {
	if len(gaps) == 0 {
		return c.St.Muted.Render("  " + c.T("ui.latency.no-gaps"))
	}
	g := gaps[len(gaps)-1]
	return c.St.Warn.Render("  " + c.T("ui.latency.gaps", map[string]any{"N": len(gaps),
		"At": g.Start.UTC().Format("15:04:05"), "Took": ms(g.Duration),
		"Move": shortNode(g.From) + c.St.Glyphs.Arrow + shortNode(g.To)}))
}

// ms prints a latency in milliseconds, with a decimal below 10 ms.
func ms(d time.Duration) string {
	v := float64(d) / float64(time.Millisecond)
	if v < 10 {
		return strconv.FormatFloat(v, 'f', 1, 64) + "ms"
	}
	return strconv.FormatFloat(v, 'f', 0, 64) + "ms"
}

func rate(r float64) string {
	return strings.TrimSuffix(strconv.FormatFloat(r, 'f', 1, 64), ".0") + "/s"
}
