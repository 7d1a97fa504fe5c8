package cli

// warren plan --from VERSION --to VERSION [--erlang VERSION] [--khepri] [--json]
//
// Offline: works from warren's upgrade knowledge only, no cluster needed.
// Exit codes: 0 a plan exists, 1 no in-place path (blockers; blue-green is
// the answer), 2 bad input (malformed or unknown version, downgrade,
// an Erlang that --from cannot run on).
//
// JSON shape (--json). Field names are stable; optional fields are omitted
// when empty. Versions are strings ("3.9.29", Erlang "26.2.x" = newest 26.2).
//
//	{
//	  "from": "3.9.13",
//	  "to": "4.2.1",
//	  "erlang": "24.2.x",            // given with --erlang, or assumed
//	  "erlang_assumed": true,        // true when --erlang was not given
//	  "khepri_enabled": false,
//	  "blocked": false,              // true: no in-place path, see "blockers"
//	  "prepare": [ACTION...],        // before the first hop
//	  "hops": [
//	    {
//	      "index": 1,
//	      "from": "3.9.13", "to": "3.9.27",
//	      "strategy": "rolling",     // rolling | full-stop
//	      "stepping_stone": true,    // only there because Erlang cannot move in one go
//	      "erlang_min": "23.3", "erlang_max": "24.3",   // what "to" runs on
//	      "erlang_during": "24.2.x", // Erlang the cluster runs during the hop
//	      "before": [ACTION...], "after": [ACTION...],
//	      "notes": ["..."],
//	      "changes": [{"version": "4.0.0", "summary": "...", "source": "release-notes/4.0.1.md"}]
//	    }
//	  ],
//	  "finish": [ACTION...],         // after the last hop
//	  "one_way_doors": [ACTION...],  // every action with "one_way": true, in order
//	  "blockers": [{"code": "NO_IN_PLACE_PATH", "message": "...", "remedy": "...", "doc_url": "..."}],
//	  "warnings": ["..."],           // where the plan rests on less than warren's tables
//	  "knowledge": "...",            // when the tables were last checked, against what
//	  "notes": ["..."]
//	}
//
// ACTION:
//
//	{
//	  "kind": "upgrade_erlang",      // upgrade_erlang | enable_feature_flags | enable_khepri |
//	                                 // confirm_feature_flags | stop_deprecated_feature | fix_config_key |
//	                                 // disable_plugin | upgrade_clients | confirm_erlang | backup | rebalance
//	  "timing": "before",            // before | during (full-stop hops) | after
//	  "title": "...", "command": "...", "why": "...", "doc_url": "...",
//	  "one_way": false,
//	  "erlang_min": "24.3.4.2", "erlang_target": "24.3.x"   // upgrade_erlang only
//	}
//
// Blocker codes: NO_IN_PLACE_PATH, ERLANG_TOO_NEW, NO_ERLANG_PATH.

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/warren-sre/warren/i18n"
	"github.com/warren-sre/warren/model"
)

func init() { addCommand(newPlanCmd) }

type planFlags struct {
	from, to, erlang string
	khepri, json     bool
}

func newPlanCmd() *cobra.Command {
	f := &planFlags{}
	cmd := &cobra.Command{
		Use:     "plan --from VERSION --to VERSION",
		Short:   i18n.T("cli.plan.short"),
		Long:    i18n.T("cli.plan.long"),
		Example: "  warren plan --from 3.9.13 --to 4.2.1 --erlang 24.3\n  warren plan --from 3.13.7 --to 4.2 --khepri --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runPlan(cmd.OutOrStdout(), f, i18n.Default(), jsonPrinter(cmd))
		},
	}
	cmd.Flags().StringVar(&f.from, "from", "", i18n.T("cli.plan.flag.from"))
	cmd.Flags().StringVar(&f.to, "to", "", i18n.T("cli.plan.flag.to"))
	cmd.Flags().StringVar(&f.erlang, "erlang", "", i18n.T("cli.plan.flag.erlang"))
	cmd.Flags().BoolVar(&f.khepri, "khepri", false, i18n.T("cli.plan.flag.khepri"))
	cmd.Flags().BoolVar(&f.json, "json", false, i18n.T("cli.plan.flag.json"))
	return cmd
}

