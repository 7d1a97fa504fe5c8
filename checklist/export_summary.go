package checklist

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/warren-sre/warren/model"
	"github.com/warren-sre/warren/steps"
)

// summary opens the report with the answer: the outcome, then the facts a
// change ticket records.
func (w *report) summary(s Summary, dir string) {
	info := s.Info
	w.printf("# %s\n\n", w.t("title", map[string]any{"Target": orDash(info.Target)}))
	w.heading(2, "h.summary")
	w.printf("%s\n\n", w.outcome(s))
	item := func(label, value string) {
		w.printf("- %s\n", w.t("item", map[string]any{"Label": w.t(label), "Value": value}))
	}
	item("row.versions", orDash(info.From)+" → "+orDash(info.To))
	if info.Green != "" {
		item("row.bluegreen", w.t("value.bluegreen", map[string]any{"Blue": info.Target, "Green": info.Green}))
	}
	item("row.started", w.t("value.started", map[string]any{"At": ts(info.Started), "Who": orDash(info.Who), "Host": orDash(info.Host)}))
	if !s.Last.IsZero() && !info.Started.IsZero() {
		item("row.last", w.t("value.last", map[string]any{"At": ts(s.Last), "Took": dur(s.Last.Sub(info.Started))}))
	}
	if info.Executor != "" {
		item("row.executor", info.Executor)
	}
	item("row.rundir", "`"+dir+"`")
	if len(s.Nodes) > 0 {
		item("row.nodes", w.nodeList(s.Done, s.Nodes))
		if s.Rollback != nil {
			item("row.back", w.nodeList(s.Back, s.Nodes))
		}
	}
	item("row.canary", w.canary(s.Canary))
	w.b.WriteString("\n")
	w.phases(s.Phases)
	w.firedList(s.Triggers)
	w.consents(s)
}

func (w *report) outcome(s Summary) string {
	data := map[string]any{"To": orDash(s.Info.To), "Done": len(s.Done), "Total": len(s.Nodes)}
	if o := s.Open; o != nil {
		data["Step"], data["ID"] = steps.Title(w.p, steps.Step{ID: o.ID, Title: o.Title}), o.ID
		data["Status"] = StatusWord(w.p, o.Status)
	}
	if r := s.Rollback; r != nil {
		data["By"], data["At"], data["Reason"] = orDash(r.By), ts(r.At), r.Reason
	}
	var lines []string
	switch s.Outcome {
	case Completed:
		id := "outcome.completed"
		if s.Info.Green != "" {
			id, data["Blue"], data["Green"] = "outcome.completed-bg", s.Info.Target, s.Info.Green
		}
		lines = append(lines, w.t(id, data))
	case RolledBack:
		lines = append(lines, w.t("outcome.rolled-back", data))
	case RollbackStopped:
		lines = append(lines, w.t("outcome.rollback-stopped", data))
	default:
		lines = append(lines, w.t("outcome.stopped", data))
	}
	if t := s.Trigger; t != nil {
		lines = append(lines, w.t("outcome.trigger", map[string]any{"Trigger": t.Name, "Summary": t.Summary}))
	}
	return strings.Join(lines, "\n\n")
}

// stepName is a step's title in the report's language, with its id.
func (w *report) stepName(id, title string) string {
	if title == "" {
		return id
	}
	return steps.Title(w.p, steps.Step{ID: id, Title: title}) + " (`" + id + "`)"
}

func (w *report) nodeList(some, all []string) string {
	list := "—"
	if len(some) > 0 {
		list = strings.Join(some, ", ")
	}
	return w.t("value.nodes", map[string]any{"Done": len(some), "Total": len(all), "List": list})
}

func (w *report) canary(c *CanaryTotals) string {
	if c == nil {
		return w.t("value.canary-none")
	}
	return w.t("value.canary", map[string]any{"Confirmed": c.Confirmed, "Lost": c.Lost, "P99": ms(c.WorstP99)})
}

