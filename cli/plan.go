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
		Use:   "plan --from VERSION --to VERSION",
		Short: "Plan an upgrade path offline: hops, Erlang moves, feature flags, one-way doors",
		Long: `plan works out, without touching a cluster, how to upgrade RabbitMQ from one
version to another: the hops (the latest patch of every intermediate series),
when Erlang must move and to what, the feature-flag step after every hop, the
one-way doors, and the cases with no in-place path (blue-green instead).

--to accepts a bare series ("4.2") for its latest known patch. Without --erlang
the plan assumes the newest Erlang that --from supports, and says so.

Exit codes: 0 plan found, 1 no in-place path, 2 bad input.`,
		Example: "  warren plan --from 3.9.13 --to 4.2.1 --erlang 24.3\n  warren plan --from 3.13.7 --to 4.2 --khepri --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runPlan(cmd.OutOrStdout(), f)
		},
	}
	cmd.Flags().StringVar(&f.from, "from", "", "version the cluster runs now, e.g. 3.9.13 (required)")
	cmd.Flags().StringVar(&f.to, "to", "", "target version, e.g. 4.2.1 or 4.2 (required)")
	cmd.Flags().StringVar(&f.erlang, "erlang", "", "Erlang/OTP version the cluster runs now, e.g. 24.3 or 26.2.5")
	cmd.Flags().BoolVar(&f.khepri, "khepri", false, "the cluster has Khepri (khepri_db) enabled")
	cmd.Flags().BoolVar(&f.json, "json", false, "print the plan as JSON")
	return cmd
}

func runPlan(out io.Writer, f *planFlags) error {
	plan, err := buildPlan(f)
	if err != nil {
		return withCode(ExitError, err)
	}
	if f.json {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(planToJSON(plan)); err != nil {
			return withCode(ExitError, err)
		}
	} else {
		writePlanText(out, plan)
	}
	if plan.Blocked() {
		return withCode(ExitProblem, errors.New(""))
	}
	return nil
}

