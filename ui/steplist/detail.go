package steplist

import (
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/i18n"
	"github.com/warren-sre/warren/model"
	"github.com/warren-sre/warren/steps"
	"github.com/warren-sre/warren/ui/panes"
)

// detailView shows one step: what it does and why, what can go wrong and
// what to do about it, the exact commands, the evidence of its last check
// (with what its findings mean) and when it last ran. It scrolls.
func (m *Model) detailView(c panes.Ctx) []string {
	st := m.Selected()
	body := m.detailBody(c, st)
	top := min(m.detailTop, max(0, len(body)-(m.height-1))) // the window may have grown
	title := c.St.Title.Render(c.St.Glyphs.Marker+m.p.T("steplist.detail.title")) +
		c.St.Muted.Render(" · "+st.Step.ID+" · "+m.p.T("steplist.key.back"))
	lines := append([]string{title}, body[top:]...)
	return panes.FitLines(lines, m.width, m.height)
}

// body collects the detail's lines, wrapping text to the view's width in
// terminal cells (a Chinese character takes two).
type body struct {
	lines []string
	w     int
}

func (b *body) add(lines ...string) { b.lines = append(b.lines, lines...) }

func (b *body) wrap(indent, text string) {
	b.wrapStyled(indent, text, nil)
}

// wrapStyled wraps plain text, then styles each line (styles never cross
// a line break).
func (b *body) wrapStyled(indent, text string, style styleRenderer) {
	for _, l := range wrapText(text, b.w-ansi.StringWidth(indent)) {
		if style != nil {
			l = style.Render(l)
		}
		b.add(indent + l)
	}
}

// section is a muted heading after a blank line, then its wrapped text.
func (b *body) section(c panes.Ctx, heading, text string) {
	if strings.TrimSpace(text) == "" {
		return
	}
	b.add("", c.St.Muted.Render(" "+heading))
	b.wrap("  ", text)
}

func (m *Model) detailBody(c panes.Ctx, st *checklist.StepState) []string {
	p := m.p
	b := &body{w: max(10, m.width-2)}
	glyph, style := StatusLook(c.St, st.Status)
	// Titles, evidence and output carry names and text from the broker and
	// the nodes: shown only as model.Printable.
	b.wrapStyled(" ", model.Printable(stepTitle(p, st)), c.St.Title)
	b.add(" " + style.Render(glyph+" "+checklist.StatusWord(p, st.Status)) + c.St.Muted.Render(" · "+m.lastRan(c, st)+m.gateNote(st)))
	// What can be done and what the last check saw come first: the
	// explanation below is for reading, these are for acting at 3 a.m.
	b.add(c.St.Muted.Render(" " + m.keyHints(st)))
	m.evidence(c, b, st)
	b.add(m.commandLines(c, st)...)
	m.explanation(c, b, st.Step)
	if st.Ack != nil {
		b.section(c, p.T("steplist.detail.acknowledged"), model.Printable(p.T("steplist.detail.ack-line", map[string]any{
			"By": st.Ack.By, "At": st.Ack.At.UTC().Format("15:04:05"), "Reason": st.Ack.Reason})))
	}
	if st.Output != "" {
		b.add("", c.St.Muted.Render(" "+p.T("steplist.detail.output")))
		for _, l := range strings.Split(strings.TrimRight(st.Output, "\n"), "\n") {
			b.add("  " + model.Printable(l))
		}
	}
	return b.lines
}

// explanation is the step's text from the catalog in the view's language;
// a step warren has no text for shows the one-line why it carries.
func (m *Model) explanation(c panes.Ctx, b *body, st steps.Step) {
	e, ok := steps.Explain(m.p, st.ID)
	if !ok {
		b.section(c, m.p.T("steplist.detail.what"), st.Why)
		return
	}
	b.section(c, m.p.T("steplist.detail.what"), e.What)
	b.section(c, m.p.T("steplist.detail.risk"), e.Risk)
	b.section(c, m.p.T("steplist.detail.fix"), e.Fix)
	b.section(c, m.p.T("steplist.detail.source"), e.Source)
	// The step's own line carries what is particular to this run (why this
	// node goes now, the version, the paths); it is written in English.
	b.section(c, m.p.T("steplist.detail.this-run"), st.Why)
}

