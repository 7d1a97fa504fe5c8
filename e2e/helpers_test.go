//go:build integration

// Package e2e drives the real warren binary and the rolling runbook against
// the local lab (WARREN_LAB_* picks which lab).
package e2e

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warren-sre/warren/broker"
	"github.com/warren-sre/warren/lab"
	"github.com/warren-sre/warren/targets"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// warrenBinary builds warren once per test run.
func warrenBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "warren-e2e-bin")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "warren")
		out, err := exec.Command("go", "build", "-o", binPath, "..").CombinedOutput()
		if err != nil {
			buildErr = &buildError{string(out)}
		}
	})
	if buildErr != nil {
		t.Fatalf("build warren: %v", buildErr)
	}
	return binPath
}

type buildError struct{ out string }

func (e *buildError) Error() string { return e.out }

// upgradeArgs are the short-interval settings that keep a lab run quick;
// the lab has one version, so the target is what it runs.
func upgradeArgs(cfg lab.Config, runDir string, extra ...string) []string {
	args := []string{"upgrade", "--to", "3.10.8", "--run", runDir, "--executor", "local", "--yes",
		"--confirm", "enable-flags", "--poll", "1s", "--wait-timeout", "90s",
		"--baseline-window", "5s", "--canary-window", "10s",
		// Each restart disturbs canary latency for ~15 s: a rehearsal must
		// not stop on that, the trigger test below tightens it instead.
		"--trigger-sustain", "5m", "--trigger-canary-down", "2m"}
	// The local executor takes each node's backups for real, into the run
	// directory so nothing is left behind on the host.
	args = append(args, "--backup-dir", filepath.Join(runDir, "node-backups"))
	return append(args, extra...)
}

// run runs warren to completion and returns its exit code and stderr.
func run(t *testing.T, timeout time.Duration, args ...string) (int, string) {
	t.Helper()
	code, _, stderr := runOutput(t, warrenBinary(t), timeout, args...)
	return code, stderr
}

// runOutput runs bin to completion and returns its exit code, stdout and
// stderr.
func runOutput(t *testing.T, bin string, timeout time.Duration, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run warren: %v", err)
	}
	return code, stdout.String(), stderr.String()
}

// labCluster connects to the default lab the way warren does.
func labCluster(t *testing.T) *broker.Cluster {
	t.Helper()
	return connectTarget(t, "", 2*time.Second)
}

// connectTarget resolves a target by name ("" is the default), as the
// commands do, and connects to it.
func connectTarget(t *testing.T, target string, timeout time.Duration) *broker.Cluster {
	t.Helper()
	res, err := targets.Resolve(targets.Options{Name: target, Timeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	c, err := broker.Connect(res.Target)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// declareQuorumQueue declares a durable quorum queue and deletes it after.
func declareQuorumQueue(t *testing.T, n lab.Node, name string) {
	t.Helper()
	u := n.MgmtURL() + "/api/queues/%2F/" + url.PathEscape(name)
	send := func(method string, body string) int {
		req, _ := http.NewRequest(method, u, strings.NewReader(body))
		req.SetBasicAuth("guest", "guest")
		req.Header.Set("content-type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := send(http.MethodPut, `{"durable":true,"arguments":{"x-queue-type":"quorum"}}`); code/100 != 2 {
		t.Fatalf("declare %s: HTTP %d", name, code)
	}
	t.Cleanup(func() { send(http.MethodDelete, "") })
}
