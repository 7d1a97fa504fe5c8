//go:build integration

package e2e

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warren-sre/warren/lab/labtest"
)

// A follower has no canary but watches every node's AMQP link as the
// driver does: a graceful stop of node 2 shows on the follower's screen as
// "going down" (what only a dropped link says; the API says "down" seconds
// later) within about a second.
func TestCockpitFollowerSeesANodeGoingDown(t *testing.T) {
	cfg := labtest.Require(t)
	bin := buildWarren(t)
	t.Cleanup(func() { labtest.Restore(t, cfg) })
	names := cfg.NodeNames()
	runDir := filepath.Join(t.TempDir(), "run")
	env := append(labEnv(cfg), "XDG_STATE_HOME="+t.TempDir(), "NO_COLOR=1")
	driver := startScreen(t, 160, 48, env, bin, "--run", runDir)
	driver.waitFor(60*time.Second, "the driver's checklist", func(s string) bool { return strings.Contains(s, "Checklist ·") })

	follower := startScreen(t, 160, 48, env, bin, "--follow", "--run", runDir)
	first := follower.waitFor(20*time.Second, "the follower's nodes", func(s string) bool {
		for _, n := range names {
			if !strings.Contains(rowOf(s, n), "running") {
				return false
			}
		}
		return strings.Contains(s, "READ-ONLY")
	})
	t.Logf("figure: follower process start → every node shown running: %s", first)
	// Give the links time to open: the follower dials one per node.
	time.Sleep(2 * time.Second)

	node2 := cfg.Node(2).Name
	stopped := make(chan error, 1)
	go func() { stopped <- cfg.StopNode(context.Background(), 2, func(s string) { t.Log(s) }) }()
	var row string
	seen := follower.waitFor(20*time.Second, node2+" not running on the follower", func(s string) bool {
		row = strings.ToLower(rowOf(s, node2))
		return strings.Contains(row, "down") && !strings.Contains(row, "running")
	})
	t.Logf("figure: start of a graceful stop of node 2 → the follower shows it not running: %s (%s)", seen, strings.TrimSpace(row))
	if !strings.Contains(row, "going down") {
		t.Errorf("the follower first showed %q: want going down, which only the link watch says", row)
	}
	// The acceptance is 1 s (measured 0.57 s on the lab); the half second
	// more is for a loaded host, and still short of the API's ~1.2 s.
	if seen > 1500*time.Millisecond {
		t.Errorf("the follower took %s to show the stop", seen)
	}
	if err := <-stopped; err != nil {
		t.Fatal(err)
	}
	if err := cfg.StartNode(context.Background(), 2, func(s string) { t.Log(s) }); err != nil {
		t.Fatal(err)
	}
	follower.waitFor(60*time.Second, node2+" running again on the follower", func(s string) bool {
		return strings.Contains(rowOf(s, node2), "running")
	})
	follower.keys("q")
	driver.keys("q")
}
