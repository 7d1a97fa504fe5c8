package steps

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/warren-sre/warren/executor"
	"github.com/warren-sre/warren/model"
)

// What systemd and RabbitMQ print when a packaged node refuses to boot:
// systemctl says only that the unit failed; the node's words are in its
// journal or its log file, read on the node through the executor.
const (
	systemdSays = "Job for rabbitmq-server.service failed because the control process exited with error code."
	nodeLog     = "2026-11-28 09:03:20.801272+00:00 [error] <0.549.0> Feature flags: `stream_single_active_consumer`: required feature flag not enabled! It must be enabled before upgrading RabbitMQ.\n" +
		"2026-11-28 09:03:20.802718+00:00 [error] <0.209.0> BOOT FAILED\n" +
		"2026-11-28 09:03:20.802718+00:00 [error] <0.209.0> Error during startup: {error,failed_to_initialize_feature_flags_registry}\n"
)

func TestFailedServiceStartCarriesTheNodesWords(t *testing.T) {
	const node = "rabbit@mq1"
	fail := executor.Result{ExitCode: 1, ErrorKind: executor.ErrorNonZeroExit, Stderr: executor.Output{Text: systemdSays}}
	ok := func(text string) executor.Result { return executor.Result{Stdout: executor.Output{Text: text}} }
	tests := []struct {
		name           string
		start, journal executor.Result
		file           executor.Result
		wantErr        string // "" means the start succeeded
		wantSays       string // the node's words in the error, "" for none
		wantRan        []string
	}{
		{"the journal holds the reason", fail, ok("Starting RabbitMQ...\n" + nodeLog), ok(""), systemdSays,
			"Error during startup: {error,failed_to_initialize_feature_flags_registry} | Feature flags: `stream_single_active_consumer`: required feature flag not enabled!",
			[]string{"systemctl", "journalctl"}},
		{"only the log file has it", fail, ok("rabbitmq-server.service: Failed with result 'exit-code'.\n"), ok(nodeLog), systemdSays,
			"Error during startup: {error,failed_to_initialize_feature_flags_registry}", []string{"systemctl", "journalctl", "tail"}},
		{"no journal, no log file: systemd's words only", fail,
			executor.Result{ExitCode: 1, ErrorKind: executor.ErrorNonZeroExit, Stderr: executor.Output{Text: "No journal files were found."}},
			executor.Result{ExitCode: 1, ErrorKind: executor.ErrorNonZeroExit}, systemdSays, "", []string{"systemctl", "journalctl", "tail"}},
		{"a start that works reads nothing", ok(""), ok(nodeLog), ok(nodeLog), "", "", []string{"systemctl"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := &scriptedExecutor{answer: func(cmd executor.Command) executor.Result {
				switch cmd.Argv[0] {
				case "journalctl":
					return tt.journal
				case "tail":
					return tt.file
				}
				return tt.start
			}}
			plan := NodePlan{Name: node, Start: executor.StartService(),
				BootLog: func(since time.Time) ([]executor.Command, error) { return executor.BootLog(node, since) }}
			step := stepByID(RollingSteps(RollingConfig{Nodes: []NodePlan{plan}, Executor: ex, Target: model.V(4, 0, 5)}), RollingID(node, PartStart))
			var logged []CommandRun
			_, err := step.Action.Run(context.Background(), Env{Now: clock, LogCommand: func(c CommandRun) { logged = append(logged, c) }})
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("start failed: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("error %v, want systemd's %q kept", err, tt.wantErr)
			case tt.wantSays != "" && !strings.Contains(err.Error(), "\n"+bootReasonLine+tt.wantSays):
				t.Errorf("error %q lacks the node's words %q", err, tt.wantSays)
			case tt.wantSays == "" && err != nil && strings.Contains(err.Error(), bootReasonLine):
				t.Errorf("error %q claims words the node did not log", err)
			}
			var ran []string
			for _, argv := range ex.ran {
				ran = append(ran, argv[0])
			}
			if strings.Join(ran, " ") != strings.Join(tt.wantRan, " ") || len(logged) != len(ex.ran) {
				t.Errorf("ran %q (journaled %d), want %q, each journaled", ran, len(logged), tt.wantRan)
			}
		})
	}
}

// The rollback's start of a packaged node explains a failure the same way.
func TestRollbackStartReadsTheBootLogToo(t *testing.T) {
	const node = "rabbit@mq1"
	ex := &scriptedExecutor{answer: func(cmd executor.Command) executor.Result {
		if cmd.Argv[0] == "journalctl" {
			return executor.Result{Stdout: executor.Output{Text: nodeLog}}
		}
		return executor.Result{ExitCode: 1, ErrorKind: executor.ErrorNonZeroExit, Stderr: executor.Output{Text: systemdSays}}
	}}
	rn := RollbackNode{Name: node, Start: executor.StartService(), Reinstall: executor.StartService(),
		BootLog: func(since time.Time) ([]executor.Command, error) { return executor.BootLog(node, since) }}
	step := stepByID(RollbackSteps(RollbackConfig{Nodes: []RollbackNode{rn}, Executor: ex}), RollbackID(node, PartStart))
	_, err := step.Action.Run(context.Background(), Env{Now: clock})
	if err == nil || !strings.Contains(err.Error(), bootReasonLine+"Error during startup") {
		t.Fatalf("rollback start error %v, want the node's words", err)
	}
}
