package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/warren-sre/warren/broker"
	"github.com/warren-sre/warren/i18n"
	"github.com/warren-sre/warren/model"
	"github.com/warren-sre/warren/steps"
)

func init() { addCommand(newCheckCmd) }

// checkReport is `warren check --json`, documented in docs/check-json.md.
// Field names are a contract for scripts: add, never rename.
type checkReport struct {
	Target      targetInfo           `json:"target"`
	To          string               `json:"to"`
	From        string               `json:"from,omitempty"`
	ClusterName string               `json:"cluster_name"`
	CheckedAt   time.Time            `json:"checked_at"`
	OK          bool                 `json:"ok"`
	Blockers    int                  `json:"blockers"`
	Warnings    int                  `json:"warnings"`
	Findings    []model.Finding      `json:"findings"`
	Versions    map[string]string    `json:"versions"`
	Erlang      []model.NodeErlang   `json:"erlang"`
	Clients     []model.ClientGroup  `json:"clients"`
	ConfigFiles []model.ConfigFile   `json:"config_files"`
	Deprecated  deprecationsReported `json:"deprecated_features_api"`
}

// deprecationsReported says whether /api/deprecated-features/used answered.
type deprecationsReported struct {
	Supported bool     `json:"supported"`
	Used      []string `json:"used"`
	Error     string   `json:"error,omitempty"`
}

func newCheckCmd() *cobra.Command {
	var tf targetFlags
	var to string
	var asJSON bool
	var configs []string
	cmd := &cobra.Command{
		Use:   "check --to VERSION",
		Short: i18n.T("cli.check.short"),
		Long:  i18n.T("cli.check.long"),
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			target, err := model.ParseCheckTarget(to)
			if err != nil {
				return withCode(ExitError, err)
			}
			paths, err := parseConfigFlags(configs)
			if err != nil {
				return withCode(ExitError, err)
			}
			res, err := tf.resolve()
			if err != nil {
				return err
			}
			report, err := runCheck(cmd.Context(), res.Target, target, steps.ConfigSource{Paths: paths})
			if err != nil {
				return withCode(ExitError, err)
			}
			out := cmd.OutOrStdout()
			if asJSON {
				err = writeJSON(out, localiseCheck(report, jsonPrinter(cmd)))
			} else {
				printCheck(out, report, i18n.Default())
			}
			if err != nil {
				return withCode(ExitError, err)
			}
			if !report.OK {
				return withCode(ExitProblem, errors.New(""))
			}
			return nil
		},
	}
	tf.bind(cmd)
	cmd.Flags().StringVar(&to, "to", "", i18n.T("cli.check.flag.to"))
	cmd.Flags().BoolVar(&asJSON, "json", false, i18n.T("cli.check.flag.json"))
	cmd.Flags().StringArrayVar(&configs, "config", nil, i18n.T("cli.check.flag.config"))
	_ = cmd.MarkFlagRequired("to")
	return cmd
}

// parseConfigFlags reads --config NODE=PATH pairs.
func parseConfigFlags(flags []string) (map[string][]string, error) {
	out := map[string][]string{}
	for _, f := range flags {
		node, path, ok := strings.Cut(f, "=")
		if !ok || node == "" || path == "" {
			return nil, errors.New(i18n.T("cli.check.err.config", map[string]any{"Value": fmt.Sprintf("%q", f)}))
		}
		out[node] = append(out[node], path)
	}
	return out, nil
}

// runCheck takes a snapshot, gathers the extra facts and runs every check.
// It fails only when no node answered at all.
func runCheck(ctx context.Context, t broker.Target, target model.Version, src steps.ConfigSource) (checkReport, error) {
	cluster, err := broker.Connect(t)
	if err != nil {
		return checkReport{}, err
	}
	// One budget for everything check reads (OneShotFactor × T): a fact
	// not read by then fails its check closed.
	ctx, cancel := context.WithTimeout(ctx, t.Within(broker.OneShotFactor))
	defer cancel()
	snap := cluster.TakeSnapshot(ctx, 10)
	if !anyNodeAnswered(snap) {
		return checkReport{}, errors.New(i18n.T("cli.err.unreachable", map[string]any{"Err": snap.Overview.Err}))
	}
	facts := steps.GatherFacts(ctx, cluster, snap, target, src)
	return checkReportOf(describeTarget(t), facts, time.Now().UTC()), nil
}

