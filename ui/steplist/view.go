package steplist

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/i18n"
	"github.com/warren-sre/warren/steps"
	"github.com/warren-sre/warren/ui/panes"
	"github.com/warren-sre/warren/ui/styles"
)

// statuses lists every status, for the width of the status column.
var statuses = []checklist.Status{checklist.Pending, checklist.Running, checklist.Passed, checklist.Failed,
	checklist.Skipped, checklist.Acknowledged, checklist.Interrupted}

// statusWordW fits the longest status word in p's language, plus a space.
func statusWordW(p *i18n.Printer) int {
	w := 0
	for _, s := range statuses {
		w = max(w, ansi.StringWidth(checklist.StatusWord(p, s)))
	}
	return w + 1
}

// stepTitle is the step's title in the view's language, after its block
// (the node it is for).
func stepTitle(p *i18n.Printer, st *checklist.StepState) string {
	title := steps.Title(p, st.Step)
	if b := st.Step.Block; b != "" {
		if node, ok := strings.CutPrefix(b, "rollback "); ok {
			b = p.T("steplist.block.rollback", map[string]any{"Node": node})
		}
		title = b + ": " + title
	}
	return title
}

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
			line = m.stepLine(c, m.sections[r.section].Steps[r.step], current)
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
		lines = append(lines, c.St.Muted.Render("  "+m.p.T("steplist.empty")))
	}
	return panes.FitLines(lines, m.width, m.height)
}

func (m *Model) titleLine(c panes.Ctx) string {
	t := m.p.T("steplist.title")
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
	return m.p.T("steplist.done", map[string]any{"Done": done, "Total": total})
}

func (m *Model) sectionLine(c panes.Ctx, si int) string {
	s := m.sections[si]
	fold := c.St.Glyphs.Expanded
	if m.collapsed[s.Phase] {
		fold = c.St.Glyphs.Collapsed
	}
	line := c.St.Title.Render(fold+" "+steps.PhaseTitle(m.p, s.Phase)) +
		c.St.Muted.Render("  "+strconv.Itoa(s.Done())+"/"+strconv.Itoa(len(s.Steps)))
	if s.Locked {
		line += c.St.Muted.Render("  " + lockText(m.p, s))
	}
	return line
}

// lockText says why a phase is locked in p's language: the earlier phase's
// open gate, or a rollback not begun; the checklist's English otherwise.
func lockText(p *i18n.Printer, s checklist.Section) string {
	switch {
	case s.Blocker != nil:
		g := s.Blocker
		return p.T("steplist.locked.gate", map[string]any{"Gate": stepTitle(p, g),
			"Phase": steps.PhaseTitle(p, g.Step.Phase), "Status": checklist.StatusWord(p, g.Status)})
	case s.Phase == steps.Rollback && s.LockReason != "":
		return p.T("steplist.locked.rollback")
	case s.LockReason != "":
		return p.T("steplist.locked.because", map[string]any{"Reason": s.LockReason})
	}
	return p.T("steplist.locked")
}

func (m *Model) stepLine(c panes.Ctx, st *checklist.StepState, current bool) string {
	lead := "  "
	if current {
		lead = c.St.Glyphs.Current + " "
	}
	glyph, style := StatusLook(c.St, st.Status)
	return lead + style.Render(glyph+" "+pad(checklist.StatusWord(m.p, st.Status), statusWordW(m.p))) + stepTitle(m.p, st)
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

// pad fills s to w terminal cells (a Chinese character takes two).
func pad(s string, w int) string {
	sw := ansi.StringWidth(s)
	if sw >= w {
		return s
	}
	return s + strings.Repeat(" ", w-sw)
}
