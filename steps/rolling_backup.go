package steps

import (
	"context"
	"fmt"
	"path"
	"path/filepath"

	"github.com/warren-sre/warren/executor"
)

// PartBackup archives a node while it is stopped, inside its rolling block:
// the only consistent copy of its data directory, and what the rollback
// restores.
const PartBackup = "backup"

// stoppedFiles are the node's files beside its config file that change what
// it runs: the plugins it enables and its environment.
var stoppedFiles = []string{"enabled_plugins", "rabbitmq-env.conf"}

// stoppedBackupStep archives the stopped node's data directory and config
// files (required), and the enabled-plugins and environment files beside
// its config (when present). The paths come from the preparation
// inventory, read when the action runs: a stopped node reports none.
func stoppedBackupStep(cfg RollingConfig, node string) Step {
	s := Step{ID: RollingID(node, PartBackup), Phase: Rolling, Block: node,
		Title: "Back up " + node + " while it is stopped",
		Why: "A stopped node's data directory is a consistent copy: the rollback restores this archive (with the config, enabled plugins, " +
			"environment and feature-flags files) if the new version fails. Paths are those the preparation inventory recorded.",
		Gate: true}
	if cfg.Executor == nil || cfg.RunDir == "" {
		s.Check = func(_ context.Context, env Env) Result {
			return stampResult(env, Result{Verdict: Fail, Summary: "no executor or run directory to back " + node + " up with",
				Remedy: "back the stopped node up by hand, then acknowledge this step with where the archive is"})
		}
		return s
	}
	s.Commands = [][]string{{"tar", "-C", "/", "-czf", "<backup dir>/<node>-<run>-stopped.tar.gz", "--", "<data dir>", "<config files>"}}
	s.Action = &Action{Commands: s.Commands, Run: func(ctx context.Context, env Env) (string, error) {
		cmds, _, err := stoppedBackupCommands(cfg.RunDir, node)
		if err != nil {
			return "", err
		}
		return runBackup(ctx, env, cfg.Executor, node, cmds)
	}}
	s.Check = func(_ context.Context, env Env) Result {
		_, archives, err := stoppedBackupCommands(cfg.RunDir, node)
		if err != nil {
			return stampResult(env, Result{Verdict: Fail, Summary: "no backup command for " + node, Evidence: []string{err.Error()}})
		}
		return stampResult(env, checkArchives(node, archives, nil))
	}
	return s
}

// stoppedBackupCommands builds the backup of node from the run's layout and
// inventory; archives are what the check looks for.
func stoppedBackupCommands(runDir, node string) (cmds []executor.Command, archives []string, err error) {
	layout, err := LoadBackupLayout(runDir)
	if err != nil {
		return nil, nil, fmt.Errorf("the run's backup names: %w", err)
	}
	n, err := inventoryNode(runDir, node)
	if err != nil {
		return nil, nil, err
	}
	if n.DataDir == "" {
		return nil, nil, fmt.Errorf("the preparation inventory has no data directory for %s", node)
	}
	names := layout.Archives(node)
	required, err := executor.Backup(names.Stopped, append([]string{n.DataDir}, n.ConfigFiles...)...)
	if err != nil {
		return nil, nil, err
	}
	extra, err := executor.BackupIfPresent(names.StoppedExtra, append(siblingFiles(n.ConfigFiles), featureFlagsFile(n.DataDir))...)
	if err != nil {
		return nil, nil, err
	}
	cmds = append([]executor.Command{makeBackupDir(layout.Dir)}, append(required, extra...)...)
	return cmds, []string{names.Stopped, names.StoppedExtra}, nil
}

// featureFlagsFile is where a node keeps its enabled feature flags: beside
// its data directory, not in it (RABBITMQ_FEATURE_FLAGS_FILE defaults to
// MNESIA_BASE/NODENAME-feature_flags). A newer version that got far enough
// to rewrite it leaves the restored node with the new version's flags
// (seen here: 4.3.6 turned khepri_db on in it, and the node rolled back to
// 4.0.5 came up alone on Khepri), so it is backed up and restored with the
// data directory.
func featureFlagsFile(dataDir string) string { return path.Clean(dataDir) + "-feature_flags" }

// siblingFiles are the stoppedFiles beside the node's first config file.
func siblingFiles(configFiles []string) []string {
	if len(configFiles) == 0 {
		return []string{path.Join("/etc/rabbitmq", stoppedFiles[0]), path.Join("/etc/rabbitmq", stoppedFiles[1])}
	}
	dir := path.Dir(configFiles[0])
	var out []string
	for _, f := range stoppedFiles {
		out = append(out, path.Join(dir, f))
	}
	return out
}

// inventoryNode is node as the preparation inventory recorded it.
func inventoryNode(runDir, node string) (InventoryNode, error) {
	var inv Inventory
	if err := readJSONFile(filepath.Join(runDir, InventoryFile), &inv); err != nil {
		return InventoryNode{}, fmt.Errorf("the preparation inventory: %w", err)
	}
	for _, n := range inv.Nodes {
		if n.Name == node {
			return n, nil
		}
	}
	return InventoryNode{}, fmt.Errorf("the preparation inventory does not list %s", node)
}
