package steps

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/warren-sre/warren/executor"
	"github.com/warren-sre/warren/model"
)

// Rollback step ids.
const (
	RollbackWhere       = "rollback/where-we-are"
	RollbackDefinitions = "rollback/restore-definitions"
	// ConfirmRestoreWord is typed to overwrite a node's data directory.
	ConfirmRestoreWord = "restore"
	// ConfirmDefinitionsWord is typed to import the definitions backup.
	ConfirmDefinitionsWord = "import-definitions"
)

// RollbackNode is how one node is put back on the previous version. Its
// archives are the ones its rolling block took once it had stopped (the
// run directory's backup layout names them).
type RollbackNode struct {
	Name      string
	PIDFile   string
	Reinstall []executor.Command // the previous version's package
	Start     []executor.Command
	BootLog   BootLogReader // as NodePlan.BootLog
	// Restored, when set, are the CLI tools that talk to the node once it
	// is back on the previous version; nil: RollbackConfig.Tools.
	Restored *executor.Tools
}

// RollbackConfig configures the rollback phase.
type RollbackConfig struct {
	// RunDir is the run's directory: the preparation phase recorded there
	// where each node's archives are, and the definitions backup.
	RunDir   string
	Nodes    []RollbackNode // in the order to roll back (reverse of the upgrade)
	Executor executor.Executor
	Tools    executor.Tools
	From     model.Version // the version to go back to
	// RequireCanary makes a healthy canary (no confirmed message lost) part
	// of each rolled-back node's verification, as in the rolling block.
	RequireCanary bool
	// FlagsAtStart are the feature flags enabled when the run began.
	FlagsAtStart []string
	Listeners    []string
	// DefinitionsFile is the verified definitions backup (with a .sha256
	// file beside it when the preparation phase wrote one); empty means
	// RunDir's DefinitionsFile.
	DefinitionsFile string
}

// RollbackSteps: first an honest look at where the run is, then per node
// the run touched, in reverse order: stop, move its data aside and restore
// the stopped-node archive, put the previous version back, start, verify;
// then the definitions backup, then the comparison with the preparation
// inventory, which judges the result. After a feature flag was enabled the first step fails and
// says why in-place rollback is gone, which keeps the node steps locked.
func RollbackSteps(cfg RollbackConfig) []Step {
	if cfg.DefinitionsFile == "" && cfg.RunDir != "" {
		cfg.DefinitionsFile = filepath.Join(cfg.RunDir, DefinitionsFile)
	}
	where := Step{ID: RollbackWhere, Phase: Rollback, Gate: true, Title: "Can this cluster still be rolled back in place?",
		Why: "RabbitMQ does not support or test downgrades: rolling a node back means its previous package over its pre-upgrade data directory, at your own risk. " +
			"It is ruled out once a feature flag of the new version is enabled (old nodes cannot join) or the metadata store moved to Khepri; blue-green is the supported way back.",
		Check: inPlaceStillPossible(cfg.FlagsAtStart)}
	out := []Step{where}
	for _, n := range cfg.Nodes {
		out = append(out, rollbackBlock(cfg, n)...)
	}
	defs := Step{ID: RollbackDefinitions, Phase: Rollback, Title: "Restore definitions from the verified backup",
		Why: "Puts users, vhosts, permissions, policies, queues, exchanges and bindings back as they were exported before the upgrade " +
			"(messages are not in it); objects that still exist are left as they are. The comparison after it checks the result.",
		Action: &Action{Irreversible: true, Confirm: ConfirmDefinitionsWord,
			Commands: [][]string{{"POST", "/api/definitions", cfg.DefinitionsFile}},
			Run:      importDefinitions(cfg.DefinitionsFile)}}
	return append(out, defs, rollbackCompareStep(cfg))
}

// RollbackID is the id of one part of a node's rollback block.
func RollbackID(node, part string) string { return "rollback/" + node + "/" + part }

