package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/warren-sre/warren/broker"
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
		Short: "Pre-flight check of the live cluster against a target version (exit 0 no blockers, 1 blockers, 2 could not check)",
		Long: `check reads the live cluster and reports everything that would make an upgrade to
--to fail: unsupported paths, Erlang out of range, disabled feature flags, classic
mirroring and other deprecated features, plugins the target no longer ships, client
libraries too old for the target, unhealthy nodes, thin disk or memory headroom and
config keys that break the boot. Each finding has a stable code, a severity, the
evidence and the remedy. --json prints the report documented in docs/check-json.md.`,
		Args: cobra.NoArgs,
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
			if asJSON {
				err = writeJSON(os.Stdout, report)
			} else {
				printCheck(os.Stdout, report)
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
	cmd.Flags().StringVar(&to, "to", "", "target RabbitMQ version, e.g. 4.0.9 (a series such as 4.1 means its latest patch)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON report (docs/check-json.md)")
	cmd.Flags().StringArrayVar(&configs, "config", nil, "read NODE's config from PATH instead of the path /api/nodes reports (NODE=PATH, repeatable)")
	_ = cmd.MarkFlagRequired("to")
	return cmd
}

// parseConfigFlags reads --config NODE=PATH pairs.
func parseConfigFlags(flags []string) (map[string][]string, error) {
	out := map[string][]string{}
	for _, f := range flags {
		node, path, ok := strings.Cut(f, "=")
		if !ok || node == "" || path == "" {
			return nil, fmt.Errorf("--config %q: want NODE=PATH, e.g. rabbit@mq1=/srv/copy/rabbitmq.conf", f)
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
		return checkReport{}, fmt.Errorf("could not reach the cluster: %s", snap.Overview.Err)
	}
	facts := steps.GatherFacts(ctx, cluster, snap, target, src)
	findings := model.Preflight(facts)
	report := checkReport{
		Target: describeTarget(t), To: target.String(), ClusterName: snap.Overview.Value.ClusterName,
		CheckedAt: time.Now().UTC(), Findings: findings, OK: !model.HasBlocker(findings),
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
	return report, nil
}

func printCheck(w io.Writer, r checkReport) {
	verdict := "READY"
	if !r.OK {
		verdict = "BLOCKED"
	}
	fmt.Fprintf(w, "%s  %s → %s  cluster %s  (%d blocker(s), %d warning(s))\n", verdict, dash(r.From), r.To, dash(r.ClusterName), r.Blockers, r.Warnings)
	if !r.Target.TLSVerify {
		fmt.Fprintln(w, "TLS verification: OFF (--insecure)")
	}
	for _, f := range r.Findings {
		fmt.Fprintf(w, "\n[%s] %s  %s\n", strings.ToUpper(string(f.Severity)), f.Code, model.Printable(f.Title))
		for _, e := range f.Evidence {
			fmt.Fprintf(w, "    %s\n", model.Printable(e))
		}
		if f.Remedy != "" {
			fmt.Fprintf(w, "  → %s\n", model.Printable(f.Remedy))
		}
		if f.Doc != "" {
			fmt.Fprintf(w, "    %s\n", f.Doc)
		}
	}
	printClients(w, r.Clients)
}

func printClients(w io.Writer, groups []model.ClientGroup) {
	if len(groups) == 0 {
		fmt.Fprintln(w, "\nclients: no live connection")
		return
	}
	fmt.Fprintln(w, "\nclients:")
	for _, g := range groups {
		fmt.Fprintf(w, "  %4d × %s %s (%s) [%s]\n", g.Count, dash(g.Product), dash(g.Version), dash(g.Platform), g.Status)
	}
}