// runPlan prints the plan in tr's language; jsonTr, when not nil, adds
// localised fields to the JSON beside the English ones.
func runPlan(out io.Writer, f *planFlags, tr, jsonTr *i18n.Printer) error {
	plan, err := buildPlan(f)
	if err != nil {
		return withCode(ExitError, err)
	}
	if f.json {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(planToJSON(plan, jsonTr)); err != nil {
			return withCode(ExitError, err)
		}
	} else {
		writePlanText(out, plan, tr)
	}
	if plan.Blocked() {
		return withCode(ExitProblem, errors.New(""))
	}
	return nil
}

func buildPlan(f *planFlags) (model.UpgradePlan, error) {
	if f.from == "" || f.to == "" {
		return model.UpgradePlan{}, errors.New(i18n.T("cli.plan.err.needs_both"))
	}
	from, err := model.ParseKnownVersion(f.from)
	if err != nil {
		return model.UpgradePlan{}, fmt.Errorf("--from: %w", err)
	}
	to, err := model.ParseTarget(f.to)
	if err != nil {
		return model.UpgradePlan{}, fmt.Errorf("--to: %w", err)
	}
	var erlang *model.ErlangVersion
	if f.erlang != "" {
		e, err := model.ParseErlangVersion(f.erlang)
		if err != nil {
			return model.UpgradePlan{}, fmt.Errorf("--erlang: %w", err)
		}
		erlang = &e
	}
	return model.Plan(from, to, erlang, model.PlanOptions{KhepriEnabled: f.khepri})
}

// planJSON and friends are the stable JSON shape documented above.
type planJSON struct {
	From          string        `json:"from"`
	To            string        `json:"to"`
	Erlang        string        `json:"erlang"`
	ErlangAssumed bool          `json:"erlang_assumed"`
	KhepriEnabled bool          `json:"khepri_enabled"`
	Blocked       bool          `json:"blocked"`
	Prepare       []actionJSON  `json:"prepare"`
	Hops          []hopJSON     `json:"hops"`
	Finish        []actionJSON  `json:"finish"`
	OneWayDoors   []actionJSON  `json:"one_way_doors"`
	Blockers      []blockerJSON `json:"blockers"`
	Warnings      []string      `json:"warnings"`
	Knowledge     string        `json:"knowledge"`
	Notes         []string      `json:"notes"`
	// Lang is set, with the *_localized fields, only under an explicit --lang.
	Lang string `json:"lang,omitempty"`
}

type hopJSON struct {
	Index         int          `json:"index"`
	From          string       `json:"from"`
	To            string       `json:"to"`
	Strategy      string       `json:"strategy"`
	SteppingStone bool         `json:"stepping_stone"`
	ErlangMin     string       `json:"erlang_min"`
	ErlangMax     string       `json:"erlang_max"`
	ErlangDuring  string       `json:"erlang_during"`
	Before        []actionJSON `json:"before"`
	After         []actionJSON `json:"after"`
	Notes         []string     `json:"notes"`
	Changes       []changeJSON `json:"changes"`
}

type actionJSON struct {
	Kind         string `json:"kind"`
	Timing       string `json:"timing"`
	Title        string `json:"title"`
	Command      string `json:"command,omitempty"`
	Why          string `json:"why,omitempty"`
	DocURL       string `json:"doc_url,omitempty"`
	OneWay       bool   `json:"one_way"`
	ErlangMin    string `json:"erlang_min,omitempty"`
	ErlangTarget string `json:"erlang_target,omitempty"`
	TitleLocal   string `json:"title_localized,omitempty"`
	WhyLocal     string `json:"why_localized,omitempty"`
}

type changeJSON struct {
	Version string `json:"version"`
	Summary string `json:"summary"`
	Source  string `json:"source"`
}

type blockerJSON struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Remedy  string `json:"remedy"`
	DocURL  string `json:"doc_url"`
	// Localised beside the English, only under an explicit --lang.
	MessageLocal string `json:"message_localized,omitempty"`
	RemedyLocal  string `json:"remedy_localized,omitempty"`
}