// Parts of a node's rollback block.
const (
	rollbackStop      = "stop"
	rollbackRestore   = "restore"
	rollbackReinstall = "reinstall"
	rollbackRevive    = PartRevive
	rollbackStart     = PartStart  // the same words as the rolling block's,
	rollbackVerify    = PartVerify // so "a started node must come back" reads both
)

func rollbackBlock(cfg RollbackConfig, n RollbackNode) []Step {
	ex, node := cfg.Executor, n.Name
	step := func(part, title, why string) Step {
		return Step{ID: RollbackID(node, part), Phase: Rollback, Block: "rollback " + node, Title: title, Why: why}
	}
	cmds, err := cfg.Tools.Stop(node, n.PIDFile)
	stop := step(rollbackStop, "Stop "+node, "Its files can only be put back on a stopped node.")
	stop.Action, stop.Check = unlessAlready(stopped(node), buildAction(ex, node, cmds, err)), stopped(node)

	restore := step(rollbackRestore, "Put "+node+"'s files back as they were when it stopped",
		"Moves the data directory the new version left aside (kept for the post-mortem, never extracted over), then restores the archive "+
			"taken in its rolling block right after it stopped: data directory, config, enabled plugins, environment. Messages published to "+
			"this node since are not in it.")
	restore.Action = restoreStoppedAction(cfg, n)

	reinstall := step(rollbackReinstall, "Put RabbitMQ "+cfg.From.String()+" back on "+node,
		"RabbitMQ does not support downgrades: this reinstalls the previous version's package over a data directory restored from before the upgrade.")
	reinstall.Action = buildAction(ex, node, n.Reinstall, nil)
	if len(n.Reinstall) == 0 {
		reinstall.Action = brokenAction(errNoPackage)
	}

	start := step(rollbackStart, "Start "+node, "Starts the node on the previous version.")
	start.Action, start.Check = explainingBootFailure(ex, node, n.BootLog, buildAction(ex, node, n.Start, nil)), started(node)
	if len(n.Start) == 0 {
		start.Action = brokenAction(errNoStart)
	}
	back := cfg.Tools
	if n.Restored != nil {
		back = *n.Restored
	}
	cmds, err = back.Revive(node)
	revive := step(rollbackRevive, "Revive "+node+" if still in maintenance",
		"The archive was taken after the drain, and versions that keep maintenance mode across a restart (4.0 does) bring the node back drained.")
	listeners := RollingConfig{Listeners: cfg.Listeners}.withDefaults().Listeners
	revive.Action = reviveUntilOut(ex, node, cmds, err, revived(node, listeners))
	revive.Check = revived(node, listeners)

	verify := step(rollbackVerify, "Verify "+node+" on "+cfg.From.String(), "Running the previous version, rejoined, no alarms, listeners up, quorum queues whole.")
	verify.Gate, verify.Check = true, verified(node, RollingConfig{Target: cfg.From, Listeners: cfg.Listeners, RequireCanary: cfg.RequireCanary}.withDefaults())
	return []Step{stop, restore, reinstall, start, revive, verify}
}

// restoreStoppedAction moves the node's data directory aside and extracts
// its stopped-node archives; names and paths are read when it runs (the run
// directory's backup layout and preparation inventory).
func restoreStoppedAction(cfg RollbackConfig, n RollbackNode) *Action {
	a := &Action{Irreversible: true, Confirm: ConfirmRestoreWord,
		Commands: [][]string{{"mv", "-T", "--", "<data dir>", "<data dir>.before-rollback-<run>"},
			{"tar", "-C", "/", "-xzf", "<backup dir>/<node>-<run>-stopped.tar.gz"}}}
	a.Run = func(ctx context.Context, env Env) (string, error) {
		cmds, err := restoreStoppedCommands(cfg.RunDir, n.Name)
		if err != nil {
			return "", err
		}
		return runBackup(ctx, env, cfg.Executor, n.Name, cmds)
	}
	return a
}

