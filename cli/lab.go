package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/warren-sre/warren/lab"
	"github.com/warren-sre/warren/targets"
)

func init() { addCommand(newLabCmd) }

// labFlags binds the lab's knobs. --name selects a named lab, whose
// directory, prefix and ports warren chose and recorded; without it the
// default lab takes its knobs from flags whose defaults come from the
// environment (WARREN_LAB_*), then the standard 3-node lab.
type labFlags struct {
	name         string
	cfg          lab.Config
	featureFlags string
	version      string
	refresh      bool
	nodesChanged bool
	envErr       error
}

// defaultLabOnly are the flags a named lab chooses for itself.
var defaultLabOnly = []string{"base-dir", "prefix", "amqp-port", "mgmt-port", "dist-port"}

func (f *labFlags) bind(cmd *cobra.Command) {
	f.cfg, f.envErr = lab.FromEnv()
	pf := cmd.PersistentFlags()
	pf.StringVar(&f.name, "name", "", "a named lab beside the default one: its own directory, node prefix, cookie and ports")
	pf.IntVar(&f.cfg.Nodes, "nodes", f.cfg.Nodes, "number of nodes")
	pf.StringVar(&f.cfg.BaseDir, "base-dir", f.cfg.BaseDir, "directory holding the default lab's data, logs and cookie")
	pf.StringVar(&f.cfg.Prefix, "prefix", f.cfg.Prefix, "node name prefix of the default lab (node i is PREFIX-i@localhost)")
	pf.IntVar(&f.cfg.AMQPPort, "amqp-port", f.cfg.AMQPPort, "AMQP port of the default lab's node 1 (node i uses port+i-1)")
	pf.IntVar(&f.cfg.MgmtPort, "mgmt-port", f.cfg.MgmtPort, "management HTTP port of the default lab's node 1")
	pf.IntVar(&f.cfg.DistPort, "dist-port", f.cfg.DistPort, "Erlang distribution port of the default lab's node 1")
	pf.DurationVar(&f.cfg.StatsInterval, "stats-interval", f.cfg.StatsInterval, "collect_statistics_interval of every node")
}

// config returns the lab the command acts on.
func (f *labFlags) config(cmd *cobra.Command, mustExist bool) (lab.Config, error) {
	if f.envErr != nil {
		return f.cfg, f.envErr
	}
	f.nodesChanged = cmd.Flags().Changed("nodes")
	if f.name != "" {
		for _, name := range defaultLabOnly {
			if cmd.Flags().Changed(name) {
				return f.cfg, fmt.Errorf("--%s is chosen by warren for a named lab; drop it or drop --name", name)
			}
		}
	}
	switch f.featureFlags {
	case "":
	case "none":
		f.cfg.FeatureFlags = []string{}
	default:
		f.cfg.FeatureFlags = strings.Split(f.featureFlags, ",")
	}
	cfg, err := lab.Open(f.name, f.cfg, mustExist)
	if err != nil {
		return cfg, err
	}
	cfg.FeatureFlags, cfg.StatsInterval = f.cfg.FeatureFlags, f.cfg.StatsInterval
	return cfg, cfg.Validate()
}

type labRun = func(ctx context.Context, cfg lab.Config, args []string) error

