//go:build integration

package e2e

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/warren-sre/warren/lab/labtest"
)

var confirmRow = regexp.MustCompile(`confirm p50\s+[0-9.]+[mµu]?s`)

// allPanesFilled: nodes with their state, the queue totals and a measured
// canary percentile are all on screen.
func allPanesFilled(nodes []string) func(string) bool {
	return func(scr string) bool {
		for _, n := range nodes {
			if !strings.Contains(rowOf(scr, n), "running") {
				return false
			}
		}
		return strings.Contains(scr, "Queues ·") && strings.Contains(scr, "total ") && confirmRow.MatchString(scr)
	}
}

func TestCockpitShowsANodeStoppedUnderneath(t *testing.T) {
	cfg := labtest.Require(t)
	bin := buildWarren(t)
	t.Cleanup(func() { labtest.Restore(t, cfg) })
	names := cfg.NodeNames()
	state := t.TempDir()
	scr := startScreen(t, 160, 48, append(labEnv(cfg), "XDG_STATE_HOME="+state, "NO_COLOR=1"), bin)

	firstFrame := scr.waitFor(20*time.Second, "all three panes filled", allPanesFilled(names))
	t.Logf("figure: process start → all three panes filled: %s", firstFrame)

	node2 := cfg.Node(2).Name
	stopped := make(chan error, 1)
	stopStart := time.Now()
	go func() { stopped <- cfg.StopNode(context.Background(), 2, func(s string) { t.Log(s) }) }()
	// A graceful stop closes warren's AMQP link to the node within a second
	// ("GOING DOWN"); the API only says "DOWN" ~6 s later.
	seen := scr.waitFor(20*time.Second, node2+" going down", func(s string) bool {
		row := strings.ToLower(rowOf(s, node2))
		return strings.Contains(row, "down") && !strings.Contains(row, "running")
	})
	t.Logf("figure: start of a graceful stop of node 2 → screen shows it going down: %s", seen)
	if err := <-stopped; err != nil {
		t.Fatal(err)
	}
	t.Logf("the stop itself took %s", time.Since(stopStart))
	scr.waitFor(30*time.Second, node2+" down in the API", func(s string) bool {
		return strings.Contains(rowOf(s, node2), "✗ DOWN")
	})

	if err := cfg.StartNode(context.Background(), 2, func(s string) { t.Log(s) }); err != nil {
		t.Fatal(err)
	}
	scr.waitFor(60*time.Second, node2+" running again", func(s string) bool {
		return strings.Contains(rowOf(s, node2), "running")
	})
	t.Logf("figure: warren's peak RSS over the run: %s", scr.peakRSS())
	scr.keys("q")
}
