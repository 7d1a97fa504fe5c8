package panes

import (
	"strings"
	"time"

	"github.com/warren-sre/warren/ui/styles"
)

// Ctx is what every pane needs to render one frame. Now is the injected
// clock's reading, taken once per frame.
type Ctx struct {
	St         styles.Styles
	Now        time.Time
	StaleAfter time.Duration
	Focused    bool
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
	case !fr.HasData && fr.Stale == "":
		parts = append(parts, c.St.Muted.Render("waiting for first sample"))
	case fr.Stale != "":
		age := "no data yet"
		if fr.HasData {
			age = "data " + FormatAge(fr.Age) + " old"
		}
		// The reason goes last: it can be long, and a narrow pane must
		// truncate the reason, not the age or the word STALE.
		parts = append(parts, c.St.Bad.Render(age), c.St.Bad.Render("STALE: "+oneLine(fr.Stale)))
	default:
		parts = append(parts, c.St.Muted.Render(FormatAge(fr.Age)+" ago"))
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
