package steps

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// A resumed run rebuilds the runbook later (another clock reading, maybe
// another backup dir flag): it must look for the archives the first build
// named, and a different run must not find them.
func TestBackupArchiveNamesAreStableForARun(t *testing.T) {
	nodes := snapshot().Nodes.Value
	first := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	later := func() time.Time { return first.Add(3 * time.Hour) }
	runDir, otherRun, backups := t.TempDir(), t.TempDir(), t.TempDir()
	build := func(dir, backupDir string, now func() time.Time) [][]string {
		list := PreparationSteps(PrepConfig{RunDir: dir, Nodes: nodes, BackupDir: backupDir, Now: now})
		return stepByID(list, "prep.backup.rabbit@a").Commands
	}
	original := build(runDir, backups, func() time.Time { return first })
	if len(original) != 3 { // mkdir, config tar, data tar
		t.Fatalf("commands %v", original)
	}
	cases := []struct {
		name      string
		dir       string
		backupDir string
		now       func() time.Time
		same      bool
	}{
		{"resumed hours later", runDir, backups, later, true},
		{"resumed with another backup dir", runDir, t.TempDir(), later, true},
		{"another run started in the same second", otherRun, backups, func() time.Time { return first }, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := build(c.dir, c.backupDir, c.now)
			equal := slices.EqualFunc(got, original, slices.Equal[[]string])
			if equal != c.same {
				t.Errorf("commands %v\nfirst build %v\nsame = %v, want %v", got, original, equal, c.same)
			}
		})
	}
}

// archiveOf is the archive a tar command writes or reads (after -czf / -xzf).
func archiveOf(argv []string) string {
	for i, a := range argv {
		if (a == "-czf" || a == "-xzf") && i+1 < len(argv) {
			return argv[i+1]
		}
	}
	return ""
}

// The rollback puts back exactly what the stopped node's backup wrote: the
// rolling backup and the rollback restore name the same archives, and the
// restore moves the data directory aside before extracting. Without the
// run's records it refuses, saying why.
func TestRollbackRestoresTheStoppedNodeArchives(t *testing.T) {
	runDir := t.TempDir()
	PreparationSteps(PrepConfig{RunDir: runDir, Nodes: snapshot().Nodes.Value, BackupDir: t.TempDir()}) // records the layout
	inv := Inventory{Nodes: []InventoryNode{{Name: "rabbit@a", DataDir: "/var/lib/rabbitmq/mnesia/rabbit@a",
		ConfigFiles: []string{"/etc/rabbitmq/rabbitmq.conf"}}}}
	if err := writeJSONFile(filepath.Join(runDir, InventoryFile), inv); err != nil {
		t.Fatal(err)
	}
	backup, archives, err := stoppedBackupCommands(runDir, "rabbit@a")
	if err != nil {
		t.Fatal(err)
	}
	restore, err := restoreStoppedCommands(runDir, "rabbit@a")
	if err != nil {
		t.Fatal(err)
	}
	written := []string{archiveOf(backup[1].Argv), archiveOf(backup[2].Argv)}
	if !slices.Equal(written, archives) || !slices.Contains(backup[1].Argv, "var/lib/rabbitmq/mnesia/rabbit@a") ||
		!slices.Contains(backup[2].Argv, "etc/rabbitmq/enabled_plugins") || !slices.Contains(backup[2].Argv, "--ignore-failed-read") ||
		!slices.Contains(backup[2].Argv, "var/lib/rabbitmq/mnesia/rabbit@a-feature_flags") {
		t.Fatalf("backup %v, want the data dir and config, then the plugins and env files if present", backup)
	}
	if restore[0].Argv[0] != "mv" || !restore[0].Irreversible || restore[0].Argv[3] != inv.Nodes[0].DataDir {
		t.Fatalf("restore must first move the data directory aside: %v", restore[0].Argv)
	}
	extracted := []string{restore[1].Argv[len(restore[1].Argv)-1], restore[2].Argv[len(restore[2].Argv)-1]}
	if !slices.Equal(extracted, archives) {
		t.Fatalf("restore extracts %v, want what the backup wrote: %v", extracted, archives)
	}
	if _, err := restoreStoppedCommands(t.TempDir(), "rabbit@a"); err == nil || !strings.Contains(err.Error(), "no backup archive is known") {
		t.Errorf("a run whose preparation never ran: err %v", err)
	}
	if _, _, err := stoppedBackupCommands(runDir, "rabbit@zz"); err == nil || !strings.Contains(err.Error(), "does not list rabbit@zz") {
		t.Errorf("a node the inventory lacks: err %v", err)
	}
}

func TestBackupStepFailsWithoutRecordableNames(t *testing.T) {
	runDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(runDir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	list := PreparationSteps(PrepConfig{RunDir: runDir, Nodes: snapshot().Nodes.Value})
	step := stepByID(list, "prep.backup.rabbit@a")
	res := step.Check(context.Background(), Env{})
	if len(step.Commands) != 0 || res.Verdict != Fail || !strings.Contains(strings.Join(res.Evidence, " "), "no archive names") {
		t.Errorf("commands %v, result %+v; want no commands and a failure saying why", step.Commands, res)
	}
}
