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

// RollbackNode is how one node is put back on the previous version.
type RollbackNode struct {
	Name    string
	PIDFile string
	// DataArchive and ConfigArchive override the node's backups; empty
	// means the archives the preparation phase named for the run (RunDir's
	// BackupsFile).
	DataArchive   string
	ConfigArchive string
	Reinstall     []executor.Command // the previous version's package
	Start         []executor.Command
	whyNoArchive  string // why the run's archive names are unknown
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
	// FlagsAtStart are the feature flags enabled when the run began.
	FlagsAtStart []string
	Listeners    []string
	// DefinitionsFile is the verified definitions backup (with a .sha256
	// file beside it when the preparation phase wrote one); empty means
	// RunDir's DefinitionsFile.
	DefinitionsFile string
}

// RollbackSteps: first an honest look at where the run is, then per node
// stop, restore data, reinstall, restore config, start, verify; then the
// definitions. After a feature flag was enabled the first step fails and
// says why in-place rollback is gone, which keeps the node steps locked.
func RollbackSteps(cfg RollbackConfig) []Step {
	if cfg.DefinitionsFile == "" && cfg.RunDir != "" {
		cfg.DefinitionsFile = filepath.Join(cfg.RunDir, DefinitionsFile)
	}
	layout, layoutErr := LoadBackupLayout(cfg.RunDir)
	where := Step{ID: RollbackWhere, Phase: Rollback, Gate: true, Title: "Can this cluster still be rolled back in place?",
		Why: "RabbitMQ does not support or test downgrades: rolling a node back means its previous package over its pre-upgrade data directory, at your own risk. " +
			"It is ruled out once a feature flag of the new version is enabled (old nodes cannot join) or the metadata store moved to Khepri; blue-green is the supported way back.",
		Check: inPlaceStillPossible(cfg.FlagsAtStart)}
	out := []Step{where}
	for _, n := range cfg.Nodes {
		out = append(out, rollbackBlock(cfg, withArchives(n, layout, layoutErr))...)
	}
	defs := Step{ID: RollbackDefinitions, Phase: Rollback, Title: "Restore definitions from the verified backup",
		Why: "Puts users, vhosts, permissions, policies, queues, exchanges and bindings back as they were exported before the upgrade (messages are not in it).",
		Action: &Action{Irreversible: true, Confirm: ConfirmDefinitionsWord,
			Commands: [][]string{{"POST", "/api/definitions", cfg.DefinitionsFile}},
			Run:      importDefinitions(cfg.DefinitionsFile)}}
	return append(out, defs)
}

// RollbackID is the id of one part of a node's rollback block.
func RollbackID(node, part string) string { return "rollback/" + node + "/" + part }

func rollbackBlock(cfg RollbackConfig, n RollbackNode) []Step {
	ex, node := cfg.Executor, n.Name
	step := func(part, title, why string) Step {
		return Step{ID: RollbackID(node, part), Phase: Rollback, Block: "rollback " + node, Title: title, Why: why}
	}
	cmds, err := cfg.Tools.Stop(node, n.PIDFile)
	stop := step("stop", "Stop "+node, "The data directory can only be restored on a stopped node.")
	stop.Action, stop.Check = buildAction(ex, node, cmds, err), stopped(node)

	data := step("restore-data", "Restore "+node+"'s data directory", "Puts back the data directory backed up before the upgrade. Messages published since are lost on this node.")
	data.Action = restoreAction(ex, n, n.DataArchive)

	cmds = n.Reinstall
	reinstall := step("reinstall", "Reinstall RabbitMQ "+cfg.From.String()+" on "+node, "The previous version's package: a downgrade, which RabbitMQ does not support; it can only work over the data directory restored from before the upgrade.")
	reinstall.Action = buildAction(ex, node, cmds, nil)
	if len(cmds) == 0 {
		reinstall.Action = brokenAction(errNoPackage)
	}

	conf := step("restore-config", "Restore "+node+"'s configuration", "The configuration files as they were before the upgrade.")
	conf.Action = restoreAction(ex, n, n.ConfigArchive)

	start := step("start", "Start "+node, "Starts the node on the previous version.")
	start.Action, start.Check = buildAction(ex, node, n.Start, nil), started(node)
	if len(n.Start) == 0 {
		start.Action = brokenAction(errNoStart)
	}
	verify := step("verify", "Verify "+node+" on "+cfg.From.String(), "Running the previous version, rejoined, no alarms, listeners up, quorum queues whole.")
	verify.Gate, verify.Check = true, verified(node, RollingConfig{Target: cfg.From, Listeners: cfg.Listeners}.withDefaults())
	return []Step{stop, data, reinstall, conf, start, verify}
}

// withArchives fills the archives the preparation phase named for the run
// into n, unless n names its own; unknown archives stay empty and their
// restore says why.
func withArchives(n RollbackNode, layout BackupLayout, layoutErr error) RollbackNode {
	if layoutErr != nil {
		n.whyNoArchive = layoutErr.Error()
		return n
	}
	names := layout.Archives(n.Name)
	if n.DataArchive == "" {
		n.DataArchive = names.Data
	}
	if n.ConfigArchive == "" {
		n.ConfigArchive = names.Config
	}
	return n
}

func restoreAction(ex executor.Executor, n RollbackNode, archive string) *Action {
	if archive == "" {
		return brokenAction(fmt.Errorf("no backup archive is known for %s (%s): give the archive the preparation phase wrote", n.Name, n.whyNoArchive))
	}
	cmds, err := executor.Restore(archive)
	a := buildAction(ex, n.Name, cmds, err)
	a.Irreversible, a.Confirm = true, ConfirmRestoreWord
	return a
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
		r := v.result(env, "in-place rollback is not ruled out yet, but it is a downgrade RabbitMQ does not support: only with each node's pre-upgrade data directory, at your own risk",
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