// checkReportOf judges facts (read from the cluster, or recorded) into the
// report both the JSON and the text print.
func checkReportOf(t targetInfo, facts model.CheckFacts, at time.Time) checkReport {
	snap, target := facts.Snapshot, facts.Target
	findings := model.Preflight(facts)
	report := checkReport{
		Target: t, To: target.String(), ClusterName: snap.Overview.Value.ClusterName,
		CheckedAt: at, Findings: findings, OK: !model.HasBlocker(findings),
		Versions: model.NodeVersions(snap), Erlang: model.ErlangVersions(snap),
		Clients:     model.ClientInventory(snap.Connections.Value, target),
		ConfigFiles: facts.ConfigFiles,
		Deprecated:  deprecationsReported{Supported: facts.DeprecatedSupported, Used: facts.DeprecatedUsed, Error: facts.DeprecatedErr},
	}
	if from, ok := model.CurrentVersion(snap); ok {
		report.From = from.String()
	}
	for _, f := range findings {
		switch f.Severity {
		case model.Blocker:
			report.Blockers++
		case model.Warning:
			report.Warnings++
		}
	}
	if report.Deprecated.Used == nil {
		report.Deprecated.Used = []string{}
	}
	if report.ConfigFiles == nil {
		report.ConfigFiles = []model.ConfigFile{}
	}
	return report
}

func printCheck(w io.Writer, r checkReport, tr *i18n.Printer) {
	verdict := tr.T("check.verdict.ready")
	if !r.OK {
		verdict = tr.T("check.verdict.blocked")
	}
	fmt.Fprintln(w, tr.T("check.heading", map[string]any{"Verdict": verdict, "From": dash(r.From), "To": r.To,
		"Cluster": dash(r.ClusterName), "Blockers": r.Blockers, "Warnings": r.Warnings}))
	if !r.Target.TLSVerify {
		fmt.Fprintln(w, tr.T("cli.tls_off"))
	}
	for _, f := range r.Findings {
		fmt.Fprintf(w, "\n[%s] %s  %s\n", severityWord(tr, f.Severity), f.Code, model.Printable(findingTitle(tr, f)))
		for _, e := range f.Evidence {
			fmt.Fprintf(w, "    %s\n", model.Printable(e))
		}
		if f.Remedy != "" {
			fmt.Fprintf(w, "  → %s\n", model.Printable(findingRemedy(tr, f)))
		}
		if f.Doc != "" {
			fmt.Fprintf(w, "    %s\n", f.Doc)
		}
	}
	printClients(w, r.Clients, tr)
}

func printClients(w io.Writer, groups []model.ClientGroup, tr *i18n.Printer) {
	if len(groups) == 0 {
		fmt.Fprintln(w, "\n"+tr.T("check.clients_none"))
		return
	}
	fmt.Fprintln(w, "\n"+tr.T("check.clients"))
	for _, g := range groups {
		fmt.Fprintf(w, "  %4d × %s %s (%s) [%s]\n", g.Count, dash(g.Product), dash(g.Version), dash(g.Platform), g.Status)
	}
}

// localisedCheck is checkReport with localised finding texts beside the
// English ones; its Findings shadows the embedded report's.
type localisedCheck struct {
	checkReport
	Lang     string        `json:"lang"`
	Findings []findingJSON `json:"findings"`
}

// localiseCheck adds the localised texts when tr is set (explicit --lang).
func localiseCheck(r checkReport, tr *i18n.Printer) any {
	if tr == nil {
		return r
	}
	return localisedCheck{checkReport: r, Lang: string(tr.Lang()), Findings: localiseFindings(r.Findings, tr)}
}
