package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/warren-sre/warren/executor"
	"github.com/warren-sre/warren/model"
)

func init() { addCommand(newUpgradeCmd) }

// upgradeFlags are the headless driver's knobs.
type upgradeFlags struct {
	target        targetFlags
	to            string
	runDir        string
	executor      string
	yes           bool
	confirm       []string
	order         []string
	method        string
	pkgVersion    string
	image         string
	erlang        []string
	acks          []string
	retry         []string
	takeOver      bool
	rollback      string
	noCanary      bool
	poll          time.Duration
	waitTimeout   time.Duration
	bootTimeout   time.Duration
	baseline      time.Duration
	canaryWindow  time.Duration
	canaryHorizon time.Duration
	triggers      model.TriggerConfig
}

func newUpgradeCmd() *cobra.Command {
	f := &upgradeFlags{}
	cmd := &cobra.Command{
		Use:   "upgrade --to VERSION --run DIR [--executor manual|local|ssh] [--yes] [--confirm WORD]",
		Short: "Drive the upgrade runbook headless (exit 0 complete, 1 a gate blocks, 2 error)",
		Long: `upgrade drives the same runbook as the cockpit without a screen: preparation,
compatibility, one rolling block per node (safe to stop, drain, stop, package,
start, await startup, revive, verify), post-upgrade and, when begun, rollback.
Progress goes to stderr; every check, command and confirmation goes to the
journal in --run DIR. Running it again with the same DIR resumes: the current
step is re-verified, and an interrupted action is never re-run unless --retry
names it. Reversible actions need --yes; irreversible ones need --confirm WORD.
While it runs, rollback triggers are evaluated continuously; when one fires it
is journaled with its evidence and the run stops (exit 1): decide, then begin
the rollback with --rollback REASON or run again to continue.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return runUpgrade(ctx, f)
		},
	}
	f.bind(cmd)
	return cmd
}

func (f *upgradeFlags) bind(cmd *cobra.Command) {
	f.target.bind(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.to, "to", "", "target RabbitMQ version, e.g. 3.13.7 (required)")
	fl.StringVar(&f.runDir, "run", "", "run directory: journal, lock, backups (required; reuse it to resume)")
	fl.StringVar(&f.executor, "executor", executor.KindManual, "how commands run: "+strings.Join(executor.Kinds(), ", "))
	fl.BoolVar(&f.yes, "yes", false, "confirm every reversible action (drain, stop, start...)")
	fl.StringArrayVar(&f.confirm, "confirm", nil, "typed confirmation word of an irreversible action (repeat), e.g. "+stepsConfirmWords())
	fl.StringSliceVar(&f.order, "order", nil, "node order, comma-separated (default: fewest quorum leaders and connections first)")
	fl.StringVar(&f.method, "install-method", "apt", "how RabbitMQ is installed on the nodes: apt, dnf, yum or container")
	fl.StringVar(&f.pkgVersion, "package-version", "", "exact package version to install (default: the distribution's name for --to, e.g. 3.13.7-1)")
	fl.StringVar(&f.image, "image", "", "container image for --install-method container")
	fl.StringArrayVar(&f.erlang, "erlang-package", nil, "Erlang package to install with it, NAME=VERSION (repeat; only when the plan moves Erlang)")
	fl.StringArrayVar(&f.acks, "ack", nil, "acknowledge a failed gate: STEP_ID=REASON (repeat; journaled with your name)")
	fl.StringArrayVar(&f.retry, "retry", nil, "re-run the action of this failed or interrupted step (repeat)")
	fl.BoolVar(&f.takeOver, "take-over", false, "take over the run's lock from a driver on this host that is gone")
	fl.StringVar(&f.rollback, "rollback", "", "begin the rollback phase, giving the reason")
	fl.BoolVar(&f.noCanary, "no-canary", false, "run without the AMQP canary (verification then cannot vouch for message flow)")
	fl.DurationVar(&f.poll, "poll", 2*time.Second, "how often a waiting step is re-checked")
	fl.DurationVar(&f.waitTimeout, "wait-timeout", 10*time.Minute, "how long one step may wait before the run stops as blocked")
	fl.DurationVar(&f.bootTimeout, "boot-timeout", 5*time.Minute, "await_startup timeout, and when a started node that is not back fires a trigger")
	fl.DurationVar(&f.baseline, "baseline-window", time.Minute, "how long the preparation phase measures the baseline")
	fl.DurationVar(&f.canaryWindow, "canary-window", time.Minute, "the canary's sliding window of latency and rates")
	fl.DurationVar(&f.canaryHorizon, "canary-loss-horizon", 30*time.Second, "a confirmed canary message not delivered after this is lost")
	fl.DurationVar(&f.triggers.Sustain, "trigger-sustain", 30*time.Second, "how long latency/throughput must be >50 % worse before the trigger fires")
	fl.DurationVar(&f.triggers.CanaryDown, "trigger-canary-down", 30*time.Second, "how long the canary may be disconnected before the trigger fires")
	fl.DurationVar(&f.triggers.ConnectionsBy, "trigger-connections", 2*time.Minute, "how long client connections may stay away before the trigger fires")
}

func stepsConfirmWords() string { return "enable-flags, restore, import-definitions" }

func (f *upgradeFlags) validate() error {
	switch {
	case f.to == "":
		return errors.New("--to VERSION is required")
	case f.runDir == "":
		return errors.New("--run DIR is required: the journal lives there")
	case f.poll <= 0 || f.waitTimeout <= 0:
		return errors.New("--poll and --wait-timeout must be positive")
	}
	f.triggers.BootTimeout = f.bootTimeout + time.Minute
	if _, err := model.ParseVersion(f.to); err != nil {
		return fmt.Errorf("--to: %w", err)
	}
	return nil
}

func runUpgrade(ctx context.Context, f *upgradeFlags) error {
	if err := f.validate(); err != nil {
		return withCode(ExitError, err)
	}
	d, err := newDriver(ctx, f)
	if err != nil {
		return err
	}
	defer d.close()
	return d.drive(ctx)
}

// progress prints one line on stderr.
func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "warren: "+format+"\n", args...)
}
