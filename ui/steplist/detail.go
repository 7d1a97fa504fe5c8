package steplist

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/model"
	"github.com/warren-sre/warren/steps"
	"github.com/warren-sre/warren/ui/panes"
)

// detailView shows one step: why it exists, the exact commands, the
// evidence of its last check and when it last ran.
func (m *Model) detailView(c panes.Ctx) []string {
	st := m.Selected()
	body := m.detailBody(c, st)
	top := min(m.detailTop, max(0, len(body)-(m.height-1))) // the window may have grown
	title := c.St.Title.Render(c.St.Glyphs.Marker+"Step") + c.St.Muted.Render(" · "+st.Step.ID+" · esc back")
	lines := append([]string{title}, body[top:]...)
	return panes.FitLines(lines, m.width, m.height)
}

func (m *Model) detailBody(c panes.Ctx, st *checklist.StepState) []string {
	w := max(10, m.width-2)
	glyph, style := StatusLook(c.St, st.Status)
	var out []string
	add := func(lines ...string) { out = append(out, lines...) }
	wrap := func(indent, text string) {
		for _, l := range strings.Split(ansi.Wrap(text, w-len(indent), ""), "\n") {
			add(indent + l)
		}
	}
	title := st.Step.Title
	if st.Step.Block != "" {
		title = st.Step.Block + ": " + title
	}
	// Titles, evidence and output carry names and text from the broker and
	// the nodes: shown only as model.Printable.
	wrap(" ", c.St.Title.Render(model.Printable(title)))
	add(" " + style.Render(glyph+" "+string(st.Status)) + c.St.Muted.Render(" · "+lastRan(c, st)+gateNote(st)))
	add("", c.St.Muted.Render(" Why"))
	wrap("  ", st.Step.Why)
	add(commandLines(c, st)...)
	add(evidenceLines(c, st)...)
	if st.Ack != nil {
		add("", c.St.Muted.Render(" Acknowledged"))
		wrap("  ", model.Printable(st.Ack.By+" at "+st.Ack.At.UTC().Format("15:04:05")+": "+st.Ack.Reason))
	}
	if st.Output != "" {
		add("", c.St.Muted.Render(" Output"))
		for _, l := range strings.Split(strings.TrimRight(st.Output, "\n"), "\n") {
			add("  " + model.Printable(l))
		}
	}
	add("", c.St.Muted.Render(" "+keyHints(st)))
	return out
}

// keyHints names only the keys that do something for this step: x needs an
// action, a needs a failed or interrupted step.
func keyHints(st *checklist.StepState) string {
	hints := []string{"c run check"}
	if st.Step.Action != nil {
		hints = append(hints, "x run action")
	}
	if st.Status == checklist.Failed || st.Status == checklist.Interrupted {
		hints = append(hints, "a acknowledge")
	}
	return strings.Join(append(hints, "esc back"), " · ")
}

func lastRan(c panes.Ctx, st *checklist.StepState) string {
	if st.LastRun.IsZero() {
		return "never run"
	}
	return "last ran " + panes.FormatAge(c.Now.Sub(st.LastRun)) + " ago (" + st.LastRun.UTC().Format("15:04:05") + " UTC)"
}

func gateNote(st *checklist.StepState) string {
	if st.Step.Gate {
		return " · gate"
	}
	return ""
}

func commandLines(c panes.Ctx, st *checklist.StepState) []string {
	cmds := st.Step.Commands
	if st.Step.Action != nil && len(st.Step.Action.Commands) > 0 {
		cmds = st.Step.Action.Commands
	}
	if len(cmds) == 0 {
		return nil
	}
	out := []string{"", c.St.Muted.Render(" Commands")}
	for _, argv := range cmds {
		out = append(out, "  $ "+steps.CommandLine(argv))
	}
	if st.Step.Action != nil && st.Step.Action.Irreversible {
		out = append(out, c.St.Bad.Render("  one-way door: type "+st.Step.Action.Confirm+" to run"))
	}
	return out
}

func evidenceLines(c panes.Ctx, st *checklist.StepState) []string {
	r := st.Last
	if r == nil {
		return []string{"", c.St.Muted.Render(" Last check: none yet")}
	}
	out := []string{"", c.St.Muted.Render(" Last check (" + r.At.UTC().Format("15:04:05") + " UTC): " + string(r.Verdict))}
	out = append(out, "  "+model.Printable(r.Summary))
	for _, e := range r.Evidence {
		out = append(out, "  - "+model.Printable(e))
	}
	for _, f := range r.Findings {
		out = append(out, "  - "+string(f.Severity)+" "+f.Code+": "+model.Printable(f.Title))
	}
	if r.Remedy != "" {
		out = append(out, "  remedy: "+model.Printable(r.Remedy))
	}
	return out
}