// planToJSON is the stable shape; tr, when not nil, adds the localised
// texts beside the English ones (which never change with the language).
func planToJSON(p model.UpgradePlan, tr *i18n.Printer) planJSON {
	out := planJSON{From: p.From.String(), To: p.To.String(), Erlang: p.Erlang.String(), ErlangAssumed: p.ErlangAssumed,
		KhepriEnabled: p.KhepriEnabled, Blocked: p.Blocked(), Prepare: actionsJSON(p.Prepare, tr), Finish: actionsJSON(p.Finish, tr),
		OneWayDoors: actionsJSON(p.OneWayDoors(), tr), Hops: []hopJSON{}, Blockers: []blockerJSON{}, Notes: nonNil(p.Notes),
		Warnings: nonNil(p.Warnings), Knowledge: model.KnowledgeSummary()}
	for i, h := range p.Hops {
		hop := hopJSON{Index: i + 1, From: h.From.String(), To: h.To.String(), Strategy: string(h.Strategy),
			SteppingStone: h.SteppingStone, ErlangMin: h.ErlangMin.String(), ErlangMax: h.ErlangMax.String(),
			ErlangDuring: h.ErlangDuring.String(), Before: actionsJSON(h.Before, tr), After: actionsJSON(h.After, tr),
			Notes: nonNil(h.Notes), Changes: []changeJSON{}}
		for _, c := range h.Changes {
			hop.Changes = append(hop.Changes, changeJSON{Version: c.Version.String(), Summary: c.Summary, Source: c.Source})
		}
		out.Hops = append(out.Hops, hop)
	}
	for _, b := range p.Blockers {
		bj := blockerJSON{Code: b.Code, Message: b.Message, Remedy: b.Remedy, DocURL: b.DocURL}
		if tr != nil {
			bj.MessageLocal, bj.RemedyLocal = tr.Say(planPrefix, b.Message), tr.Say(planPrefix, b.Remedy)
		}
		out.Blockers = append(out.Blockers, bj)
	}
	if tr != nil {
		out.Lang = string(tr.Lang())
	}
	return out
}