// keyHints names only the keys that do something for this step: x needs an
// action, a needs a failed or interrupted step.
func (m *Model) keyHints(st *checklist.StepState) string {
	hints := []string{m.p.T("steplist.key.check")}
	if st.Step.Action != nil {
		hints = append(hints, m.p.T("steplist.key.action"))
	}
	if st.Status == checklist.Failed || st.Status == checklist.Interrupted {
		hints = append(hints, m.p.T("steplist.key.ack"))
	}
	return strings.Join(append(hints, m.p.T("steplist.key.back")), " · ")
}

func (m *Model) lastRan(c panes.Ctx, st *checklist.StepState) string {
	if st.LastRun.IsZero() {
		return m.p.T("steplist.detail.never")
	}
	return m.p.T("steplist.detail.last-ran", map[string]any{
		"Age": panes.FormatAge(c.Now.Sub(st.LastRun)), "At": st.LastRun.UTC().Format("15:04:05")})
}

func (m *Model) gateNote(st *checklist.StepState) string {
	if st.Step.Gate {
		return " · " + m.p.T("steplist.detail.gate")
	}
	return ""
}

func (m *Model) commandLines(c panes.Ctx, st *checklist.StepState) []string {
	cmds := st.Step.Commands
	if st.Step.Action != nil && len(st.Step.Action.Commands) > 0 {
		cmds = st.Step.Action.Commands
	}
	if len(cmds) == 0 {
		return nil
	}
	out := []string{"", c.St.Muted.Render(" " + m.p.T("steplist.detail.commands"))}
	for _, argv := range cmds {
		out = append(out, "  $ "+steps.CommandLine(argv))
	}
	if st.Step.Action != nil && st.Step.Action.Irreversible {
		out = append(out, c.St.Bad.Render("  "+m.p.T("steplist.detail.one-way", map[string]any{"Word": st.Step.Action.Confirm})))
	}
	return out
}

// evidence is the last check as it was journaled (broker text, in
// English), then what each of its findings means in the view's language.
func (m *Model) evidence(c panes.Ctx, b *body, st *checklist.StepState) {
	r := st.Last
	if r == nil {
		b.add("", c.St.Muted.Render(" "+m.p.T("steplist.detail.no-check")))
		return
	}
	b.add("", c.St.Muted.Render(" "+m.p.T("steplist.detail.last-check", map[string]any{
		"At": r.At.UTC().Format("15:04:05"), "Verdict": verdictWord(m.p, r.Verdict)})))
	b.add("  " + model.Printable(r.Summary))
	for _, e := range r.Evidence {
		b.add("  - " + model.Printable(e))
	}
	for _, f := range r.Findings {
		b.add("  - " + string(f.Severity) + " " + f.Code + ": " + model.Printable(f.Title))
	}
	if r.Remedy != "" {
		b.add("  " + m.p.T("steplist.detail.remedy", map[string]any{"Remedy": model.Printable(r.Remedy)}))
	}
	m.findingTexts(c, b, r.Findings)
}

// findingTexts explains each finding code once, those that hold the step
// up first: what it means and what to do.
func (m *Model) findingTexts(c panes.Ctx, b *body, fs []model.Finding) {
	var codes []string
	for _, f := range fs {
		if f.Severity != model.Info && !slices.Contains(codes, f.Code) {
			codes = append(codes, f.Code)
		}
	}
	for _, code := range codes {
		e, ok := steps.ExplainFinding(m.p, code)
		if !ok {
			continue
		}
		sep := " "
		if m.p.Lang() == i18n.Chinese {
			sep = "" // Chinese sentences join without a space
		}
		b.section(c, code, e.What+sep+e.Fix)
	}
}

func verdictWord(p *i18n.Printer, v steps.Verdict) string {
	id := "steplist.verdict." + string(v)
	if w := p.T(id); w != id {
		return w
	}
	return string(v)
}
