//go:build integration

package lab_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/warren-sre/warren/lab"
	"github.com/warren-sre/warren/lab/labtest"
)

// A lab in a release root: every lab command works on its nodes, its
// mounts exist only while a node runs, and destroy removes only this lab.
func TestReleaseRootLabLifecycle(t *testing.T) {
	cfg := labtest.RequireVersion(t, "lifecycle", "4.0", 2)
	if cfg.RootDir == "" {
		t.Skip("the host itself ships 4.0: no root to exercise")
	}
	logf := func(s string) { t.Log(s) }
	ctx := context.Background()
	inside := filepath.Join(cfg.RootDir, cfg.BaseDir)
	states := func() []string {
		var out []string
		for _, st := range cfg.Status() {
			out = append(out, st.State)
		}
		return out
	}
	if got := states(); !slices.Equal(got, []string{"running", "running"}) {
		t.Fatalf("states after up: %v", got)
	}
	if !mounted(inside) {
		t.Fatalf("%s is not mounted while nodes run", inside)
	}
	if v := cfg.Version(); !strings.HasPrefix(v, "4.0.") {
		t.Fatalf("lab reports version %q", v)
	}
	if err := cfg.FreezeNode(2); err != nil {
		t.Fatal(err)
	}
	if got := states(); got[1] != "frozen" {
		t.Fatalf("states with node 2 frozen: %v", got)
	}
	if err := cfg.ThawNode(2); err != nil {
		t.Fatal(err)
	}
	if err := cfg.KillNode(2); err != nil {
		t.Fatal(err)
	}
	if err := cfg.StartNode(ctx, 2, logf); err != nil {
		t.Fatalf("start after kill: %v", err)
	}
	if err := cfg.Down(ctx, logf); err != nil {
		t.Fatal(err)
	}
	if mounted(inside) {
		t.Fatalf("%s is still mounted with every node down", inside)
	}
	if err := cfg.Up(ctx, logf); err != nil {
		t.Fatalf("up again: %v", err)
	}
	if err := cfg.Destroy(logf); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(cfg.BaseDir); !os.IsNotExist(err) {
		t.Fatalf("destroy left %s: %v", cfg.BaseDir, err)
	}
	if _, err := os.Stat(inside); !os.IsNotExist(err) {
		t.Fatalf("destroy left the mount point %s: %v", inside, err)
	}
	if info, err := (lab.Root{Dir: cfg.RootDir}).Info(); err != nil || info.Packages.RabbitMQ == "" {
		t.Fatalf("destroying a lab harmed its root: %v", err)
	}
}

func mounted(path string) bool {
	raw, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if f := strings.Fields(line); len(f) > 4 && f[4] == path {
			return true
		}
	}
	return false
}

// A whole clustered lab stopped and started again comes back every time:
// its nodes boot together (they wait for each other's tables), and a node
// that loses the feature-flag race of booting together gets one more start.
func TestClusteredLabRestartsWhole(t *testing.T) {
	cfg := labtest.RequireVersion(t, "restart", "3.10", 3)
	ctx := context.Background()
	logf := func(s string) { t.Log(s) }
	t.Cleanup(func() { _ = cfg.Destroy(logf) })
	for round := 1; round <= 2; round++ {
		if err := cfg.Down(ctx, logf); err != nil {
			t.Fatalf("round %d down: %v", round, err)
		}
		if err := cfg.Up(ctx, logf); err != nil {
			t.Fatalf("round %d up: %v", round, err)
		}
		for _, st := range cfg.Status() {
			if st.State != "running" || !st.Joined {
				t.Fatalf("round %d: %s is %s (joined %v)", round, st.Name, st.State, st.Joined)
			}
		}
	}
}
