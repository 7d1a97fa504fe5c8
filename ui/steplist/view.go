package steplist

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/ui/panes"
	"github.com/warren-sre/warren/ui/styles"
)

// statusWordW fits the longest status word, "acknowledged".
const statusWordW = 13

// View renders the list, or the detail of the selected step, as exactly
// the size given by SetSize.
func (m *Model) View(c panes.Ctx) []string {
	if m.detail && m.Selected() != nil {
		return m.detailView(c)
	}
	lines := []string{m.titleLine(c)}
	end := min(len(m.rows), m.offset+m.listHeight())
	cs, ci, hasCurrent := m.Current()
	for i := m.offset; i < end; i++ {
		r := m.rows[i]
		var line string
		if r.step < 0 {
			line = m.sectionLine(c, r.section)
		} else {
			current := hasCurrent && r.section == cs && r.step == ci
			line = stepLine(c, m.sections[r.section].Steps[r.step], current)
		}
		// The glyph marks the cursor where reverse video is lost.
		lead := " "
		if i == m.cursor {
			lead = c.St.Glyphs.Cursor
		}
		line = panes.Fit(lead+line, m.width)
		if i == m.cursor && c.Focused {
			line = c.St.Selected.Render(ansi.Strip(line))
		}
		lines = append(lines, line)
	}
	if len(m.rows) == 0 {
		lines = append(lines, c.St.Muted.Render("  no steps yet"))
	}
	return panes.FitLines(lines, m.width, m.height)
}

func (m *Model) titleLine(c panes.Ctx) string {
	t := "Checklist"
	if c.Focused {
		t = c.St.Glyphs.Marker + t
	}
	return c.St.Title.Render(t) + c.St.Muted.Render(" · "+m.summary())
}

func (m *Model) summary() string {
	done, total := 0, 0
	for _, s := range m.sections {
		done += s.Done()
		total += len(s.Steps)
	}
	return strconv.Itoa(done) + "/" + strconv.Itoa(total) + " done"
}

func (m *Model) sectionLine(c panes.Ctx, si int) string {
	s := m.sections[si]
	fold := c.St.Glyphs.Expanded
	if m.collapsed[s.Phase] {
		fold = c.St.Glyphs.Collapsed
	}
	line := c.St.Title.Render(fold+" "+string(s.Phase)) +
		c.St.Muted.Render("  "+strconv.Itoa(s.Done())+"/"+strconv.Itoa(len(s.Steps)))
	if s.Locked {
		reason := "locked"
		if s.LockReason != "" {
			reason += ": " + s.LockReason
		}
		line += c.St.Muted.Render("  " + reason)
	}
	return line
}

func stepLine(c panes.Ctx, st *checklist.StepState, current bool) string {
	lead := "  "
	if current {
		lead = c.St.Glyphs.Current + " "
	}
	glyph, style := StatusLook(c.St, st.Status)
	title := st.Step.Title
	if st.Step.Block != "" {
		title = st.Step.Block + ": " + title
	}
	return lead + style.Render(glyph+" "+pad(string(st.Status), statusWordW)) + title
}

// StatusLook is the glyph and style of a status; the word is the status itself.
func StatusLook(st styles.Styles, s checklist.Status) (string, styleRenderer) {
	g := st.Glyphs
	switch s {
	case checklist.Running:
		return g.Running, st.Warn
	case checklist.Passed:
		return g.Passed, st.OK
	case checklist.Failed:
		return g.Failed, st.Bad
	case checklist.Skipped:
		return g.Skipped, st.Muted
	case checklist.Acknowledged:
		return g.Acked, st.Warn
	case checklist.Interrupted:
		return g.Interrupted, st.Bad
	}
	return g.Pending, st.Muted
}

type styleRenderer interface{ Render(...string) string }

func pad(s string, w int) string {
	if len(s) >= w {
		return s
	}
	return s + strings.Repeat(" ", w-len(s))
}
