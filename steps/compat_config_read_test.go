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

// The config gate reads each node's own files through the run's executor,
// and a file it could not read whole is NOT_CHECKED on a node the run
// upgrades: the gate fails (to be fixed or acknowledged), never passes.
func TestConfigGateReadsThroughTheExecutor(t *testing.T) {
	const conf = "/etc/rabbitmq/rabbitmq.conf"
	tests := []struct {
		name      string
		answer    executor.Result
		upgrading []string
		want      Verdict
		text      string
	}{
		{"read on the node", executor.Result{Stdout: executor.Output{Text: "classic_queue.default_version = 1\n"}}, nil,
			Fail, "CONFIG_KEY_BREAKS_BOOT"},
		{"a clean file passes", executor.Result{Stdout: executor.Output{Text: "log.console = true\n"}}, nil, Pass, "no blocker"},
		{"not there on the node", executor.Result{ExitCode: 1, ErrorKind: executor.ErrorNonZeroExit,
			Stderr: executor.Output{Text: "cat: " + conf + ": No such file or directory"}}, nil, Fail, "NOT_CHECKED"},
		{"the connection failed", executor.Result{ExitCode: executor.NoExitCode, ErrorKind: executor.ErrorTransport, Error: "ssh: handshake failed"},
			nil, Fail, "ssh: handshake failed"},
		{"cut by the output limit", executor.Result{Stdout: executor.Output{Text: "a = 1\n[... 9 bytes omitted ...]\nb = 2\n", TotalBytes: 70000, OmittedBytes: 9}},
			nil, Fail, "point warren at a copy"},
		{"not read on a node the run does not upgrade", executor.Result{ExitCode: 1, ErrorKind: executor.ErrorNonZeroExit}, []string{"rabbit@b"},
			Pass, "CONFIG_NOT_READ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := &scriptedExecutor{answer: func(executor.Command) executor.Result { return tt.answer }}
			s := snapshot()
			s.Nodes.Value[0].ConfigFiles = []string{conf}
			cfg := CompatConfig{Target: model.V(4, 0, 9), Config: ConfigSource{Read: ReadThrough(ex)}, Upgrading: tt.upgrading}
			res := stepByID(CompatibilitySteps(cfg), "compat.config").Check(context.Background(), Env{Snapshot: s, Now: clock})
			if res.Verdict != tt.want || !strings.Contains(res.Summary+"\n"+strings.Join(res.Evidence, "\n"), tt.text) {
				t.Fatalf("%s: %s\n%s\nwant %s with %q", res.Verdict, res.Summary, strings.Join(res.Evidence, "\n"), tt.want, tt.text)
			}
			if len(ex.ran) != 1 || strings.Join(ex.ran[0], " ") != "cat -- "+conf {
				t.Errorf("ran %q, want one cat of %s", ex.ran, conf)
			}
		})
	}
}

// The operator's copies (--config NODE=PATH) are read here, not on the
// node; the manual executor runs nothing, so files are read here too.
func TestConfigCopiesAndManualAreReadHere(t *testing.T) {
	copyPath := filepath.Join(t.TempDir(), "rabbitmq.conf")
	if err := os.WriteFile(copyPath, []byte("classic_queue.default_version = 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ex := &scriptedExecutor{answer: func(executor.Command) executor.Result { return executor.Result{} }}
	nodes := []model.Node{{Name: "rabbit@a", ConfigFiles: []string{"/etc/rabbitmq/rabbitmq.conf"}}}
	files := ReadConfigFiles(context.Background(), nodes, ConfigSource{Read: ReadThrough(ex), Paths: map[string][]string{"rabbit@a": {copyPath}}}, model.V(4, 0, 9))
	if len(ex.ran) != 0 || len(files) != 1 || files[0].Err != "" || len(files[0].Pairs) != 1 {
		t.Errorf("copy: ran %q, files %+v", ex.ran, files)
	}
	if ReadThrough(executor.Manual{}) != nil || ReadThrough(nil) != nil {
		t.Error("the manual executor runs nothing: its nodes' files are read where warren runs")
	}
}
