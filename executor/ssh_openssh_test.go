//go:build integration

package executor_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/warren-sre/warren/executor"
	"github.com/warren-sre/warren/lab/labtest"
)

// The ssh executor against the real OpenSSH server: a command runs as the
// user logged in, the environment arrives through stdin (never in the
// remote command line, which the server logs), an exit code comes back,
// and a host key other than the one in known_hosts is refused.
func TestSSHExecutorAgainstOpenSSH(t *testing.T) {
	sshd := labtest.StartSSHD(t)
	cfg := executor.SSHConfig{User: sshd.User, Port: sshd.Port, KnownHosts: sshd.KnownHosts, IdentityFile: sshd.Identity}
	ex, err := executor.New(executor.KindSSH, executor.Options{SSH: cfg,
		Nodes: []executor.NodeSSH{{Name: "rabbit@h1", SSHHost: "127.0.0.1"}}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	secret := "cookie-" + strings.Repeat("x", 20)
	got := ex.Run(ctx, "rabbit@h1", executor.Command{Argv: []string{"sh", "-c", `printf '%s|%s' "$(id -un)" "$WARREN_TEST_VALUE"`},
		Env: map[string]string{"WARREN_TEST_VALUE": secret}})
	if !got.Succeeded() || got.Stdout.Text != sshd.User+"|"+secret {
		t.Fatalf("env over stdin: %+v", got)
	}
	if !strings.Contains(got.Target, "127.0.0.1:") || got.Executor != executor.KindSSH {
		t.Fatalf("result does not say where it ran: executor %q, target %q", got.Executor, got.Target)
	}
	if log := sshd.Log(); strings.Contains(log, secret) || !strings.Contains(log, "Accepted publickey for "+sshd.User) {
		t.Fatalf("server log: want one public-key login and no secret:\n%s", log)
	}

	failed := ex.Run(ctx, "rabbit@h1", executor.Command{Argv: []string{"sh", "-c", "exit 3"}})
	if failed.ExitCode != 3 || failed.ErrorKind != executor.ErrorNonZeroExit {
		t.Fatalf("exit code: %+v", failed)
	}

	other := labtest.StartSSHD(t) // another host key: must not be trusted
	cfg.Port, cfg.KnownHosts = other.Port, sshd.KnownHosts
	ex, err = executor.New(executor.KindSSH, executor.Options{SSH: cfg, Nodes: []executor.NodeSSH{{Name: "rabbit@h1", SSHHost: "127.0.0.1"}}})
	if err != nil {
		t.Fatal(err)
	}
	refused := ex.Run(ctx, "rabbit@h1", executor.Command{Argv: []string{"true"}})
	if refused.Succeeded() || !strings.Contains(refused.Error, "host key") {
		t.Fatalf("an unknown host key was accepted: %+v", refused)
	}
}
