package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/warren-sre/warren/broker"
	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/engine"
	"github.com/warren-sre/warren/executor"
	"github.com/warren-sre/warren/model"
	"github.com/warren-sre/warren/steps"
	"github.com/warren-sre/warren/targets"
)

// runbookFlags shape the runbook and its run: the cockpit and `warren
// upgrade` bind the same names, so a run started on one resumes on the
// other with the same steps.
type runbookFlags struct {
	target        targetFlags
	green         greenFlags
	to            string
	runDir        string
	executor      string
	order         []string
	method        string
	pkgVersion    string
	image         string
	erlang        []string
	takeOver      bool
	noCanary      bool
	bootTimeout   time.Duration
	baseline      time.Duration
	backupDir     string
	canaryWindow  time.Duration
	canaryHorizon time.Duration
	triggers      model.TriggerConfig
}

func (f *runbookFlags) bind(fl *pflag.FlagSet) {
	f.green.bind(fl)
	fl.StringVar(&f.to, "to", "", "target RabbitMQ version of this upgrade, e.g. 3.13.7")
	fl.StringVar(&f.executor, "executor", executor.KindManual, "how commands run: "+strings.Join(executor.Kinds(), ", "))
	fl.StringSliceVar(&f.order, "order", nil, "node order, comma-separated (default: fewest quorum leaders and connections first)")
	fl.StringVar(&f.method, "install-method", "apt", "how RabbitMQ is installed on the nodes: apt, dnf, yum or container")
	fl.StringVar(&f.pkgVersion, "package-version", "", "exact package version to install (default: the distribution's name for --to, e.g. 3.13.7-1)")
	fl.StringVar(&f.image, "image", "", "container image for --install-method container")
	fl.StringArrayVar(&f.erlang, "erlang-package", nil, "Erlang package to install with it, NAME=VERSION (repeat; only when the plan moves Erlang)")
	fl.BoolVar(&f.takeOver, "take-over", false, "take over the run's lock from a driver on this host that is gone")
	fl.BoolVar(&f.noCanary, "no-canary", false, "run without the AMQP canary (verification then cannot vouch for message flow)")
	fl.DurationVar(&f.bootTimeout, "boot-timeout", 5*time.Minute, "await_startup timeout, and when a started node that is not back fires a trigger")
	fl.DurationVar(&f.baseline, "baseline-window", time.Minute, "how long the preparation phase measures the baseline")
	fl.StringVar(&f.backupDir, "backup-dir", "", "where each node's config and data backups go, on that node (default /var/backups/warren)")
	fl.DurationVar(&f.canaryWindow, "canary-window", time.Minute, "the canary's sliding window of latency and rates")
	fl.DurationVar(&f.canaryHorizon, "canary-loss-horizon", 30*time.Second, "a confirmed canary message not delivered after this is lost")
	fl.DurationVar(&f.triggers.Sustain, "trigger-sustain", 2*time.Minute, "how long latency/throughput must be >50 % worse (and past the floors) before the trigger fires")
	fl.DurationVar(&f.triggers.LatencyFloor, "trigger-latency-floor", model.LatencyAbsoluteFloor, "a canary p99 under this never fires the latency trigger")
	fl.DurationVar(&f.triggers.CanaryDown, "trigger-canary-down", 30*time.Second, "how long the canary may be disconnected before the trigger fires")
	fl.DurationVar(&f.triggers.ConnectionsBy, "trigger-connections", 2*time.Minute, "how long client connections may stay away before the trigger fires")
}

// triggerConfig is the watchdog's configuration: a started node that is not
// back a minute after its await_startup gave up fires a trigger.
func (f *runbookFlags) triggerConfig() model.TriggerConfig {
	t := f.triggers
	t.BootTimeout = f.bootTimeout + time.Minute
	return t
}

// openedRun is a run joined as its driver or as a follower, with what
// both `warren upgrade` and the cockpit need to show and drive it.
type openedRun struct {
	target  targets.Resolved
	cluster *broker.Cluster
	first   model.Snapshot
	rc      runContext
	plan    nodePlans
	runbook []steps.Step
	session *checklist.Session
	// green is the second cluster of a blue-green run (nil otherwise).
	green *greenSide
}

// validateOffline refuses what can be refused before anyone is asked for a
// password or any node is contacted: an unknown executor, a malformed
// node name in --order, a --to that is no version.
func (f *runbookFlags) validateOffline(follow bool) error {
	if !follow && !slices.Contains([]string{executor.KindManual, executor.KindLocal, executor.KindSSH}, f.executor) {
		return fmt.Errorf("--executor %q: want manual, local or ssh", f.executor)
	}
	for _, n := range f.order {
		if err := executor.ValidateNodeName(n); err != nil {
			return fmt.Errorf("--order: %w", err)
		}
	}
	if f.to != "" {
		if _, err := model.ParseVersion(f.to); err != nil {
			return fmt.Errorf("--to: %w", err)
		}
	}
	return nil
}

