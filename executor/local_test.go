package executor

import (
	"context"
	"strings"
	"testing"
	"time"
)

// testContext bounds every test so none can hang.
func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestLocalRun(t *testing.T) {
	tests := []struct {
		name       string
		cmd        Command
		wantKind   ErrorKind
		wantExit   int
		wantStdout string
		wantStderr string
	}{
		{"success with output", Command{Argv: []string{"echo", "hello", "$(id)"}},
			ErrorNone, 0, "hello $(id)\n", ""},
		{"non-zero exit", Command{Argv: []string{"sh", "-c", "echo oops >&2; exit 3"}},
			ErrorNonZeroExit, 3, "", "oops\n"},
		{"env addition", Command{Argv: []string{"sh", "-c", `printf %s "$RABBITMQ_NODENAME"`},
			Env: map[string]string{"RABBITMQ_NODENAME": "rabbit-1@localhost"}},
			ErrorNone, 0, "rabbit-1@localhost", ""},
		{"program missing", Command{Argv: []string{"/nonexistent/rabbitmqctl"}},
			ErrorNotStarted, NoExitCode, "", ""},
		{"invalid command", Command{Argv: []string{"rabbitmqctl", "--erlang-cookie", "x"}},
			ErrorNotStarted, NoExitCode, "", ""},
		{"timeout kills the whole group", Command{Argv: []string{"sh", "-c", "sleep 60; echo late"}, Timeout: 200 * time.Millisecond},
			ErrorTimeout, NoExitCode, "", ""},
	}
	local := NewLocal(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := local.Run(testContext(t), "rabbit@host1", tt.cmd)
			if r.ErrorKind != tt.wantKind || r.ExitCode != tt.wantExit {
				t.Fatalf("kind %q exit %d (error %q), want kind %q exit %d", r.ErrorKind, r.ExitCode, r.Error, tt.wantKind, tt.wantExit)
			}
			if r.Stdout.Text != tt.wantStdout || r.Stderr.Text != tt.wantStderr {
				t.Errorf("stdout %q stderr %q, want %q %q", r.Stdout.Text, r.Stderr.Text, tt.wantStdout, tt.wantStderr)
			}
			if tt.wantKind != ErrorNone && r.Error == "" {
				t.Error("failure without an error message")
			}
			if r.Succeeded() != (tt.wantKind == ErrorNone) {
				t.Errorf("Succeeded() = %v", r.Succeeded())
			}
			if r.Finished.Before(r.Started) || r.Duration < 0 || r.Executor != KindLocal {
				t.Errorf("bad bookkeeping: %+v", r)
			}
		})
	}
}

func TestLocalCancelIsNotTimeout(t *testing.T) {
	ctx, cancel := context.WithCancel(testContext(t))
	time.AfterFunc(100*time.Millisecond, cancel)
	r := NewLocal(Options{}).Run(ctx, "rabbit@host1", Command{Argv: []string{"sleep", "60"}})
	if r.ErrorKind != ErrorCancelled {
		t.Fatalf("kind = %q (%s), want cancelled", r.ErrorKind, r.Error)
	}
}

func TestLocalConfiguredTimeout(t *testing.T) {
	r := NewLocal(Options{CommandTimeout: 100 * time.Millisecond}).
		Run(testContext(t), "rabbit@host1", Command{Argv: []string{"sleep", "60"}})
	if r.ErrorKind != ErrorTimeout {
		t.Fatalf("kind = %q (%s), want timeout", r.ErrorKind, r.Error)
	}
}

func TestLocalOutputIsBounded(t *testing.T) {
	// ~1.9 MB of output through a 1 KiB-per-end capture.
	cmd := Command{Argv: []string{"sh", "-c", "echo FIRST; seq 1 300000; echo LAST"}}
	r := NewLocal(Options{OutputLimit: 1024}).Run(testContext(t), "rabbit@host1", cmd)
	if !r.Succeeded() {
		t.Fatalf("failed: %s", r.Error)
	}
	out := r.Stdout
	if !strings.HasPrefix(out.Text, "FIRST\n1\n") || !strings.HasSuffix(out.Text, "300000\nLAST\n") {
		t.Errorf("head or tail lost: %q ... %q", out.Text[:20], out.Text[len(out.Text)-20:])
	}
	if out.OmittedBytes == 0 || len(out.Text) > 2*1024+64 || out.TotalBytes < 1_000_000 {
		t.Errorf("not bounded: kept %d, omitted %d, total %d", len(out.Text), out.OmittedBytes, out.TotalBytes)
	}
}

// TestLocalBackgroundChildHoldingOutput: a start command that leaves a
// child holding stdout must not block Run beyond the pipe grace.
func TestLocalBackgroundChildHoldingOutput(t *testing.T) {
	cmd := Command{Argv: []string{"sh", "-c", "sleep 30 & echo started"}}
	r := NewLocal(Options{}).Run(testContext(t), "rabbit@host1", cmd)
	if !r.Succeeded() || r.Stdout.Text != "started\n" {
		t.Fatalf("kind %q exit %d stdout %q error %s", r.ErrorKind, r.ExitCode, r.Stdout.Text, r.Error)
	}
	if len(r.Warnings) == 0 {
		t.Error("no warning about the held output")
	}
}

// BenchmarkLocalRun measures the cost of one local command (fork, exec, wait).
func BenchmarkLocalRun(b *testing.B) {
	local := NewLocal(Options{})
	cmd := Command{Argv: []string{"true"}}
	for b.Loop() {
		if r := local.Run(b.Context(), "rabbit@host1", cmd); !r.Succeeded() {
			b.Fatal(r.Error)
		}
	}
}

// BenchmarkLocalRunChattyOutput shows memory stays bounded (B/op) while a
// command writes ~1.9 MB.
func BenchmarkLocalRunChattyOutput(b *testing.B) {
	local := NewLocal(Options{})
	cmd := Command{Argv: []string{"seq", "1", "300000"}}
	for b.Loop() {
		if r := local.Run(b.Context(), "rabbit@host1", cmd); !r.Succeeded() {
			b.Fatal(r.Error)
		}
	}
}
