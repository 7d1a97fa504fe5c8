//go:build integration

// Package e2e drives the real warren binary in tmux against the lab, the way
// an operator would: keys in, screen text out.
package e2e

import (
	"cmp"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// buildWarren compiles the binary under test.
func buildWarren(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "warren")
	if out, err := exec.Command("go", "build", "-o", bin, "..").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// screen is one tmux session running a command at a fixed size.
type screen struct {
	t    *testing.T
	name string
}

func startScreen(t *testing.T, width, height int, env []string, argv ...string) *screen {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatalf("tmux is required for end-to-end tests: %v", err)
	}
	// WARREN_E2E_TMUX_PREFIX keeps sessions of parallel runs apart by name.
	prefix := cmp.Or(os.Getenv("WARREN_E2E_TMUX_PREFIX"), "warren-e2e")
	s := &screen{t: t, name: fmt.Sprintf("%s-%d-%d", prefix, os.Getpid(), time.Now().UnixNano()%100000)}
	cmdline := "env " + strings.Join(env, " ") + " " + strings.Join(argv, " ")
	args := []string{"new-session", "-d", "-s", s.name, "-x", fmt.Sprint(width), "-y", fmt.Sprint(height), cmdline}
	if out, err := exec.Command("tmux", args...).CombinedOutput(); err != nil {
		t.Fatalf("tmux: %v\n%s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("tmux", "kill-session", "-t", s.name).Run() })
	return s
}

// capture returns the visible screen as text.
func (s *screen) capture() string {
	out, err := exec.Command("tmux", "capture-pane", "-p", "-t", s.name).Output()
	if err != nil {
		return ""
	}
	return string(out)
}

// peakRSS reads the high-water mark of the pane's process (env execs the
// binary, so the pane's pid is warren's).
func (s *screen) peakRSS() string {
	out, err := exec.Command("tmux", "list-panes", "-t", s.name, "-F", "#{pane_pid}").Output()
	if err != nil {
		return "unknown"
	}
	status, err := os.ReadFile("/proc/" + strings.TrimSpace(string(out)) + "/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:"))
		}
	}
	return "unknown"
}

func (s *screen) keys(keys ...string) {
	s.t.Helper()
	if out, err := exec.Command("tmux", append([]string{"send-keys", "-t", s.name}, keys...)...).CombinedOutput(); err != nil {
		s.t.Fatalf("send-keys: %v\n%s", err, out)
	}
}

// waitFor polls the screen until cond holds and returns how long it took.
func (s *screen) waitFor(within time.Duration, what string, cond func(string) bool) time.Duration {
	s.t.Helper()
	start := time.Now()
	for time.Since(start) < within {
		if cond(s.capture()) {
			return time.Since(start)
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.t.Fatalf("screen never showed %s within %s; last screen:\n%s", what, within, s.capture())
	return 0
}

// rowOf returns the nodes pane's row for node: the part of the first line
// right of the checklist's border that names it (the title bar names a down
// node too, but is not a row).
func rowOf(screen, node string) string {
	for _, line := range strings.Split(screen, "\n") {
		i := strings.LastIndex(line, "│")
		if i < 0 {
			continue
		}
		if pane := line[i:]; strings.Contains(pane, node) {
			return pane
		}
	}
	return ""
}
