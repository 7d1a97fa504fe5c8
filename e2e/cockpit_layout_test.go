//go:build integration

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/warren-sre/warren/lab/labtest"
)

// At 120×40, a common SSH terminal, one frame shows the checklist, the three
// nodes, the queue pane and the latency figures together; the first frame
// comes within a second of the process starting.
func TestCockpitAt120x40ShowsEveryPane(t *testing.T) {
	cfg := labtest.Require(t)
	bin := buildWarren(t)
	names := cfg.NodeNames()
	scr := startScreen(t, 120, 40, append(labEnv(cfg), "XDG_STATE_HOME="+t.TempDir(), "NO_COLOR=1"), bin)
	first := scr.waitFor(10*time.Second, "the first frame", func(s string) bool {
		return strings.HasPrefix(s, "warren") && strings.Contains(s, "Checklist")
	})
	t.Logf("figure: process start → first frame at 120×40: %s", first)
	if first > time.Second {
		t.Errorf("the first frame took %s, want ≤ 1s", first)
	}
	filled := allPanesFilled(names)
	all := scr.waitFor(20*time.Second, "checklist, nodes, queues and latency on one screen", func(s string) bool {
		return filled(s) && strings.Contains(s, "Checklist") && strings.Contains(s, "Latency ·") && !strings.Contains(s, "[Nodes]")
	})
	t.Logf("figure: process start → checklist, three nodes, queues and latency figures on one 120×40 screen: %s", first+all)
	assertScreenFits(t, scr.capture(), 120, 40, "? help")
	scr.keys("q")
}