func actionsJSON(actions []model.Action, tr *i18n.Printer) []actionJSON {
	out := []actionJSON{}
	for _, a := range actions {
		j := actionJSON{Kind: string(a.Kind), Timing: string(a.Timing), Title: a.Title, Command: a.Command,
			Why: a.Why, DocURL: a.DocURL, OneWay: a.OneWay}
		if !a.ErlangTarget.IsZero() {
			j.ErlangMin, j.ErlangTarget = a.ErlangMin.String(), a.ErlangTarget.String()
		}
		if tr != nil {
			j.TitleLocal = tr.Say(planPrefix, a.Title)
			if a.Why != "" {
				j.WhyLocal = tr.Say(planPrefix, a.Why)
			}
		}
		out = append(out, j)
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// writePlanText prints the plan for a person in a change window: numbered
// hops, each with its before/after actions, commands indented under them.
// The model's sentences are localised by tr; commands stay verbatim.
func writePlanText(w io.Writer, p model.UpgradePlan, tr *i18n.Printer) {
	say := func(s string) string { return tr.Say(planPrefix, s) }
	fmt.Fprintln(w, tr.T("plan.heading", map[string]any{"From": p.From, "To": p.To}))
	erl := map[string]any{"Erlang": p.Erlang, "From": p.From}
	if p.ErlangAssumed {
		fmt.Fprintln(w, tr.T("plan.erlang_assumed", erl))
	} else {
		fmt.Fprintln(w, tr.T("plan.erlang", erl))
	}
	if p.KhepriEnabled {
		fmt.Fprintln(w, tr.T("plan.khepri"))
	}
	for _, warning := range p.Warnings {
		fmt.Fprintln(w, tr.T("plan.warning", map[string]any{"Text": say(warning)}))
	}
	writeBlockers(w, p.Blockers, tr)
	writeActions(w, "\n"+tr.T("plan.before_start"), p.Prepare, tr)
	for i, h := range p.Hops {
		writeHop(w, i+1, h, tr)
	}
	writeActions(w, "\n"+tr.T("plan.finish"), p.Finish, tr)
	if doors := p.OneWayDoors(); len(doors) > 0 {
		fmt.Fprintln(w, "\n"+tr.T("plan.doors"))
		for _, d := range doors {
			fmt.Fprintf(w, "  ! %s\n", say(d.Title))
		}
	}
	if len(p.Notes) > 0 {
		fmt.Fprintln(w, "\n"+tr.T("plan.notes"))
		for _, n := range p.Notes {
			fmt.Fprintf(w, "  - %s\n", say(n))
		}
	}
	fmt.Fprintf(w, "\n(%s)\n", knowledgeSummary(tr))
}

func writeBlockers(w io.Writer, blockers []model.PlanBlocker, tr *i18n.Printer) {
	for _, b := range blockers {
		fmt.Fprintf(w, "\n%s\n  → %s\n    %s\n", tr.T("plan.blocked", map[string]any{"Code": b.Code, "Message": tr.Say(planPrefix, b.Message)}),
			tr.Say(planPrefix, b.Remedy), b.DocURL)
	}
}

func writeHop(w io.Writer, n int, h model.Hop, tr *i18n.Printer) {
	id := "plan.hop"
	if h.SteppingStone {
		id = "plan.hop_stone"
	}
	fmt.Fprintf(w, "\n%s\n", tr.T(id, map[string]any{"N": n, "From": h.From, "To": h.To, "Strategy": tr.T("plan.strategy." + string(h.Strategy))}))
	fmt.Fprintf(w, "  %s\n", tr.T("plan.hop_erlang", map[string]any{"To": h.To, "Min": h.ErlangMin, "Max": h.ErlangMax, "During": h.ErlangDuring}))
	for _, note := range h.Notes {
		fmt.Fprintf(w, "  %s\n", tr.T("plan.note", map[string]any{"Text": tr.Say(planPrefix, note)}))
	}
	for _, c := range h.Changes {
		fmt.Fprintf(w, "  %s\n", tr.T("plan.read", map[string]any{"Series": c.Version.Series(), "Summary": tr.Say(planPrefix, c.Summary), "Source": c.Source}))
	}
	writeActionList(w, "  "+tr.T("plan.before"), h.Before, tr)
	fmt.Fprintf(w, "  %s\n", tr.T("plan.upgrade", map[string]any{"Line": upgradeLine(h, tr)}))
	writeActionList(w, "  "+tr.T("plan.after"), h.After, tr)
}

func upgradeLine(h model.Hop, tr *i18n.Printer) string {
	to := map[string]any{"To": h.To}
	if h.Strategy == model.FullStop {
		return tr.T("plan.full_stop_line", to)
	}
	// The safety commands exist from 3.8.3 / 3.8.8: older nodes lack them.
	steps := []string{}
	if h.From.AtLeast(model.QuorumCriticalCheckSince) {
		steps = append(steps, tr.T("plan.step.quorum_check"))
	}
	if h.From.AtLeast(model.MaintenanceModeSince) {
		steps = append(steps, tr.T("plan.step.drain"))
	}
	steps = append(steps, tr.T("plan.step.stop"), tr.T("plan.step.install", to), tr.T("plan.step.start"), tr.T("plan.step.await"))
	return tr.T("plan.rolling_line", map[string]any{"Steps": strings.Join(steps, tr.T("plan.list_sep"))})
}

func writeActions(w io.Writer, heading string, actions []model.Action, tr *i18n.Printer) {
	if len(actions) == 0 {
		return
	}
	fmt.Fprintln(w, heading+tr.T("plan.colon"))
	writeActionList(w, "", actions, tr)
}

func writeActionList(w io.Writer, heading string, actions []model.Action, tr *i18n.Printer) {
	if len(actions) == 0 {
		return
	}
	if heading != "" {
		fmt.Fprintln(w, heading)
	}
	for _, a := range actions {
		mark := "-"
		if a.OneWay {
			mark = "!"
		}
		fmt.Fprintf(w, "    %s %s\n", mark, tr.Say(planPrefix, a.Title))
		if a.Command != "" {
			fmt.Fprintf(w, "        $ %s\n", a.Command)
		}
		if a.Why != "" {
			fmt.Fprintf(w, "        %s\n", tr.T("plan.why", map[string]any{"Text": tr.Say(planPrefix, a.Why)}))
		}
	}
}