// openRun is the one setup both drivers share: target → cluster → first
// snapshot → run context (order, flags at start) → node plans → runbook →
// session. A driver fixes the run context on a new run and saves it; a
// follower reuses the driver's so its step ids are the driver's.
func openRun(ctx context.Context, f *runbookFlags, follow bool) (*openedRun, error) {
	if err := f.validateOffline(follow); err != nil {
		return nil, withCode(ExitError, err)
	}
	res, err := f.target.resolve()
	if err != nil {
		return nil, err
	}
	cluster, err := broker.Connect(res.Target)
	if err != nil {
		return nil, withCode(ExitError, err)
	}
	snap := cluster.TakeSnapshot(ctx, 20)
	if !anyNodeAnswered(snap) {
		return nil, withCode(ExitError, fmt.Errorf("could not reach the cluster: %s", orText(snap.Nodes.Err, snap.Overview.Err)))
	}
	if f.to == "" {
		f.to = journalTarget(f.runDir)
	}
	if !f.green.set() {
		// Resuming or following a blue-green run needs no --green-target
		// when green has a name (a targets-file entry or a lab).
		f.green.opts.Name = journalInfo(f.runDir).Green
	}
	if f.to != "" {
		if _, err := model.ParseVersion(f.to); err != nil {
			return nil, withCode(ExitError, fmt.Errorf("--to: %w", err))
		}
	}
	rc, err := loadOrFixContext(ctx, f, cluster, snap)
	if err != nil {
		return nil, err
	}
	plan, runbook, green, err := buildRunbook(ctx, f, follow, res, cluster, &rc, snap)
	if err != nil {
		return nil, err
	}
	info := checklist.RunInfo{Target: res.Target.Name, From: rc.From, To: f.to, Executor: plan.executor.Name()}
	secrets := journalSecrets(res.Target.Password)
	if green != nil {
		info.Green = green.res.Target.Name
		secrets = append(secrets, journalSecrets(green.res.Target.Password)...)
	}
	session, err := openSession(f, follow, runbook, checklist.Options{Secrets: secrets, Info: info})
	if err != nil {
		return nil, withCode(ExitError, err)
	}
	if !follow {
		if err := saveContext(f.runDir, rc); err != nil {
			session.Close()
			return nil, withCode(ExitError, err)
		}
	}
	return &openedRun{target: res, cluster: cluster, first: snap, rc: rc, plan: plan, runbook: runbook, session: session, green: green}, nil
}

// buildRunbook is the rolling runbook, or the blue-green one when a green
// cluster is named.
func buildRunbook(ctx context.Context, f *runbookFlags, follow bool, res targets.Resolved, cluster *broker.Cluster,
	rc *runContext, snap model.Snapshot) (nodePlans, []steps.Step, *greenSide, error) {
	if f.green.set() {
		if err := f.green.fixMirroredTo(rc); err != nil {
			return nodePlans{}, nil, nil, withCode(ExitError, err)
		}
		green, err := connectGreen(ctx, f, res, follow)
		if err != nil {
			return nodePlans{}, nil, nil, err
		}
		runbook, err := blueGreenRunbook(ctx, f, res, cluster, green)
		return nodePlans{executor: green.executor}, runbook, green, err
	}
	planFlags := *f
	if follow {
		// A follower never acts: it must not open SSH sessions or need
		// the driver's executor settings.
		planFlags.executor = executor.KindManual
	}
	plan, err := newNodePlans(&planFlags, res, *rc)
	if err != nil {
		return plan, nil, nil, withCode(ExitError, err)
	}
	runbook := steps.Runbook(plan.config(f, *rc, snap))
	if f.to == "" {
		runbook = engine.WithoutTarget(runbook)
	}
	return plan, runbook, nil, nil
}

func openSession(f *runbookFlags, follow bool, runbook []steps.Step, opts checklist.Options) (*checklist.Session, error) {
	switch {
	case follow:
		return checklist.Watch(f.runDir, runbook, opts)
	case f.takeOver:
		return checklist.TakeOver(f.runDir, runbook, opts)
	}
	return checklist.Open(f.runDir, runbook, opts)
}

// journalTarget is the target version an existing run was started with,
// so resuming or following it needs no --to.
func journalTarget(dir string) string { return journalInfo(dir).To }

// journalInfo is what an existing run recorded at its start (zero when
// there is no journal yet).
func journalInfo(dir string) checklist.RunInfo {
	if _, err := os.Stat(filepath.Join(dir, checklist.JournalFile)); err != nil {
		return checklist.RunInfo{}
	}
	st, _, err := checklist.Replay(dir)
	if err != nil {
		return checklist.RunInfo{}
	}
	return st.Info
}

// engineConfig is how both front ends run the opened run: the same
// monitor, canary, trigger watch and node order.
func (r *openedRun) engineConfig(f *runbookFlags) engine.Config {
	cfg := engine.Config{
		Target: r.target.Target, Cluster: r.cluster, Session: r.session, First: r.first,
		Monitor:  monitorOptions(),
		Triggers: f.triggerConfig(), Baseline: steps.PrepBaseline(f.runDir), Order: r.rc.Order,
		RunDir: f.runDir,
		// The rollback triggers judge an in-place upgrade: in a migration
		// blue is meant to lose its messages and clients to green.
		NoTriggers: r.green != nil,
	}
	if r.green != nil {
		cfg.Green, cfg.GreenLabel = r.green.cluster, r.green.res.Target.Name
	}
	if !f.noCanary {
		cfg.Canary = &broker.CanaryOptions{Window: f.canaryWindow, LossHorizon: f.canaryHorizon}
		if r.green != nil {
			cfg.Canary.Move = r.green.canaryMove
		}
	}
	return cfg
}

// monitorOptions: both front ends poll health every 5 s (not 10) so a
// restarted node's verification is not held back by a stale health sample.
func monitorOptions() broker.MonitorOptions {
	opts := broker.DefaultMonitorOptions()
	opts.HealthEvery = 5 * time.Second
	return opts
}

// journalSecrets are the strings the journal must never hold. RabbitMQ's
// public default password is not one: scrubbing "guest" would also blank
// the user name guest everywhere in the lab's journal.
func journalSecrets(password string) []string {
	if password == "" || password == "guest" {
		return nil
	}
	return []string{password}
}
