package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/warren-sre/warren/lab"
)

func init() { addCommand(newLabCmd) }

// labFlags binds the lab's knobs to flags whose defaults come from the
// environment (WARREN_LAB_*), then the standard 3-node lab.
type labFlags struct {
	cfg          lab.Config
	featureFlags string
	envErr       error
}

func (f *labFlags) bind(cmd *cobra.Command) {
	f.cfg, f.envErr = lab.FromEnv()
	pf := cmd.PersistentFlags()
	pf.IntVar(&f.cfg.Nodes, "nodes", f.cfg.Nodes, "number of nodes")
	pf.StringVar(&f.cfg.BaseDir, "base-dir", f.cfg.BaseDir, "directory holding the lab's data, logs and cookie")
	pf.StringVar(&f.cfg.Prefix, "prefix", f.cfg.Prefix, "node name prefix (node i is PREFIX-i@localhost)")
	pf.IntVar(&f.cfg.AMQPPort, "amqp-port", f.cfg.AMQPPort, "AMQP port of node 1 (node i uses port+i-1)")
	pf.IntVar(&f.cfg.MgmtPort, "mgmt-port", f.cfg.MgmtPort, "management HTTP port of node 1")
	pf.IntVar(&f.cfg.DistPort, "dist-port", f.cfg.DistPort, "Erlang distribution port of node 1")
	pf.DurationVar(&f.cfg.StatsInterval, "stats-interval", f.cfg.StatsInterval, "collect_statistics_interval of every node")
}

func (f *labFlags) config() (lab.Config, error) {
	if f.envErr != nil {
		return f.cfg, f.envErr
	}
	switch f.featureFlags {
	case "":
	case "none":
		f.cfg.FeatureFlags = []string{}
	default:
		f.cfg.FeatureFlags = strings.Split(f.featureFlags, ",")
	}
	return f.cfg, f.cfg.Validate()
}

func newLabCmd() *cobra.Command {
	flags := &labFlags{}
	cmd := &cobra.Command{
		Use:   "lab",
		Short: "Run a local N-node RabbitMQ cluster for rehearsals",
		Long: `lab runs a real RabbitMQ cluster on this host from the installed rabbitmq-server
package (Debian: apt-get install rabbitmq-server), as root. Node i listens on AMQP
5672+i-1, HTTP API 15672+i-1 and Erlang distribution 25672+i-1; the management
plugin is on and guest/guest works on loopback.`,
	}
	flags.bind(cmd)
	logLine := func(s string) { fmt.Fprintln(os.Stderr, s) }
	withCfg := func(run func(ctx context.Context, cfg lab.Config, args []string) error) func(*cobra.Command, []string) error {
		return func(cmd *cobra.Command, args []string) error {
			cfg, err := flags.config()
			if err != nil {
				return withCode(ExitError, err)
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			return withCode(ExitError, run(ctx, cfg, args))
		}
	}
	up := &cobra.Command{
		Use:   "up",
		Short: "Start the lab (idempotent: returns at once when it is up)",
		Args:  cobra.NoArgs,
		RunE: withCfg(func(ctx context.Context, cfg lab.Config, _ []string) error {
			start := time.Now()
			if err := cfg.Up(ctx, logLine); err != nil {
				return err
			}
			fmt.Printf("lab up: %d nodes in %.1fs (management http://127.0.0.1:%d, amqp://127.0.0.1:%d)\n",
				cfg.Nodes, time.Since(start).Seconds(), cfg.MgmtPort, cfg.AMQPPort)
			return nil
		}),
	}
	flags.bindFirstBoot(up)
	cmd.AddCommand(up,
		&cobra.Command{Use: "down", Short: "Stop every node gracefully (fine when already down)", Args: cobra.NoArgs,
			RunE: withCfg(func(ctx context.Context, cfg lab.Config, _ []string) error { return cfg.Down(ctx, logLine) })},
		&cobra.Command{Use: "status", Short: "Show each node's process and ports", Args: cobra.NoArgs,
			RunE: withCfg(func(_ context.Context, cfg lab.Config, _ []string) error { printLabStatus(cfg); return nil })},
		nodeCmd("stop-node", "Stop node N gracefully", withCfg, func(ctx context.Context, c lab.Config, i int) error { return c.StopNode(ctx, i, logLine) }),
		nodeCmd("start-node", "Start node N and wait until it serves", withCfg, func(ctx context.Context, c lab.Config, i int) error { return c.StartNode(ctx, i, logLine) }),
		nodeCmd("kill-node", "Kill node N with SIGKILL (fault rehearsal)", withCfg, func(_ context.Context, c lab.Config, i int) error { return c.KillNode(i) }),
		nodeCmd("freeze-node", "Freeze node N with SIGSTOP (a hung node)", withCfg, func(_ context.Context, c lab.Config, i int) error { return c.FreezeNode(i) }),
		nodeCmd("thaw-node", "Resume a frozen node N with SIGCONT", withCfg, func(_ context.Context, c lab.Config, i int) error { return c.ThawNode(i) }),
		&cobra.Command{Use: "destroy", Short: "Kill every node and delete the lab's data", Args: cobra.NoArgs,
			RunE: withCfg(func(_ context.Context, cfg lab.Config, _ []string) error { return cfg.Destroy(logLine) })},
	)
	return cmd
}

// bindFirstBoot moves the feature-flags flag onto `up`, the only command
// where it means something.
func (f *labFlags) bindFirstBoot(up *cobra.Command) {
	up.Flags().StringVar(&f.featureFlags, "feature-flags", "",
		"first boot only: the complete comma-separated list of feature flags to enable ('none' for none); default all stable flags")
}

type cfgRunner = func(func(context.Context, lab.Config, []string) error) func(*cobra.Command, []string) error

func nodeCmd(use, short string, withCfg cfgRunner, run func(context.Context, lab.Config, int) error) *cobra.Command {
	return &cobra.Command{
		Use:   use + " N",
		Short: short,
		Args:  cobra.ExactArgs(1),
		RunE: withCfg(func(ctx context.Context, cfg lab.Config, args []string) error {
			i, err := strconv.Atoi(args[0])
			if err != nil {
				return fmt.Errorf("node must be a number 1..%d, got %q", cfg.Nodes, args[0])
			}
			return run(ctx, cfg, i)
		}),
	}
}

func printLabStatus(cfg lab.Config) {
	w := tabwriter.NewWriter(os.Stdout, 0, 2, 2, ' ', 0)
	fmt.Fprintln(w, "NODE\tSTATE\tPID\tAMQP\tHTTP\tDIST")
	for _, st := range cfg.Status() {
		pid := "-"
		if st.PID != 0 {
			pid = strconv.Itoa(st.PID)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%d\t%d\t%d\n", st.Name, st.State, pid, st.AMQPPort, st.MgmtPort, st.DistPort)
	}
	w.Flush()
}
