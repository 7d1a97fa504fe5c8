package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/warren-sre/warren/i18n"
	"github.com/warren-sre/warren/model"
)

func init() { addCommand(newUpgradeCmd) }

// upgradeFlags are the headless driver's knobs.
type upgradeFlags struct {
	runbookFlags
	yes         bool
	confirm     []string
	acks        []string
	retry       []string
	rollback    string
	poll        time.Duration
	waitTimeout time.Duration
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
	f.runbookFlags.bind(fl)
	fl.StringVar(&f.runDir, "run", "", "run directory: journal, lock, backups (required; reuse it to resume)")
	fl.BoolVar(&f.yes, "yes", false, "confirm every reversible action (drain, stop, start...)")
	fl.StringArrayVar(&f.confirm, "confirm", nil, "typed confirmation word of an irreversible action (repeat), e.g. "+stepsConfirmWords())
	fl.StringArrayVar(&f.acks, "ack", nil, "acknowledge a failed gate: STEP_ID=REASON (repeat; journaled with your name)")
	fl.StringArrayVar(&f.retry, "retry", nil, "re-run the action of this failed or interrupted step (repeat)")
	fl.StringVar(&f.rollback, "rollback", "", "begin the rollback phase, giving the reason")
	fl.DurationVar(&f.poll, "poll", 2*time.Second, "how often a waiting step is re-checked")
	fl.DurationVar(&f.waitTimeout, "wait-timeout", 10*time.Minute, "how long one step may wait before the run stops as blocked")
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

// progressOut is where the headless run's progress goes: stderr.
var progressOut io.Writer = os.Stderr

// progress prints one line, catalog id upgrade.progress.ID in the run's
// language.
func progress(id string, data map[string]any) {
	fmt.Fprintln(progressOut, "warren: "+i18n.T("upgrade.progress."+id, data))
}
