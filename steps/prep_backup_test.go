package steps

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/warren-sre/warren/executor"
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

// The rollback restores exactly the archives the preparation phase named
// for the run; without a recorded layout it refuses, saying why.
func TestRollbackRestoresThePrepArchives(t *testing.T) {
	nodes := snapshot().Nodes.Value
	runDir := t.TempDir()
	prep := PreparationSteps(PrepConfig{RunDir: runDir, Nodes: nodes, BackupDir: t.TempDir()})
	written := map[string]string{} // which archive each part restores
	for _, argv := range stepByID(prep, "prep.backup.rabbit@a").Commands {
		if a := archiveOf(argv); strings.HasSuffix(a, "-config.tar.gz") {
			written["restore-config"] = a
		} else {
			written["restore-data"] = a
		}
	}
	cases := []struct {
		name    string
		runDir  string
		node    RollbackNode
		part    string
		archive string // "" means the action must refuse
	}{
		{"data from the run's layout", runDir, RollbackNode{Name: "rabbit@a"}, "restore-data", written["restore-data"]},
		{"config from the run's layout", runDir, RollbackNode{Name: "rabbit@a"}, "restore-config", written["restore-config"]},
		{"an explicit archive wins", runDir, RollbackNode{Name: "rabbit@a", DataArchive: "/srv/b/a.tgz"}, "restore-data", "/srv/b/a.tgz"},
		{"a run whose preparation never ran", t.TempDir(), RollbackNode{Name: "rabbit@a"}, "restore-data", ""},
		{"no run directory", "", RollbackNode{Name: "rabbit@a"}, "restore-data", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			list := RollbackSteps(RollbackConfig{RunDir: c.runDir, Nodes: []RollbackNode{c.node}, Executor: executor.Manual{}})
			a := stepByID(list, RollbackID("rabbit@a", c.part)).Action
			if c.archive == "" {
				_, err := a.Run(context.Background(), Env{})
				if err == nil || !strings.Contains(err.Error(), "no backup archive is known") {
					t.Errorf("err %v, want a refusal naming the missing backup", err)
				}
				return
			}
			if len(a.Commands) != 1 || archiveOf(a.Commands[0]) != c.archive || !a.Irreversible {
				t.Errorf("commands %v, want an irreversible restore of %s", a.Commands, c.archive)
			}
		})
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
