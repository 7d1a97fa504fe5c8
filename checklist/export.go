package checklist

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/warren-sre/warren/i18n"
)

// ExportMarkdown writes the change-ticket report of the run in dir, in p's
// language: first the summary a ticket needs (outcome, versions, nodes,
// phases with their durations and canary figures, triggers, every
// acknowledgement with who and why), then the detail — timeline, checks
// with evidence, commands with exit codes, confirmations, triggers, the
// baseline comparison — and what each step that ran does. It needs no
// runbook: records carry step titles. Evidence and command output stay as
// the cluster said them.
func ExportMarkdown(dir string, p *i18n.Printer) ([]byte, error) {
	if p == nil {
		p = i18n.Default()
	}
	recs, problems, err := Records(dir)
	if err != nil {
		return nil, err
	}
	st := NewState()
	for _, r := range recs {
		st.Apply(r)
	}
	w := &report{p: p}
	w.summary(Summarize(recs), dir)
	w.problems(problems)
	w.timeline(recs)
	w.gates(recs)
	w.commands(recs)
	w.consent(recs)
	w.triggers(recs)
	w.baseline(st.Metrics)
	w.explanations(recs)
	return w.b.Bytes(), nil
}

// report writes Markdown in one language.
type report struct {
	b bytes.Buffer
	p *i18n.Printer
}

func (w *report) t(id string, data ...map[string]any) string { return w.p.T("report."+id, data...) }

func (w *report) printf(format string, args ...any) { fmt.Fprintf(&w.b, format, args...) }

func (w *report) heading(level int, id string) {
	w.printf("%s %s\n\n", strings.Repeat("#", level), w.t(id))
}

func ts(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05Z") }

// cell makes text safe inside a Markdown table cell.
func cell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.Join(strings.Fields(s), " ")
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func (w *report) problems(problems []Problem) {
	if len(problems) == 0 {
		return
	}
	w.heading(2, "h.problems")
	for _, p := range problems {
		w.printf("- %s\n", p)
	}
	w.b.WriteString("\n")
}

func (w *report) timeline(recs []Record) {
	w.heading(2, "h.timeline")
	w.printf("| %s |\n|---|---|---|---|---|\n", w.t("th.timeline"))
	for _, r := range recs {
		w.printf("| %s | %s | %s | %s | %s |\n", ts(r.At), r.Kind, cell(w.stepName(r.Step, r.Title)), cell(r.By), cell(detail(r)))
	}
	w.b.WriteString("\n")
}

func detail(r Record) string {
	switch {
	case r.Result != nil:
		return string(r.Result.Verdict) + ": " + r.Result.Summary
	case r.Command != nil:
		return fmt.Sprintf("`%s` → exit %d", strings.Join(r.Command.Argv, " "), r.Command.ExitCode)
	case r.Trigger != nil:
		return r.Trigger.Name + ": " + r.Trigger.Summary
	case r.Error != "":
		return "error: " + r.Error
	case r.Run != nil:
		return fmt.Sprintf("%s → %s on %s", orDash(r.Run.From), orDash(r.Run.To), orDash(r.Run.Target))
	}
	return r.Text
}

func (w *report) gates(recs []Record) {
	w.heading(2, "h.checks")
	for _, r := range recs {
		if r.Kind != KindCheck || r.Result == nil {
			continue
		}
		w.printf("### %s — %s (%s)\n\n%s\n\n", w.stepName(r.Step, r.Title), strings.ToUpper(string(r.Result.Verdict)), ts(r.At), r.Result.Summary)
		for _, e := range r.Result.Evidence {
			w.printf("- %s\n", strings.ReplaceAll(e, "\n", "\n  "))
		}
		for _, f := range r.Result.Findings {
			w.printf("- %s %s (%s): %s\n", w.t("finding"), f.Code, f.Severity, f.Title)
		}
		if r.Result.Remedy != "" {
			w.printf("\n%s %s\n", w.t("remedy"), r.Result.Remedy)
		}
		w.b.WriteString("\n")
	}
}

func (w *report) commands(recs []Record) {
	w.heading(2, "h.commands")
	for _, r := range recs {
		switch {
		case r.Command != nil:
			c := r.Command
			w.printf("- %s `%s` on %s: exit %d in %s", ts(r.At), strings.Join(c.Argv, " "), orDash(c.Node), c.ExitCode, c.Duration)
			if c.Error != "" {
				w.printf(" (%s)", c.Error)
			}
			w.b.WriteString("\n")
			w.output(c.Stdout + c.Stderr)
		case r.Kind == KindStepFinished:
			status := "ok"
			if r.Error != "" {
				status = "failed: " + r.Error
			}
			w.printf("- %s action of %s finished: %s\n", ts(r.At), w.stepName(r.Step, r.Title), status)
			w.output(r.Output)
		}
	}
	w.b.WriteString("\n")
}

func (w *report) output(out string) {
	out = strings.TrimSpace(out)
	if out == "" {
		return
	}
	const keep = 2000
	if len(out) > keep {
		out = "…" + out[len(out)-keep:]
	}
	w.printf("\n  ```\n  %s\n  ```\n", strings.ReplaceAll(out, "\n", "\n  "))
}

func (w *report) consent(recs []Record) {
	w.heading(2, "h.consent")
	for _, r := range recs {
		switch r.Kind {
		case KindConfirmation, KindAcknowledged, KindSkipped, KindLockTakenOver, KindRollbackBegun:
			w.printf("- %s %s %s %s: %s\n", ts(r.At), orDash(r.By), r.Kind, w.stepName(r.Step, r.Title), r.Text)
		}
	}
	w.b.WriteString("\n")
}

func (w *report) triggers(recs []Record) {
	w.heading(2, "h.triggers")
	n := 0
	for _, r := range recs {
		if r.Trigger == nil {
			continue
		}
		n++
		w.printf("- %s **%s**: %s\n", ts(r.At), r.Trigger.Name, r.Trigger.Summary)
		for _, e := range r.Trigger.Evidence {
			w.printf("  - %s\n", e)
		}
	}
	if n == 0 {
		w.printf("%s\n", w.t("none-fired"))
	}
	w.b.WriteString("\n")
}

func (w *report) baseline(metrics []Metric) {
	if len(metrics) == 0 {
		return
	}
	w.heading(2, "h.baseline")
	w.printf("| %s |\n|---|---|---|---|\n", w.t("th.baseline"))
	for _, m := range metrics {
		w.printf("| %s | %s | %s | %s |\n", cell(m.Name), num(m.Before, m.Unit), num(m.After, m.Unit), change(m))
	}
	w.b.WriteString("\n")
}

func num(v float64, unit string) string {
	return strings.TrimSpace(fmt.Sprintf("%.4g %s", v, unit))
}

func change(m Metric) string {
	if m.Before == 0 {
		return "—"
	}
	return fmt.Sprintf("%+.1f %%", (m.After-m.Before)/m.Before*100)
}
