package panes

import (
	"strings"
	"time"

	"github.com/warren-sre/warren/i18n"
	"github.com/warren-sre/warren/ui/styles"
)

// Ctx is what every pane needs to render one frame. Now is the injected
// clock's reading, taken once per frame.
type Ctx struct {
	St         styles.Styles
	Now        time.Time
	StaleAfter time.Duration
	Focused    bool
	// P prints the panes' words in the operator's language (English when nil).
	P *i18n.Printer
}

var english = i18n.For(i18n.English)

// T is the text of a message id in the frame's language.
func (c Ctx) T(id string, data ...map[string]any) string {
	if c.P == nil {
		return english.T(id, data...)
	}
	return c.P.T(id, data...)
}

// Header is a pane's first line: its title, a summary, and how fresh the
// data is — or that it is stale and why.
func Header(c Ctx, title, summary string, fr Freshness) string {
	t := c.St.Title.Render(title)
	if c.Focused {
		t = c.St.Title.Render(c.St.Glyphs.Marker + title)
	}
	parts := []string{t}
	if summary != "" {
		parts = append(parts, summary)
	}
	switch {
	case !fr.HasData && !fr.IsStale():
		parts = append(parts, c.St.Muted.Render(c.T("ui.pane.waiting")))
	case fr.IsStale():
		age := c.T("ui.pane.no-data")
		if fr.HasData {
			age = c.T("ui.pane.data-age", map[string]any{"Age": FormatAge(fr.Age)})
		}
		why := oneLine(fr.Stale)
		if why == "" {
			why = c.T("ui.pane.silent", map[string]any{"Age": FormatAge(fr.Age)})
		}
		// The reason goes last: it can be long, and a narrow pane must
		// truncate the reason, not the age or the word STALE.
		parts = append(parts, c.St.Bad.Render(age), c.St.Bad.Render(c.T("ui.pane.stale", map[string]any{"Why": why})))
	default:
		parts = append(parts, c.St.Muted.Render(c.T("ui.pane.ago", map[string]any{"Age": FormatAge(fr.Age)})))
	}
	return strings.Join(parts, c.St.Muted.Render(" · "))
}

func oneLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// Sparkline draws values (oldest first) in at most w cells, scaled to the
// largest value shown, so a spike is visible whatever the absolute level.
func Sparkline(g styles.Glyphs, values []float64, w int) string {
	if len(values) > w {
		values = values[len(values)-w:]
	}
	max := 0.0
	for _, v := range values {
		if v > max {
			max = v
		}
	}
	var b strings.Builder
	top := len(g.Spark) - 1
	for _, v := range values {
		i := 0
		if max > 0 {
			i = int(v / max * float64(top))
		}
		b.WriteString(g.Spark[i])
	}
	return b.String()
}
