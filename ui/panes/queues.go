package panes

import (
	"cmp"
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/warren-sre/warren/model"
)

// depthHistory is how many overview samples the depth sparkline remembers.
const depthHistory = 120

// Queues shows the deepest queues. Sorting happens once per sample and
// filtering once per keystroke, so a frame only touches the rows it shows.
type Queues struct {
	feed     Feed[[]model.Queue]
	overview Feed[model.Overview]
	sorted   []model.Queue // by depth, deepest first
	shown    []model.Queue // sorted, then filtered by name
	filter   string
	depths   []float64 // total depth, oldest first
	offset   int
	// Title names the pane ("Queues" when empty); a blue-green run's
	// second pane names green.
	Title string
}

// SetQueues applies a sample from the queues poller.
func (p *Queues) SetQueues(s model.QueuesSample) {
	p.feed.Apply(s)
	if s.Err != "" {
		return
	}
	p.sorted = slices.Clone(s.Value)
	slices.SortFunc(p.sorted, func(a, b model.Queue) int {
		return cmp.Or(cmp.Compare(b.Messages, a.Messages), strings.Compare(a.Name, b.Name), strings.Compare(a.VHost, b.VHost))
	})
	p.refilter()
}

// SetOverview applies an overview sample; its total depth feeds the sparkline.
func (p *Queues) SetOverview(s model.OverviewSample) {
	p.overview.Apply(s)
	if s.Err != "" {
		return
	}
	p.depths = append(p.depths, float64(s.Value.Messages))
	if len(p.depths) > depthHistory {
		p.depths = p.depths[len(p.depths)-depthHistory:]
	}
}

// Overview is the last good overview sample, for the title bar.
func (p *Queues) Overview() model.OverviewSample { return p.overview.Good }

// SetFilter keeps only queues whose name contains text (case-insensitive).
func (p *Queues) SetFilter(text string) {
	p.filter = text
	p.offset = 0
	p.refilter()
}

// Shown counts the queues the filter lets through.
func (p *Queues) Shown() int { return len(p.shown) }

// Filter is the current name filter.
func (p *Queues) Filter() string { return p.filter }

func (p *Queues) refilter() {
	if p.filter == "" {
		p.shown = p.sorted
		return
	}
	needle := strings.ToLower(p.filter)
	p.shown = p.shown[:0:0]
	for _, q := range p.sorted {
		if strings.Contains(strings.ToLower(q.Name), needle) {
			p.shown = append(p.shown, q)
		}
	}
}

// Scroll moves the first shown row by delta, within bounds.
func (p *Queues) Scroll(delta int) {
	p.offset = max(0, min(p.offset+delta, len(p.shown)-1))
}

// ScrollTo jumps to the top (0) or the bottom (-1).
func (p *Queues) ScrollTo(pos int) {
	if pos < 0 {
		pos = len(p.shown) - 1
	}
	p.offset = max(0, pos)
}

// View renders the pane as exactly h lines of w cells.
func (p *Queues) View(c Ctx, w, h int) []string {
	fr := p.feed.Freshness(c.Now, c.StaleAfter)
	title := p.Title
	if title == "" {
		title = c.T("ui.queues.title")
	}
	lines := []string{Header(c, title, p.summary(c, fr), fr)}
	lines = append(lines, p.depthLine(c, w))
	cols := visibleQueueCols(w)
	lines = append(lines, c.St.Muted.Render(queueHeader(c, cols, w)))
	for i := p.offset; i < len(p.shown) && len(lines) < h; i++ {
		lines = append(lines, queueLine(c, p.shown[i], cols, w))
	}
	if fr.HasData && len(p.shown) == 0 {
		lines = append(lines, c.St.Muted.Render("  "+p.noQueues(c)))
	}
	return FitLines(lines, w, h)
}

func (p *Queues) summary(c Ctx, fr Freshness) string {
	if !fr.HasData {
		return ""
	}
	s := plural(c, len(p.feed.Good.Value))
	if p.filter != "" {
		s += " · " + c.T("ui.queues.matches", map[string]any{"N": len(p.shown), "Filter": p.filter})
	}
	return s
}

func (p *Queues) noQueues(c Ctx) string {
	if p.filter == "" {
		return c.T("ui.queues.none")
	}
	return c.T("ui.queues.none-matching", map[string]any{"Filter": p.filter})
}

func (p *Queues) depthLine(c Ctx, w int) string {
	if len(p.depths) == 0 {
		return c.St.Muted.Render("  " + c.T("ui.queues.depth-waiting"))
	}
	ov := p.overview.Good.Value
	label := "  " + c.T("ui.queues.depth", map[string]any{"Total": Count(ov.Messages), "Ready": Count(ov.Ready), "Unacked": Count(ov.Unacked)}) + " "
	spark := Sparkline(c.St.Glyphs, p.depths, max(0, w-ansi.StringWidth(label)-1))
	return c.St.Muted.Render(label) + c.St.Title.Render(spark)
}

// plural counts queues in words: "1 queue", "3 queues" (Chinese has one form).
func plural(c Ctx, n int) string {
	if n == 1 {
		return c.T("ui.queues.count-one")
	}
	return c.T("ui.queues.count", map[string]any{"N": n})
}
