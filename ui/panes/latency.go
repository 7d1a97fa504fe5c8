package panes

import (
	"strconv"
	"strings"
	"time"

	"github.com/warren-sre/warren/model"
)

// Latency shows what the canary measures: the real-time signal of whether
// clients still get their messages through during the upgrade.
type Latency struct {
	feed Feed[model.CanaryStats]
}

// SetCanary applies a sample from the canary.
func (p *Latency) SetCanary(s model.CanarySample) { p.feed.Apply(s) }

// View renders the pane as exactly h lines of w cells.
func (p *Latency) View(c Ctx, w, h int) []string {
	fr := p.feed.Freshness(c.Now, c.StaleAfter)
	st := p.feed.Good.Value
	lines := []string{Header(c, "Latency", p.summary(c, fr), fr)}
	if !fr.HasData {
		return FitLines(lines, w, h)
	}
	lines = append(lines,
		c.St.Muted.Render("  "+padR("", 12)+padR("p50", 9)+padR("p95", 9)+padR("p99", 9)+"max"),
		percentileLine("confirm", st.Confirm),
		percentileLine("end-to-end", st.EndToEnd),
		"  rates       publish "+rate(st.PublishRate)+"  consume "+rate(st.ConsumeRate),
		lossLine(c, st),
		"  p99 "+c.St.Title.Render(Sparkline(c.St.Glyphs, durations(st.P99History), max(0, w-7))),
	)
	lines = append(lines, gapLines(c, st.Gaps, h-len(lines))...)
	return FitLines(lines, w, h)
}

func (p *Latency) summary(c Ctx, fr Freshness) string {
	if !fr.HasData {
		return ""
	}
	st := p.feed.Good.Value
	if !st.Connected {
		return c.St.Bad.Render(c.St.Glyphs.Failed + " DISCONNECTED")
	}
	return "via " + shortNode(st.Node)
}

func percentileLine(label string, pc model.Percentiles) string {
	return "  " + padR(label, 12) + padR(ms(pc.P50), 9) + padR(ms(pc.P95), 9) + padR(ms(pc.P99), 9) + ms(pc.Max)
}

func lossLine(c Ctx, st model.CanaryStats) string {
	counts := "  lost " + strconv.FormatInt(st.Lost, 10) + "  dup " + strconv.FormatInt(st.Duplicates, 10) +
		"  reordered " + strconv.FormatInt(st.Reordered, 10) + "  in flight " + strconv.FormatInt(st.InFlight, 10)
	if st.Lost > 0 {
		return c.St.Bad.Render(c.St.Glyphs.Failed + counts[1:])
	}
	return counts
}

// gapLines lists the most recent reconnect gaps, newest first, in n lines.
func gapLines(c Ctx, gaps []model.Gap, n int) []string {
	if n <= 0 {
		return nil
	}
	if len(gaps) == 0 {
		return []string{c.St.Muted.Render("  reconnect gaps: none")}
	}
	lines := []string{"  reconnect gaps: " + strconv.Itoa(len(gaps))}
	for i := len(gaps) - 1; i >= 0 && len(lines) < n; i-- {
		g := gaps[i]
		lines = append(lines, c.St.Warn.Render("    "+g.Start.UTC().Format("15:04:05")+" "+ms(g.Duration)+" "+
			shortNode(g.From)+c.St.Glyphs.Arrow+shortNode(g.To)+" "+oneLine(g.Reason)))
	}
	return lines
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

func durations(ds []time.Duration) []float64 {
	out := make([]float64, len(ds))
	for i, d := range ds {
		out[i] = float64(d)
	}
	return out
}
