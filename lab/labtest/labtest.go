// Package labtest gives integration tests the local lab: it brings the lab
// up (idempotent, so the second caller pays nothing) and fails the test when
// that is impossible under CI, where a silent skip would hide a broken run.
package labtest

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/warren-sre/warren/lab"
)

// Require returns the lab named by the WARREN_LAB_* environment, up and
// clustered. Outside CI a machine without RabbitMQ skips the test.
func Require(t testing.TB) lab.Config {
	t.Helper()
	cfg, err := lab.FromEnv()
	if err != nil {
		t.Fatalf("lab config: %v", err)
	}
	// A node frozen by an interrupted earlier run would hang every test;
	// SIGCONT is harmless to a node that runs normally.
	for i := 1; i <= cfg.Nodes; i++ {
		_ = cfg.ThawNode(i)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if err := cfg.Up(ctx, func(s string) { t.Log(s) }); err != nil {
		if os.Getenv("CI") == "" {
			t.Skipf("lab unavailable (set CI=true to make this fatal): %v", err)
		}
		t.Fatalf("lab unavailable: %v", err)
	}
	return cfg
}

// Restore brings every node of the lab back up after a test that stopped,
// killed or froze one, so the next test starts from a healthy cluster.
func Restore(t testing.TB, cfg lab.Config) {
	t.Helper()
	for i := 1; i <= cfg.Nodes; i++ {
		_ = cfg.ThawNode(i)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if err := cfg.Up(ctx, func(s string) { t.Log(s) }); err != nil {
		t.Errorf("restore lab: %v", err)
	}
}
