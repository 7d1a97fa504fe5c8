//go:build integration

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/warren-sre/warren/lab/labtest"
)

// The cockpit with --lang zh on an 80×24 terminal: Chinese titles, the
// checklist above the node pane, the other panes a tab away, and no line
// wider than the terminal (a CJK character takes two cells; a line that
// overflowed would wrap and push the footer off the screen).
func TestCockpitInChineseAt80x24(t *testing.T) {
	cfg := labtest.Require(t)
	bin := buildWarren(t)
	names := cfg.NodeNames()
	scr := startScreen(t, 80, 24, append(labEnv(cfg), "XDG_STATE_HOME="+t.TempDir(), "NO_COLOR=1"), bin, "--lang", "zh")
	took := scr.waitFor(20*time.Second, "the node pane in Chinese", func(s string) bool {
		for _, n := range names {
			if !strings.Contains(rowOf80(s, n), "运行中") {
				return false
			}
		}
		return strings.Contains(s, "[节点]") && strings.Contains(s, "节点 · 3/3 运行中")
	})
	t.Logf("figure: process start → Chinese node pane filled at 80×24: %s", took)
	assertScreenFits(t, scr.capture(), 80, 24, "? 帮助")

	scr.keys("Tab", "Tab", "Tab") // checklist → nodes → queues → latency
	scr.waitFor(20*time.Second, "the latency pane in Chinese", func(s string) bool {
		return strings.Contains(s, "[延迟]") && strings.Contains(s, "延迟 · 经由") && strings.Contains(s, "端到端 p50")
	})
	assertScreenFits(t, scr.capture(), 80, 24, "? 帮助")

	scr.keys("?")
	scr.waitFor(5*time.Second, "the help in Chinese", func(s string) bool {
		return strings.Contains(s, "按键") && strings.Contains(s, "开始回滚")
	})
	assertScreenFits(t, scr.capture(), 80, 24, "?/esc 关闭")
	scr.keys("Escape")
	scr.keys("q")
}

// rowOf80 is the node pane's line naming node on a screen where the pane
// sits below the checklist: the last line naming it (the title bar and the
// checklist's per-node steps name it too, above the pane).
func rowOf80(screen, node string) string {
	lines := strings.Split(screen, "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.Contains(lines[i], node) {
			return lines[i]
		}
	}
	return ""
}

// assertScreenFits: the frame starts with the title bar, ends with the
// footer (nothing wrapped and pushed it away), and every line fits.
func assertScreenFits(t *testing.T, screen string, w, h int, footer string) {
	t.Helper()
	lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	if len(lines) != h || !strings.HasPrefix(lines[0], "warren") || !strings.HasPrefix(lines[h-1], footer) {
		t.Fatalf("the frame is not %d lines from title bar to footer %q:\n%s", h, footer, screen)
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got > w {
			t.Errorf("line %d is %d cells wide, want ≤ %d: %q", i, got, w, l)
		}
	}
}
