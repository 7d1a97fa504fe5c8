package steps

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/warren-sre/warren/model"
)

// exportAttempts: the export is retried when the cluster changed between
// the export and the live count (a queue declared in between).
const exportAttempts = 3

func definitionsStep(cfg PrepConfig) Step {
	path := filepath.Join(cfg.RunDir, DefinitionsFile)
	return Step{
		ID: "prep.definitions", Phase: Preparation, Title: "Back up the definitions (verified)",
		Why: "users, vhosts, permissions, policies, queues, exchanges and bindings can be re-imported into a rebuilt or rolled-back cluster; " +
			"the backup counts only once it is read back and matches the live cluster",
		Gate:     true,
		Commands: [][]string{{"rabbitmqctl", "export_definitions", path}},
		Action: &Action{Run: func(ctx context.Context, env Env) (string, error) {
			return exportDefinitions(ctx, cfg.RunDir, env.Cluster)
		}},
		Check: func(ctx context.Context, env Env) Result {
			return stampResult(env, VerifyDefinitionsBackup(ctx, cfg.RunDir, env.Cluster))
		},
	}
}

// exportDefinitions exports, saves (0600) and records the sha256, retrying
// while the live counts move under it.
func exportDefinitions(ctx context.Context, runDir string, cluster PrepCluster) (string, error) {
	if cluster == nil {
		return "", errNoCluster
	}
	if err := runDirOK(runDir); err != nil {
		return "", err
	}
	var diffs []string
	for attempt := 1; attempt <= exportAttempts; attempt++ {
		defs, err := cluster.ExportDefinitions(ctx)
		if err != nil {
			return "", fmt.Errorf("export: %w", err)
		}
		if err := saveDefinitions(runDir, defs); err != nil {
			return "", err
		}
		backup, err := model.CountDefinitions(defs)
		if err != nil {
			return "", err
		}
		live, err := cluster.LiveDefinitionCounts(ctx)
		if err != nil {
			return "", fmt.Errorf("live counts: %w", err)
		}
		if diffs = model.CompareCounts(backup, live); len(diffs) == 0 {
			return fmt.Sprintf("exported %d bytes: %s", len(defs), backup), nil
		}
	}
	return "", fmt.Errorf("the cluster kept changing during the export (%s): retry when it is quiet", strings.Join(diffs, "; "))
}

func saveDefinitions(runDir string, defs []byte) error {
	path := filepath.Join(runDir, DefinitionsFile)
	if err := writePrivate(path, defs); err != nil {
		return fmt.Errorf("save definitions: %w", err)
	}
	sum := sha256.Sum256(defs)
	line := hex.EncodeToString(sum[:]) + "  " + DefinitionsFile + "\n"
	return writePrivate(filepath.Join(runDir, DefinitionsSum), []byte(line))
}

// VerifyDefinitionsBackup passes only when the saved export is private
// (0600), matches its recorded sha256, parses back as a cluster-wide
// export, and its object counts equal the live cluster's.
func VerifyDefinitionsBackup(ctx context.Context, runDir string, cluster PrepCluster) Result {
	path := filepath.Join(runDir, DefinitionsFile)
	fail := func(summary string, ev ...string) Result {
		return Result{Verdict: Fail, Summary: summary, Evidence: ev, Remedy: "run this step's action to export the definitions again"}
	}
	info, err := os.Stat(path)
	if err != nil {
		return fail("no definitions backup yet: " + err.Error())
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		return fail(fmt.Sprintf("%s has mode %#o: it holds password hashes and must be 0600", path, perm))
	}
	defs, err := os.ReadFile(path)
	if err != nil {
		return fail("cannot read the backup: " + err.Error())
	}
	sum, err := recordedSum(runDir)
	if err != nil {
		return fail(err.Error())
	}
	actual := sha256.Sum256(defs)
	if got := hex.EncodeToString(actual[:]); got != sum {
		return fail("the backup changed since it was exported", "recorded sha256 "+sum, "file sha256 "+got)
	}
	backup, err := model.CountDefinitions(defs)
	if err != nil {
		return fail("the backup does not read back: " + err.Error())
	}
	if cluster == nil {
		return fail(errNoCluster.Error())
	}
	live, err := cluster.LiveDefinitionCounts(ctx)
	if err != nil {
		return fail("live counts not read: " + err.Error())
	}
	ev := []string{path, "sha256 " + sum, fmt.Sprintf("%d bytes, mode 0600", len(defs)), "backup: " + backup.String(), "live:   " + live.String()}
	if diffs := model.CompareCounts(backup, live); len(diffs) > 0 {
		return fail("the backup does not match the live cluster", append(ev, diffs...)...)
	}
	return Result{Verdict: Pass, Summary: "definitions backup verified: " + backup.String(), Evidence: ev}
}

func recordedSum(runDir string) (string, error) {
	data, err := os.ReadFile(filepath.Join(runDir, DefinitionsSum))
	if err != nil {
		return "", fmt.Errorf("no recorded sha256: %v", err)
	}
	fields := strings.Fields(string(data))
	if len(fields) == 0 || len(fields[0]) != 64 {
		return "", fmt.Errorf("%s is not a sha256 record", DefinitionsSum)
	}
	return fields[0], nil
}
