package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/warren-sre/warren/broker"
	"github.com/warren-sre/warren/model"
)

func init() { addCommand(newStatusCmd) }

// statusReport is `warren status --json`. Field names are a contract for
// scripts (documented in the README): add, never rename.
type statusReport struct {
	Target   targetInfo      `json:"target"`
	Healthy  bool            `json:"healthy"`
	Verdict  string          `json:"verdict"`
	Findings []model.Finding `json:"findings"`
	Snapshot model.Snapshot  `json:"snapshot"`
}

// targetInfo describes the target without any secret.
type targetInfo struct {
	Name      string   `json:"name"`
	URLs      []string `json:"urls"`
	Username  string   `json:"username"`
	TLSVerify bool     `json:"tls_verify"`
}

func describeTarget(t broker.Target) targetInfo {
	info := targetInfo{Name: t.Name, Username: t.Username, TLSVerify: !t.Insecure}
	for _, n := range t.Nodes {
		info.URLs = append(info.URLs, n.MgmtURL)
	}
	return info
}

func newStatusCmd() *cobra.Command {
	var tf targetFlags
	var asJSON bool
	var topN int
	var canaryFor time.Duration
	cmd := &cobra.Command{
		Use:   "status",
		Short: "One-shot health snapshot of the cluster (exit 0 healthy, 1 unhealthy or not checked, 2 unreachable)",
		Long: `status reads every node, the top queues, the node-local health checks and a short
canary sample once, prints them, and exits 0 when the cluster is healthy, 1 when it is
not or when something the verdict needs could not be read (NOT_CHECKED: "healthy" needs
the cluster-wide node list, not only nodes answering their own probe), and 2 when warren
could not reach it. With --json it prints a machine-readable
report (see the README for the fields).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			res, err := tf.resolve()
			if err != nil {
				return err
			}
			report, err := collectStatus(cmd.Context(), res.Target, topN, canaryFor)
			if err != nil {
				return withCode(ExitError, err)
			}
			if asJSON {
				if err := writeJSON(os.Stdout, report); err != nil {
					return withCode(ExitError, err)
				}
			} else {
				printStatus(os.Stdout, report)
			}
			if !report.Healthy {
				return withCode(ExitProblem, errors.New(""))
			}
			return nil
		},
	}
	tf.bind(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON report")
	cmd.Flags().IntVar(&topN, "top", 10, "how many of the deepest queues to list")
	cmd.Flags().DurationVar(&canaryFor, "canary", 3*time.Second, "how long to run the latency canary (0 to skip)")
	return cmd
}

// collectStatus takes the snapshot, then a short canary sample. It fails
// only when no node answered at all. The snapshot reads for at most
// OneShotFactor × T and the canary runs for canaryFor plus at most
// CanaryGraceFactor × T: what is not read by then is NOT_CHECKED.
func collectStatus(ctx context.Context, t broker.Target, topN int, canaryFor time.Duration) (statusReport, error) {
	cluster, err := broker.Connect(t)
	if err != nil {
		return statusReport{}, err
	}
	// The canary starts after the health checks: its freshly declared quorum
	// queue has members still coming online, which would make every node
	// look quorum-critical for a few seconds.
	snap := takeOneShotSnapshot(ctx, cluster, topN)
	if canaryFor > 0 && anyNodeAnswered(snap) {
		snap.Canary = runCanaryFor(ctx, t, canaryFor)
	}
	if !anyNodeAnswered(snap) {
		return statusReport{}, fmt.Errorf("could not reach the cluster: %s", snap.Overview.Err)
	}
	findings := statusFindings(snap)
	return statusReport{
		Target: describeTarget(t), Healthy: !model.HasBlocker(findings), Verdict: statusVerdict(findings),
		Findings: findings, Snapshot: snap,
	}, nil
}

// statusVerdict is HEALTHY without blockers, NOT_CHECKED when every blocker
// is something that could not be read (not known to be broken, not known to
// be healthy either), and UNHEALTHY otherwise.
func statusVerdict(fs []model.Finding) string {
	verdict := "HEALTHY"
	for _, f := range fs {
		if f.Severity != model.Blocker {
			continue
		}
		if f.Code != model.CodeNotChecked {
			return "UNHEALTHY"
		}
		verdict = model.CodeNotChecked
	}
	return verdict
}

func anyNodeAnswered(s model.Snapshot) bool {
	if s.Overview.OK() {
		return true
	}
	for _, n := range s.Nodes.Value {
		if n.State == model.NodeRunning {
			return true
		}
	}
	return false
}

// statusFindings judges the snapshot as `warren check` judges health, and
// fails closed on every concern that was not read.
func statusFindings(s model.Snapshot) []model.Finding {
	fs := []model.Finding{}
	fs = append(fs, model.HealthGroupFindings(model.CheckFacts{Snapshot: s})...)
	fs = append(fs, model.UnreadFindings(s)...)
	if c := s.Canary.Value; s.Canary.OK() && c.Lost > 0 {
		fs = append(fs, model.Finding{Code: "CANARY_LOST", Severity: model.Blocker,
			Title: "the canary lost confirmed messages", Evidence: []string{fmt.Sprintf("%d lost of %d confirmed", c.Lost, c.Confirmed)}})
	}
	if s.Canary.Err != "" {
		fs = append(fs, model.Finding{Code: "CANARY_FAILED", Severity: model.Warning,
			Title: "the canary could not run", Evidence: []string{s.Canary.Err}})
	}
	model.SortFindings(fs)
	return fs
}

// takeOneShotSnapshot is the snapshot of status and check, bounded as a
// whole by OneShotFactor × T.
func takeOneShotSnapshot(ctx context.Context, cluster *broker.Cluster, topN int) model.Snapshot {
	ctx, cancel := context.WithTimeout(ctx, cluster.Target().Within(broker.OneShotFactor))
	defer cancel()
	return cluster.TakeSnapshot(ctx, topN)
}

// runCanaryFor runs the canary for d and returns its measurements. A canary
// stuck in a dial or setup on a frozen node is waited for at most
// CanaryGraceFactor × T after d; its statistics are read either way.
func runCanaryFor(ctx context.Context, t broker.Target, d time.Duration) model.CanarySample {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	canary := broker.NewCanary(t, broker.CanaryOptions{NoLinks: true, DialTimeout: t.RequestTimeout()})
	done := make(chan struct{})
	go func() {
		defer close(done)
		canary.Run(ctx, nil)
	}()
	<-ctx.Done()
	grace := time.NewTimer(t.Within(broker.CanaryGraceFactor))
	defer grace.Stop()
	select {
	case <-done:
	case <-grace.C:
	}
	stats := canary.Stats()
	s := model.CanarySample{At: time.Now(), Value: stats}
	if !stats.Connected && stats.Confirmed == 0 {
		s.Err = "canary never connected: " + stats.LastError
	}
	return s
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func printStatus(w io.Writer, r statusReport) {
	s := r.Snapshot
	ov := s.Overview.Value
	// Names and versions come from the broker: printed only as Printable.
	fmt.Fprintf(w, "%s  cluster %s  RabbitMQ %s  Erlang %s\n", r.Verdict, dash(ov.ClusterName), dash(ov.RabbitVersion), dash(ov.ErlangVersion))
	if !r.Target.TLSVerify {
		fmt.Fprintln(w, "TLS verification: OFF (--insecure)")
	}
	tw := tabwriter.NewWriter(w, 0, 2, 2, ' ', 0)
	fmt.Fprintln(tw, "\nNODE\tSTATE\tVERSION\tUPTIME\tMEM\tDISK FREE\tALARMS")
	for _, n := range s.EffectiveNodes() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", model.Printable(n.Name), strings.ToUpper(n.State.String()), dash(n.RabbitVersion),
			n.Uptime.Truncate(time.Second), bytesPair(n.MemUsed, n.MemLimit), bytesPair(n.DiskFree, n.DiskFreeLimit), dash(strings.Join(n.Alarms(), ",")))
	}
	tw.Flush()
	fmt.Fprintf(w, "\nmessages %d (ready %d, unacked %d) in %d queues; %d connections\n",
		ov.Messages, ov.Ready, ov.Unacked, ov.Queues, ov.Connections)
	if c := s.Canary.Value; s.Canary.OK() {
		fmt.Fprintf(w, "canary: confirm p50 %s p99 %s, end-to-end p50 %s p99 %s, %d confirmed, %d lost\n",
			c.Confirm.P50, c.Confirm.P99, c.EndToEnd.P50, c.EndToEnd.P99, c.Confirmed, c.Lost)
	}
	if len(r.Findings) == 0 {
		fmt.Fprintln(w, "\nno findings")
		return
	}
	fmt.Fprintln(w, "\nfindings:")
	for _, f := range r.Findings {
		fmt.Fprintf(w, "  [%s] %s %s\n", strings.ToUpper(string(f.Severity)), f.Code, model.Printable(f.Title))
		for _, e := range f.Evidence {
			fmt.Fprintf(w, "      %s\n", model.Printable(e))
		}
	}
}

// dash prints a value from outside warren: "-" when empty, and never a
// terminal control sequence.
func dash(s string) string {
	if s == "" {
		return "-"
	}
	return model.Printable(s)
}

func bytesPair(used, limit int64) string {
	if limit == 0 {
		return "-"
	}
	return fmt.Sprintf("%s/%s", humanBytes(used), humanBytes(limit))
}

func humanBytes(b int64) string {
	const unit = 1024
	if b < unit {
		return fmt.Sprintf("%dB", b)
	}
	div, exp := int64(unit), 0
	for n := b / unit; n >= unit; n /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f%ciB", float64(b)/float64(div), "KMGTPE"[exp])
}
