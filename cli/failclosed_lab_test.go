//go:build integration

package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/warren-sre/warren/broker"
	"github.com/warren-sre/warren/lab/labtest"
	"github.com/warren-sre/warren/model"
)

// With node 2 frozen, the cluster-wide /api/nodes of nodes 1 and 3 hangs
// while each still answers its own probe. Asked about nodes 1 and 3 only,
// status and check used to say HEALTHY / READY and exit 0: the cluster-wide
// view was never read, so the verdict must fail closed.
func TestLabVerdictsNeedTheClusterWideView(t *testing.T) {
	cfg := labtest.Require(t)
	if cfg.Nodes < 3 {
		t.Skip("needs a 3-node lab")
	}
	bin := buildWarren(t)
	if err := cfg.FreezeNode(2); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { labtest.Restore(t, cfg) })
	// --timeout 1s keeps the freeze well under the 60 s net tick, after
	// which the cluster would partition.
	urls := []string{"--url", cfg.Node(1).MgmtURL(), "--url", cfg.Node(3).MgmtURL(), "-u", "guest", "--timeout", "1s"}

	t.Run("status", func(t *testing.T) {
		var report statusReport
		code := runJSON(t, bin, append([]string{"status", "--json", "--canary", "0"}, urls...), &report)
		logNodes(t, report.Snapshot.Nodes.Value)
		if code != 1 || report.Healthy || report.Verdict == "HEALTHY" {
			t.Fatalf("exit %d, verdict %s, healthy %v: want exit 1 and no HEALTHY", code, report.Verdict, report.Healthy)
		}
		requireNotCheckedWhereUnlisted(t, report.Snapshot.Nodes.Value, report.Findings)
	})
	t.Run("check", func(t *testing.T) {
		var report checkReport
		code := runJSON(t, bin, append([]string{"check", "--json", "--to", "3.11"}, urls...), &report)
		if code != 1 || report.OK {
			t.Fatalf("exit %d, ok %v: want exit 1 and not READY; findings %+v", code, report.OK, report.Findings)
		}
	})
}

// With node 2 frozen and a queue on it, ranking the queues and listing them
// hang on the healthy nodes too: status took 45 s (a fixed 30 s ranking
// timeout) and check 158 s (a fixed 2 min listing timeout). Every read is now
// a multiple of --timeout and status and check are bounded by
// OneShotFactor × --timeout; the margin is for a loaded machine.
func TestLabFrozenNodeWaitsAreBounded(t *testing.T) {
	cfg := labtest.Require(t)
	if cfg.Nodes < 3 {
		t.Skip("needs a 3-node lab")
	}
	bin := buildWarren(t)
	queue := "warren-test-on-node-2"
	declareOn(t, cfg.Node(2).MgmtURL(), queue) // a classic queue lives where it was declared
	t.Cleanup(func() { labtest.API(t, cfg, http.MethodDelete, "queues/%2F/"+queue, "") })
	waitListed(t, cfg.Node(1).MgmtURL(), queue) // only a listed queue makes the ranking wait for node 2
	if err := cfg.FreezeNode(2); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { labtest.Restore(t, cfg) })
	const timeout = time.Second
	limit := broker.OneShotFactor*timeout + 20*time.Second
	var urls []string
	for i := 1; i <= 3; i++ {
		urls = append(urls, "--url", cfg.Node(i).MgmtURL())
	}
	urls = append(urls, "-u", "guest", "--timeout", timeout.String())
	for name, args := range map[string][]string{
		"status": {"status", "--canary", "0"},
		"check":  {"check", "--to", "3.11"},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), limit)
		cmd := exec.CommandContext(ctx, bin, append(args, urls...)...)
		cmd.Env = append(os.Environ(), "WARREN_PASSWORD=guest")
		start := time.Now()
		out, err := cmd.CombinedOutput()
		cancel()
		t.Logf("%s took %v, exit %d", name, time.Since(start).Round(time.Millisecond), exitCode(err))
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			t.Fatalf("%s still running after %v with --timeout %v:\n%s", name, limit, timeout, out)
		}
		if exitCode(err) != 1 {
			t.Errorf("%s: exit %d, want 1 (a frozen node is a blocker):\n%s", name, exitCode(err), out)
		}
	}
}

// runJSON runs warren, decodes its JSON report into into and returns the exit code.
func runJSON(t *testing.T, bin string, args []string, into any) int {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "WARREN_PASSWORD=guest")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	code := exitCode(cmd.Run())
	if err := json.Unmarshal(stdout.Bytes(), into); err != nil {
		t.Fatalf("exit %d, stdout is not the JSON report (%v); stderr: %s", code, err, stderr.String())
	}
	return code
}

func logNodes(t *testing.T, nodes []model.Node) {
	for _, n := range nodes {
		t.Logf("node %s: %s probe-only=%v (%s)", n.Name, n.State, n.ProbeOnly, n.Reason)
	}
}

func requireNotCheckedWhereUnlisted(t *testing.T, nodes []model.Node, fs []model.Finding) {
	t.Helper()
	for _, n := range nodes {
		if !n.ProbeOnly {
			continue
		}
		for _, f := range fs {
			if f.Code == model.CodeNotChecked && f.Severity == model.Blocker {
				return
			}
		}
		t.Fatalf("%s was seen only through its probe, yet no NOT_CHECKED blocker: %+v", n.Name, fs)
	}
}

// declareOn declares a durable classic queue through the given node's API.
func declareOn(t *testing.T, mgmtURL, queue string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPut, mgmtURL+"/api/queues/%2F/"+queue, strings.NewReader(`{"durable":true}`))
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth("guest", "guest")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		t.Fatalf("declare %s: HTTP %d", queue, resp.StatusCode)
	}
}

// waitListed waits (at most 30 s) until the queue shows in /api/queues: the
// listing comes from statistics, which lag a fresh declaration.
func waitListed(t *testing.T, mgmtURL, queue string) {
	t.Helper()
	for range 30 {
		req, _ := http.NewRequest(http.MethodGet, mgmtURL+"/api/queues?columns=name", nil)
		req.SetBasicAuth("guest", "guest")
		if resp, err := http.DefaultClient.Do(req); err == nil {
			var list []struct{ Name string }
			_ = json.NewDecoder(resp.Body).Decode(&list)
			resp.Body.Close()
			for _, q := range list {
				if q.Name == queue {
					return
				}
			}
		}
		time.Sleep(time.Second)
	}
	t.Fatalf("queue %s not listed after 30 s", queue)
}