func buildPlan(f *planFlags) (model.UpgradePlan, error) {
	if f.from == "" || f.to == "" {
		return model.UpgradePlan{}, errors.New("plan needs both --from and --to, e.g. --from 3.9.13 --to 4.2.1")
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
}

func planToJSON(p model.UpgradePlan) planJSON {
	out := planJSON{From: p.From.String(), To: p.To.String(), Erlang: p.Erlang.String(), ErlangAssumed: p.ErlangAssumed,
		KhepriEnabled: p.KhepriEnabled, Blocked: p.Blocked(), Prepare: actionsJSON(p.Prepare), Finish: actionsJSON(p.Finish),
		OneWayDoors: actionsJSON(p.OneWayDoors()), Hops: []hopJSON{}, Blockers: []blockerJSON{}, Notes: nonNil(p.Notes),
		Warnings: nonNil(p.Warnings), Knowledge: model.KnowledgeSummary()}
	for i, h := range p.Hops {
		hop := hopJSON{Index: i + 1, From: h.From.String(), To: h.To.String(), Strategy: string(h.Strategy),
			SteppingStone: h.SteppingStone, ErlangMin: h.ErlangMin.String(), ErlangMax: h.ErlangMax.String(),
			ErlangDuring: h.ErlangDuring.String(), Before: actionsJSON(h.Before), After: actionsJSON(h.After),
			Notes: nonNil(h.Notes), Changes: []changeJSON{}}
		for _, c := range h.Changes {
			hop.Changes = append(hop.Changes, changeJSON{Version: c.Version.String(), Summary: c.Summary, Source: c.Source})
		}
		out.Hops = append(out.Hops, hop)
	}
	for _, b := range p.Blockers {
		out.Blockers = append(out.Blockers, blockerJSON{Code: b.Code, Message: b.Message, Remedy: b.Remedy, DocURL: b.DocURL})
	}
	return out
}

func actionsJSON(actions []model.Action) []actionJSON {
	out := []actionJSON{}
	for _, a := range actions {
		j := actionJSON{Kind: string(a.Kind), Timing: string(a.Timing), Title: a.Title, Command: a.Command,
			Why: a.Why, DocURL: a.DocURL, OneWay: a.OneWay}
		if !a.ErlangTarget.IsZero() {
			j.ErlangMin, j.ErlangTarget = a.ErlangMin.String(), a.ErlangTarget.String()
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
func writePlanText(w io.Writer, p model.UpgradePlan) {
	fmt.Fprintf(w, "Upgrade plan: RabbitMQ %s → %s\n", p.From, p.To)
	erl := "Erlang " + p.Erlang.String()
	if p.ErlangAssumed {
		erl += " (assumed: the newest " + p.From.String() + " supports; pass --erlang to be exact)"
	}
	fmt.Fprintln(w, erl)
	if p.KhepriEnabled {
		fmt.Fprintln(w, "Khepri: enabled")
	}
	for _, warning := range p.Warnings {
		fmt.Fprintf(w, "WARNING: %s\n", warning)
	}
	writeBlockers(w, p.Blockers)
	writeActions(w, "\nBefore you start", p.Prepare)
	for i, h := range p.Hops {
		writeHop(w, i+1, h)
	}
	writeActions(w, "\nWhen the target is reached", p.Finish)
	if doors := p.OneWayDoors(); len(doors) > 0 {
		fmt.Fprintln(w, "\nOne-way doors (no rollback in place after these):")
		for _, d := range doors {
			fmt.Fprintf(w, "  ! %s\n", d.Title)
		}
	}
	if len(p.Notes) > 0 {
		fmt.Fprintln(w, "\nNotes:")
		for _, n := range p.Notes {
			fmt.Fprintf(w, "  - %s\n", n)
		}
	}
	fmt.Fprintf(w, "\n(%s)\n", model.KnowledgeSummary())
}

func writeBlockers(w io.Writer, blockers []model.PlanBlocker) {
	for _, b := range blockers {
		fmt.Fprintf(w, "\nBLOCKED [%s]: %s\n  → %s\n    %s\n", b.Code, b.Message, b.Remedy, b.DocURL)
	}
}

func writeHop(w io.Writer, n int, h model.Hop) {
	label := ""
	if h.SteppingStone {
		label = ", stepping stone for Erlang"
	}
	fmt.Fprintf(w, "\nHop %d: %s → %s (%s%s)\n", n, h.From, h.To, h.Strategy, label)
	fmt.Fprintf(w, "  %s runs on Erlang %s – %s; the cluster is on %s during this hop\n", h.To, h.ErlangMin, h.ErlangMax, h.ErlangDuring)
	for _, note := range h.Notes {
		fmt.Fprintf(w, "  note: %s\n", note)
	}
	for _, c := range h.Changes {
		fmt.Fprintf(w, "  read: %s — %s (%s)\n", c.Version.Series(), c.Summary, c.Source)
	}
	writeActionList(w, "  before:", h.Before)
	fmt.Fprintf(w, "  upgrade: %s\n", upgradeLine(h))
	writeActionList(w, "  after:", h.After)
}

func upgradeLine(h model.Hop) string {
	if h.Strategy == model.FullStop {
		return fmt.Sprintf("stop every node, install RabbitMQ %s on each, start the last node stopped first", h.To)
	}
	// The safety commands exist from 3.8.3 / 3.8.8: older nodes lack them.
	steps := []string{}
	if h.From.AtLeast(model.QuorumCriticalCheckSince) {
		steps = append(steps, "check quorum-critical")
	}
	if h.From.AtLeast(model.MaintenanceModeSince) {
		steps = append(steps, "drain")
	}
	steps = append(steps, "stop", "install RabbitMQ "+h.To.String(), "start", "await_startup")
	return "node by node: " + strings.Join(steps, ", ")
}

func writeActions(w io.Writer, heading string, actions []model.Action) {
	if len(actions) == 0 {
		return
	}
	fmt.Fprintln(w, heading+":")
	writeActionList(w, "", actions)
}

func writeActionList(w io.Writer, heading string, actions []model.Action) {
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
		fmt.Fprintf(w, "    %s %s\n", mark, a.Title)
		if a.Command != "" {
			fmt.Fprintf(w, "        $ %s\n", a.Command)
		}
		if a.Why != "" {
			fmt.Fprintf(w, "        why: %s\n", a.Why)
		}
	}
}
