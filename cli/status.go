package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"github.com/warren-sre/warren/broker"
	"github.com/warren-sre/warren/i18n"
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
		Short: i18n.T("cli.status.short"),
		Long:  i18n.T("cli.status.long"),
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			res, err := tf.resolve()
			if err != nil {
				return err
			}
			report, err := collectStatus(cmd.Context(), res.Target, topN, canaryFor)
			if err != nil {
				return withCode(ExitError, err)
			}
			out := cmd.OutOrStdout()
			if asJSON {
				if err := writeJSON(out, localiseStatus(report, jsonPrinter(cmd))); err != nil {
					return withCode(ExitError, err)
				}
			} else {
				printStatus(out, report, i18n.Default())
			}
			if !report.Healthy {
				return withCode(ExitProblem, errors.New(""))
			}
			return nil
		},
	}
	tf.bind(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, i18n.T("cli.status.flag.json"))
	cmd.Flags().IntVar(&topN, "top", 10, i18n.T("cli.status.flag.top"))
	cmd.Flags().DurationVar(&canaryFor, "canary", 3*time.Second, i18n.T("cli.status.flag.canary"))
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
		return statusReport{}, errors.New(i18n.T("cli.err.unreachable", map[string]any{"Err": snap.Overview.Err}))
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

func printStatus(w io.Writer, r statusReport, tr *i18n.Printer) {
	s := r.Snapshot
	ov := s.Overview.Value
	// Names and versions come from the broker: printed only as Printable.
	fmt.Fprintln(w, tr.T("status.heading", map[string]any{"Verdict": tr.T("status.verdict." + r.Verdict),
		"Cluster": dash(ov.ClusterName), "Rabbit": dash(ov.RabbitVersion), "Erlang": dash(ov.ErlangVersion)}))
	if !r.Target.TLSVerify {
		fmt.Fprintln(w, tr.T("cli.tls_off"))
	}
	rows := [][]string{strings.Split(tr.T("status.node_columns"), "|")}
	for _, n := range s.EffectiveNodes() {
		rows = append(rows, []string{model.Printable(n.Name), tr.T("status.state." + n.State.String()), dash(n.RabbitVersion),
			n.Uptime.Truncate(time.Second).String(), bytesPair(n.MemUsed, n.MemLimit), bytesPair(n.DiskFree, n.DiskFreeLimit), dash(strings.Join(n.Alarms(), ","))})
	}
	fmt.Fprintln(w)
	writeColumns(w, rows)
	fmt.Fprintln(w, "\n"+tr.T("status.messages", map[string]any{"Messages": ov.Messages, "Ready": ov.Ready, "Unacked": ov.Unacked,
		"Queues": ov.Queues, "Connections": ov.Connections}))
	if c := s.Canary.Value; s.Canary.OK() {
		fmt.Fprintln(w, tr.T("status.canary", map[string]any{"ConfirmP50": c.Confirm.P50, "ConfirmP99": c.Confirm.P99,
			"EndToEndP50": c.EndToEnd.P50, "EndToEndP99": c.EndToEnd.P99, "Confirmed": c.Confirmed, "Lost": c.Lost}))
	}
	if len(r.Findings) == 0 {
		fmt.Fprintln(w, "\n"+tr.T("status.no_findings"))
		return
	}
	fmt.Fprintln(w, "\n"+tr.T("status.findings"))
	for _, f := range r.Findings {
		fmt.Fprintf(w, "  [%s] %s %s\n", severityWord(tr, f.Severity), f.Code, model.Printable(findingTitle(tr, f)))
		for _, e := range f.Evidence {
			fmt.Fprintf(w, "      %s\n", model.Printable(e))
		}
	}
}

// writeColumns aligns rows by display width (a Chinese character takes two
// cells, which text/tabwriter does not know), two spaces between columns.
func writeColumns(w io.Writer, rows [][]string) {
	var widths []int
	for _, row := range rows {
		for i, cell := range row {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], ansi.StringWidth(cell))
		}
	}
	for _, row := range rows {
		var b strings.Builder
		for i, cell := range row {
			b.WriteString(cell)
			if i < len(row)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-ansi.StringWidth(cell)+2))
			}
		}
		fmt.Fprintln(w, b.String())
	}
}

// localisedStatus is statusReport with localised finding texts beside the
// English ones; its Findings shadows the embedded report's.
type localisedStatus struct {
	statusReport
	Lang     string        `json:"lang"`
	Findings []findingJSON `json:"findings"`
}

// localiseStatus adds the localised texts when tr is set (explicit --lang).
func localiseStatus(r statusReport, tr *i18n.Printer) any {
	if tr == nil {
		return r
	}
	return localisedStatus{statusReport: r, Lang: string(tr.Lang()), Findings: localiseFindings(r.Findings, tr)}
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