func newLabCmd() *cobra.Command {
	flags := &labFlags{}
	cmd := &cobra.Command{
		Use:   "lab",
		Short: "Run local RabbitMQ clusters of real versions for rehearsals",
		Long: `lab runs real RabbitMQ clusters on this host, as root. The default lab uses the
installed rabbitmq-server package (Debian: apt-get install rabbitmq-server): node i listens on
AMQP 5672+i-1, HTTP API 15672+i-1 and Erlang distribution 25672+i-1. --version picks another
series, run from the Debian release that ships it (built once with debootstrap, cached in
` + lab.DefaultRootsDir + `); --name runs a further lab beside it on ports warren chooses.
The management plugin is on and guest/guest works on loopback.`,
	}
	flags.bind(cmd)
	logLine := func(s string) { fmt.Fprintln(os.Stderr, s) }
	with := func(mustExist bool, run labRun) func(*cobra.Command, []string) error {
		return func(cmd *cobra.Command, args []string) error {
			cfg, err := flags.config(cmd, mustExist)
			if err != nil {
				return withCode(ExitError, err)
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			return withCode(ExitError, run(ctx, cfg, args))
		}
	}
	existing := func(run labRun) func(*cobra.Command, []string) error { return with(true, run) }
	cmd.AddCommand(newLabUpCmd(flags, with(false, func(ctx context.Context, cfg lab.Config, _ []string) error {
		return labUp(ctx, cfg, flags, logLine)
	})),
		&cobra.Command{Use: "down", Short: "Stop every node gracefully (fine when already down)", Args: cobra.NoArgs,
			RunE: existing(func(ctx context.Context, cfg lab.Config, _ []string) error { return cfg.Down(ctx, logLine) })},
		newLabStatusCmd(existing),
		newLabVersionsCmd(),
		newLabListCmd(),
		nodeCmd("stop-node", "Stop node N gracefully", existing, func(ctx context.Context, c lab.Config, i int) error { return c.StopNode(ctx, i, logLine) }),
		nodeCmd("start-node", "Start node N and wait until it serves", existing, func(ctx context.Context, c lab.Config, i int) error { return c.StartNode(ctx, i, logLine) }),
		nodeCmd("kill-node", "Kill node N with SIGKILL (fault rehearsal)", existing, func(_ context.Context, c lab.Config, i int) error { return c.KillNode(i) }),
		nodeCmd("freeze-node", "Freeze node N with SIGSTOP (a hung node)", existing, func(_ context.Context, c lab.Config, i int) error { return c.FreezeNode(i) }),
		nodeCmd("thaw-node", "Resume a frozen node N with SIGCONT", existing, func(_ context.Context, c lab.Config, i int) error { return c.ThawNode(i) }),
		newUpgradeNodeCmd(existing, logLine),
		&cobra.Command{Use: "destroy", Short: "Kill every node and delete the lab's data (only this lab's)", Args: cobra.NoArgs,
			RunE: existing(func(_ context.Context, cfg lab.Config, _ []string) error { return cfg.Destroy(logLine) })},
	)
	return cmd
}

func newLabUpCmd(flags *labFlags, run func(*cobra.Command, []string) error) *cobra.Command {
	up := &cobra.Command{
		Use:   "up",
		Short: "Start the lab, building its release root first if needed (idempotent)",
		Args:  cobra.NoArgs,
		RunE:  run,
	}
	up.Flags().StringVar(&flags.featureFlags, "feature-flags", "",
		"first boot only: the complete comma-separated list of feature flags to enable ('none' for none); default all stable flags")
	up.Flags().StringVar(&flags.version, "version", "",
		"RabbitMQ series to run: "+strings.Join(lab.Known(), ", ")+" (default: the installed package's; fixed at the lab's first up)")
	up.Flags().BoolVar(&flags.refresh, "refresh", false, "rebuild the release root first (no lab may be running from it)")
	return up
}

func labUp(ctx context.Context, cfg lab.Config, flags *labFlags, log func(string)) error {
	start := time.Now()
	nodes := 0
	if flags.name != "" && flags.nodesChanged {
		nodes = flags.cfg.Nodes
	}
	cfg, err := cfg.Prepare(flags.version, nodes)
	if err != nil {
		return err
	}
	if flags.refresh && cfg.RootDir != "" {
		rel, err := lab.ReleaseFor(cfg.Series)
		if err != nil {
			return err
		}
		if _, err := lab.RootOf(rel).Ensure(ctx, true, log); err != nil {
			return err
		}
	}
	if err := cfg.Up(ctx, log); err != nil {
		return err
	}
	fmt.Printf("%s up: RabbitMQ %s, %d nodes in %.1fs (management http://127.0.0.1:%d, amqp://127.0.0.1:%d)\n",
		targets.LabTargetName(cfg.Name), cfg.Version(), cfg.Nodes, time.Since(start).Seconds(), cfg.MgmtPort, cfg.AMQPPort)
	return nil
}

func nodeCmd(use, short string, with func(labRun) func(*cobra.Command, []string) error, run func(context.Context, lab.Config, int) error) *cobra.Command {
	return &cobra.Command{
		Use:   use + " N",
		Short: short,
		Args:  cobra.ExactArgs(1),
		RunE: with(func(ctx context.Context, cfg lab.Config, args []string) error {
			i, err := strconv.Atoi(args[0])
			if err != nil {
				return fmt.Errorf("node must be a number 1..%d, got %q", cfg.Nodes, args[0])
			}
			return run(ctx, cfg, i)
		}),
	}
}

// newUpgradeNodeCmd moves one node to another RabbitMQ version in place,
// keeping its data: what a package upgrade does to a real node.
func newUpgradeNodeCmd(existing func(labRun) func(*cobra.Command, []string) error, log func(string)) *cobra.Command {
	var version string
	var noStart bool
	c := nodeCmd("upgrade-node", "Move node N to another RabbitMQ version in place, keeping its data, config and cookie", existing,
		func(ctx context.Context, cfg lab.Config, i int) error {
			if version == "" {
				return fmt.Errorf("--version is required (%s, or an exact version a root ships)", strings.Join(lab.Known(), ", "))
			}
			if noStart {
				_, err := cfg.SwitchNode(ctx, i, version, log)
				return err
			}
			return cfg.UpgradeNode(ctx, i, version, log)
		})
	c.Flags().StringVar(&version, "version", "", "series ("+strings.Join(lab.Known(), ", ")+") or exact version a lab root ships")
	c.Flags().BoolVar(&noStart, "no-start", false, "only switch a stopped node's version (the rolling upgrade's package step); start it later")
	return c
}
