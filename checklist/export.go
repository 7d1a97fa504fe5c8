package checklist

import (
	"bytes"
	"fmt"
	"strings"
	"time"
)

// ExportMarkdown writes the change-ticket report of the run in dir: what it
// was, the timeline, gates with evidence, commands with exit codes, who
// confirmed and acknowledged what, triggers, and the baseline comparison.
// It needs no runbook: records carry step titles.
func ExportMarkdown(dir string) ([]byte, error) {
	recs, problems, err := Records(dir)
	if err != nil {
		return nil, err
	}
	st := NewState()
	for _, r := range recs {
		st.Apply(r)
	}
	var b bytes.Buffer
	writeHeader(&b, st.Info, dir)
	writeProblems(&b, problems)
	writeTimeline(&b, recs)
	writeGates(&b, recs)
	writeCommands(&b, recs)
	writeConsent(&b, recs)
	writeTriggers(&b, recs)
	writeBaseline(&b, st.Metrics)
	return b.Bytes(), nil
}

func ts(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05Z") }

// cell makes text safe inside a Markdown table cell.
func cell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.Join(strings.Fields(s), " ")
}

func writeHeader(b *bytes.Buffer, info RunInfo, dir string) {
	fmt.Fprintf(b, "# RabbitMQ upgrade run: %s\n\n", orDash(info.Target))
	fmt.Fprintf(b, "- Versions: %s → %s\n", orDash(info.From), orDash(info.To))
	if info.Green != "" {
		fmt.Fprintf(b, "- Blue-green migration: %s (blue) moved into %s\n- Green: %s\n", info.Target, info.Green, info.Green)
	}
	fmt.Fprintf(b, "- Started: %s by %s on %s\n", ts(info.Started), orDash(info.Who), orDash(info.Host))
	if info.Executor != "" {
		fmt.Fprintf(b, "- Executor: %s\n", info.Executor)
	}
	fmt.Fprintf(b, "- Run directory: `%s`\n\n", dir)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func writeProblems(b *bytes.Buffer, problems []Problem) {
	if len(problems) == 0 {
		return
	}
	b.WriteString("## Journal problems\n\n")
	for _, p := range problems {
		fmt.Fprintf(b, "- %s\n", p)
	}
	b.WriteString("\n")
}

func writeTimeline(b *bytes.Buffer, recs []Record) {
	b.WriteString("## Timeline\n\n| time | event | step | by | detail |\n|---|---|---|---|---|\n")
	for _, r := range recs {
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n", ts(r.At), r.Kind, cell(stepName(r)), cell(r.By), cell(detail(r)))
	}
	b.WriteString("\n")
}

func stepName(r Record) string {
	if r.Title != "" {
		return r.Title + " (`" + r.Step + "`)"
	}
	return r.Step
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

func writeGates(b *bytes.Buffer, recs []Record) {
	b.WriteString("## Checks and evidence\n\n")
	for _, r := range recs {
		if r.Kind != KindCheck || r.Result == nil {
			continue
		}
		fmt.Fprintf(b, "### %s — %s (%s)\n\n%s\n\n", stepName(r), strings.ToUpper(string(r.Result.Verdict)), ts(r.At), r.Result.Summary)
		for _, e := range r.Result.Evidence {
			fmt.Fprintf(b, "- %s\n", strings.ReplaceAll(e, "\n", "\n  "))
		}
		for _, f := range r.Result.Findings {
			fmt.Fprintf(b, "- finding %s (%s): %s\n", f.Code, f.Severity, f.Title)
		}
		if r.Result.Remedy != "" {
			fmt.Fprintf(b, "\nRemedy: %s\n", r.Result.Remedy)
		}
		b.WriteString("\n")
	}
}

func writeCommands(b *bytes.Buffer, recs []Record) {
	b.WriteString("## Commands\n\n")
	for _, r := range recs {
		switch {
		case r.Command != nil:
			c := r.Command
			fmt.Fprintf(b, "- %s `%s` on %s: exit %d in %s", ts(r.At), strings.Join(c.Argv, " "), orDash(c.Node), c.ExitCode, c.Duration)
			if c.Error != "" {
				fmt.Fprintf(b, " (%s)", c.Error)
			}
			b.WriteString("\n")
			writeOutput(b, c.Stdout+c.Stderr)
		case r.Kind == KindStepFinished:
			status := "ok"
			if r.Error != "" {
				status = "failed: " + r.Error
			}
			fmt.Fprintf(b, "- %s action of %s finished: %s\n", ts(r.At), stepName(r), status)
			writeOutput(b, r.Output)
		}
	}
	b.WriteString("\n")
}

func writeOutput(b *bytes.Buffer, out string) {
	out = strings.TrimSpace(out)
	if out == "" {
		return
	}
	const keep = 2000
	if len(out) > keep {
		out = "…" + out[len(out)-keep:]
	}
	fmt.Fprintf(b, "\n  ```\n  %s\n  ```\n", strings.ReplaceAll(out, "\n", "\n  "))
}

func writeConsent(b *bytes.Buffer, recs []Record) {
	b.WriteString("## Confirmations and acknowledgements\n\n")
	for _, r := range recs {
		switch r.Kind {
		case KindConfirmation, KindAcknowledged, KindSkipped, KindLockTakenOver, KindRollbackBegun:
			fmt.Fprintf(b, "- %s %s %s %s: %s\n", ts(r.At), orDash(r.By), r.Kind, stepName(r), r.Text)
		}
	}
	b.WriteString("\n")
}

func writeTriggers(b *bytes.Buffer, recs []Record) {
	b.WriteString("## Rollback triggers\n\n")
	n := 0
	for _, r := range recs {
		if r.Trigger == nil {
			continue
		}
		n++
		fmt.Fprintf(b, "- %s **%s**: %s\n", ts(r.At), r.Trigger.Name, r.Trigger.Summary)
		for _, e := range r.Trigger.Evidence {
			fmt.Fprintf(b, "  - %s\n", e)
		}
	}
	if n == 0 {
		b.WriteString("None fired.\n")
	}
	b.WriteString("\n")
}

func writeBaseline(b *bytes.Buffer, metrics []Metric) {
	if len(metrics) == 0 {
		return
	}
	b.WriteString("## Baseline comparison\n\n| metric | before | after | change |\n|---|---|---|---|\n")
	for _, m := range metrics {
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", cell(m.Name), num(m.Before, m.Unit), num(m.After, m.Unit), change(m))
	}
	b.WriteString("\n")
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
