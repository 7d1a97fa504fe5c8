package steps

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warren-sre/warren/executor"
	"github.com/warren-sre/warren/model"
)

// scriptedExecutor answers each command with the result answer gives.
type scriptedExecutor struct {
	answer func(cmd executor.Command) executor.Result
	ran    [][]string
}

func (s *scriptedExecutor) Name() string { return "scripted" }
func (s *scriptedExecutor) Run(_ context.Context, node string, cmd executor.Command) executor.Result {
	s.ran = append(s.ran, cmd.Argv)
	r := s.answer(cmd)
	r.Node, r.Argv = node, cmd.Argv
	return r
}

// exits: the data directory measures 8 KiB, the backup directory is made,
// then every tar exits with code.
func exits(code int, stderr string) func(executor.Command) executor.Result {
	return func(cmd executor.Command) executor.Result {
		if cmd.Argv[0] == "du" {
			return executor.Result{Stdout: executor.Output{Text: "8\t" + cmd.Argv[len(cmd.Argv)-1] + "\n"}}
		}
		if cmd.Argv[0] != "tar" || code == 0 {
			return executor.Result{}
		}
		return executor.Result{ExitCode: code, ErrorKind: executor.ErrorNonZeroExit, Stderr: executor.Output{Text: stderr}}
	}
}

// labNode is a node whose config file and data directory are real local
// paths, as on the lab.
func labNode(t *testing.T) model.Node {
	t.Helper()
	root := t.TempDir()
	conf, data := filepath.Join(root, "rabbitmq.conf"), filepath.Join(root, "mnesia")
	if err := os.WriteFile(conf, []byte("loopback_users = none\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(data, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(data, "queue.idx"), []byte("data"), 0o600); err != nil {
		t.Fatal(err)
	}
	return model.Node{Name: "rabbit@lab1", ConfigFiles: []string{conf}, DataDir: data, DiskFree: 10 << 30, DiskFreeLimit: 50 << 20}
}

func backupStepWith(t *testing.T, ex executor.Executor, n model.Node) Step {
	t.Helper()
	list := PreparationSteps(PrepConfig{RunDir: t.TempDir(), BackupDir: filepath.Join(t.TempDir(), "backups"), Nodes: []model.Node{n}, Executor: ex})
	return stepByID(list, "prep.backup."+n.Name)
}

func TestBackupActionRunsThroughTheExecutor(t *testing.T) {
	cases := []struct {
		name      string
		ex        func() executor.Executor
		wantErr   string // "" means the action succeeds
		wantOut   string
		wantCheck Verdict // the check after the action
		wantLogs  int
	}{
		{"local executor writes the archives", func() executor.Executor { return executor.NewLocal(executor.Options{}) },
			"", "", Pass, 4},
		{"manual executor shows the commands", func() executor.Executor { return executor.Manual{} },
			"", "tar -C / -czf", Fail, 4},
		{"a failing tar stops the action", func() executor.Executor {
			return &scriptedExecutor{answer: exits(2, "tar: Cannot open: Permission denied")}
		},
			"Permission denied", "", Fail, 3},
		{"files changing under a running node are noted, not fatal", func() executor.Executor {
			return &scriptedExecutor{answer: exits(1, "tar: var/lib/x: file changed as we read it")}
		}, "", "changed while they were archived", Fail, 4},
		{"no room for a full copy of the data directory", func() executor.Executor {
			return &scriptedExecutor{answer: func(cmd executor.Command) executor.Result {
				if cmd.Argv[0] == "du" {
					return executor.Result{Stdout: executor.Output{Text: "20971520\t/x\n"}} // 20 GiB
				}
				return executor.Result{}
			}}
		}, "no room for a full copy", "", Fail, 1},
		{"the data directory cannot be measured", func() executor.Executor {
			return &scriptedExecutor{answer: func(cmd executor.Command) executor.Result {
				return executor.Result{ExitCode: 1, ErrorKind: executor.ErrorNonZeroExit, Stderr: executor.Output{Text: "du: cannot read"}}
			}}
		}, "could not measure", "", Fail, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			step := backupStepWith(t, c.ex(), labNode(t))
			if step.Action == nil {
				t.Fatal("a backup step with an executor has no action")
			}
			var logged []CommandRun
			env := Env{LogCommand: func(r CommandRun) { logged = append(logged, r) }}
			out, err := step.Action.Run(context.Background(), env)
			if (c.wantErr == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), c.wantErr)) {
				t.Fatalf("err %v, want %q", err, c.wantErr)
			}
			if !strings.Contains(out, c.wantOut) {
				t.Errorf("output %q lacks %q", out, c.wantOut)
			}
			if len(logged) != c.wantLogs {
				t.Errorf("journaled %d commands, want %d", len(logged), c.wantLogs)
			}
			if res := step.Check(context.Background(), Env{}); res.Verdict != c.wantCheck {
				t.Errorf("check after the action: %s %s %v, want %s", res.Verdict, res.Summary, res.Evidence, c.wantCheck)
			}
		})
	}
}

func TestBackupStepWithoutExecutorHasNoAction(t *testing.T) {
	if step := backupStepWith(t, nil, labNode(t)); step.Action != nil {
		t.Errorf("no executor configured, the operator acknowledges; unexpected action with commands %v", step.Action.Commands)
	}
}

// A node restarted just before the run was built has no db_dir in the first
// snapshot. The step used to fail for good ("no backup command") until the
// run was rebuilt; its action and check now re-read the node.
func TestBackupStepReReadsTheDataDirectory(t *testing.T) {
	node := labNode(t)
	booting := node
	booting.DataDir = ""
	step := backupStepWith(t, executor.NewLocal(executor.Options{}), booting)
	if step.Action == nil {
		t.Fatal("no action for a node whose data directory was not reported yet")
	}
	envWith := func(n model.Node) Env {
		var env Env
		env.Snapshot.Nodes = model.NodesSample{At: clock(), Value: []model.Node{n}}
		return env
	}
	stillBooting := envWith(booting)
	if _, err := step.Action.Run(context.Background(), stillBooting); err == nil || !strings.Contains(err.Error(), "db_dir") {
		t.Fatalf("action without a data directory: %v", err)
	}
	if res := step.Check(context.Background(), stillBooting); res.Verdict != Fail || !strings.Contains(res.Summary, "no backup command") {
		t.Fatalf("check without a data directory: %s %s", res.Verdict, res.Summary)
	}
	booted := envWith(node)
	if _, err := step.Action.Run(context.Background(), booted); err != nil {
		t.Fatalf("action once the node reports its data directory: %v", err)
	}
	if res := step.Check(context.Background(), booted); res.Verdict != Pass {
		t.Fatalf("check once the archives exist: %s %s %v", res.Verdict, res.Summary, res.Evidence)
	}
}