func restoreStoppedCommands(runDir, node string) ([]executor.Command, error) {
	layout, err := LoadBackupLayout(runDir)
	if err != nil {
		return nil, fmt.Errorf("no backup archive is known for %s: %w", node, err)
	}
	inv, err := inventoryNode(runDir, node)
	if err != nil {
		return nil, err
	}
	names := layout.Archives(node)
	aside, err := executor.MoveAside(inv.DataDir, "before-rollback-"+layout.Stamp)
	if err != nil {
		return nil, err
	}
	var cmds []executor.Command
	cmds = append(cmds, aside...)
	for _, archive := range []string{names.Stopped, names.StoppedExtra} {
		r, err := executor.Restore(archive)
		if err != nil {
			return nil, err
		}
		cmds = append(cmds, r...)
	}
	return cmds, nil
}

// inPlaceStillPossible compares the flags enabled now with those enabled
// when the run began.
func inPlaceStillPossible(atStart []string) func(context.Context, Env) Result {
	return func(ctx context.Context, env Env) Result {
		flags, err := readFlags(ctx, env)
		if err != nil {
			return failResult(env, "cannot tell whether in-place rollback is still possible", err.Error())
		}
		var v verdict
		var newly []string
		for _, f := range flags {
			if f.Enabled() && !slices.Contains(atStart, f.Name) {
				newly = append(newly, f.Name)
			}
			if f.Name == "khepri_db" && f.Enabled() {
				v.fail("the metadata store is Khepri (khepri_db enabled): there is no way back to Mnesia in place")
			}
		}
		if len(newly) > 0 {
			v.fail("feature flags enabled during this run: %s", strings.Join(newly, ", "))
		} else {
			v.ok("no feature flag was enabled since the run began (%d enabled then)", len(atStart))
		}
		v.ok("RabbitMQ does not support or test downgrades; patch-level ones sometimes work but are not guaranteed (rabbitmq.com/docs/upgrade#downgrades)")
		r := v.result(env, "in-place rollback is not ruled out yet, but it is a downgrade RabbitMQ does not support: only by putting each node this run touched back on the archive taken when it stopped and the previous package, at your own risk",
			"in-place rollback is ruled out", "")
		// Said whether or not a way back in place remains: it is the only
		// one RabbitMQ supports.
		r.Remedy = "The supported way back is blue-green: build a cluster of the previous version, import the definitions backup into it, " +
			"move consumers, drain messages across (federation or shovels), move publishers, then retire this cluster."
		return r
	}
}

// importDefinitions verifies the backup against its checksum, then imports.
func importDefinitions(path string) func(context.Context, Env) (string, error) {
	return func(ctx context.Context, env Env) (string, error) {
		if path == "" {
			return "", fmt.Errorf("no definitions backup is configured")
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return "", fmt.Errorf("read the definitions backup: %w", err)
		}
		if err := verifySum(path, data); err != nil {
			return "", err
		}
		if env.Cluster == nil {
			return "", fmt.Errorf("no live cluster connection")
		}
		if err := env.Cluster.ImportDefinitions(ctx, data); err != nil {
			return "", fmt.Errorf("import definitions: %w", err)
		}
		return fmt.Sprintf("imported %s (%d bytes)\n", path, len(data)), nil
	}
}

// verifySum checks data against path.sha256 when that file exists.
func verifySum(path string, data []byte) error {
	raw, err := os.ReadFile(path + ".sha256")
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read the checksum of the definitions backup: %w", err)
	}
	fields := strings.Fields(string(raw))
	sum := sha256.Sum256(data)
	if len(fields) == 0 || fields[0] != hex.EncodeToString(sum[:]) {
		return fmt.Errorf("the definitions backup %s does not match its checksum: it changed since it was verified", path)
	}
	return nil
}