func (w *report) phases(ps []PhaseSummary) {
	if len(ps) == 0 {
		return
	}
	w.heading(3, "h.phases")
	w.printf("| %s |\n|---|---|---|---|---|---|\n", w.t("th.phases"))
	for _, p := range ps {
		confirmed, lost, p99 := "—", "—", "—"
		if c := p.Canary; c != nil {
			confirmed, lost, p99 = fmt.Sprint(c.Confirmed), fmt.Sprint(c.Lost), ms(c.WorstP99)
		}
		w.printf("| %s | %s | %s | %s | %s | %s |\n", steps.PhaseTitle(w.p, p.Phase), ts(p.First), dur(p.Duration()), confirmed, lost, p99)
	}
	w.b.WriteString("\n")
}

func (w *report) firedList(fired []TriggerAt) {
	w.heading(3, "h.fired")
	if len(fired) == 0 {
		w.printf("%s\n\n", w.t("none"))
		return
	}
	for _, t := range fired {
		w.printf("- %s **%s**: %s\n", ts(t.At), t.Name, t.Summary)
	}
	w.b.WriteString("\n")
}

func (w *report) consents(s Summary) {
	w.heading(3, "h.acks")
	if len(s.Consents) == 0 && len(s.AutoSkip) == 0 {
		w.printf("%s\n\n", w.t("none"))
		return
	}
	for _, c := range s.Consents {
		step := ""
		if c.Step != "" {
			step = " " + w.stepName(c.Step, c.Title)
		}
		w.printf("- %s **%s** %s%s: %s\n", ts(c.At), orDash(c.By), w.t("kind."+string(c.Kind)), step, c.Reason)
	}
	reasons := make([]string, 0, len(s.AutoSkip))
	for r := range s.AutoSkip {
		reasons = append(reasons, r)
	}
	slices.Sort(reasons)
	for _, r := range reasons {
		w.printf("- %s\n", w.t("auto-skip", map[string]any{"Count": s.AutoSkip[r], "Reason": r}))
	}
	w.b.WriteString("\n")
}

// explanations closes the report with what each kind of step that ran
// does, what can go wrong there and what to do, and the same for every
// trigger that fired and every finding that held a step up.
func (w *report) explanations(recs []Record) {
	w.heading(2, "h.explain")
	kinds := map[string]bool{}
	var codes, fired []string
	for _, r := range recs {
		if r.Step != "" && !kinds[steps.StepKind(r.Step)] {
			kinds[steps.StepKind(r.Step)] = true
			if e, ok := steps.Explain(w.p, r.Step); ok {
				w.explanation(steps.Title(w.p, steps.Step{ID: r.Step, Title: r.Title})+" (`"+e.Key+"`)", e)
			}
		}
		if r.Result != nil {
			for _, f := range r.Result.Findings {
				if f.Severity != model.Info && !slices.Contains(codes, f.Code) {
					codes = append(codes, f.Code)
				}
			}
		}
		if r.Trigger != nil && !slices.Contains(fired, r.Trigger.Name) {
			fired = append(fired, r.Trigger.Name)
		}
	}
	for _, name := range fired {
		if e, ok := steps.ExplainTrigger(w.p, name); ok {
			w.explanation(w.t("about-trigger", map[string]any{"Name": name}), e)
		}
	}
	for _, code := range codes {
		if e, ok := steps.ExplainFinding(w.p, code); ok {
			w.explanation(w.t("about-finding", map[string]any{"Code": code}), e)
		}
	}
}

func (w *report) explanation(title string, e steps.Explanation) {
	w.printf("### %s\n\n", title)
	for _, part := range []struct{ label, text string }{
		{"steplist.detail.what", e.What}, {"steplist.detail.risk", e.Risk},
		{"steplist.detail.fix", e.Fix}, {"steplist.detail.source", e.Source},
	} {
		w.printf("- %s\n", w.t("item", map[string]any{"Label": w.p.T(part.label), "Value": part.text}))
	}
	w.b.WriteString("\n")
}

func dur(d time.Duration) string { return d.Round(time.Second).String() }

func ms(d time.Duration) string {
	if d <= 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
}
