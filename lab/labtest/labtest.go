// Package labtest gives integration tests the local lab: it brings the lab
// up (idempotent, so the second caller pays nothing) and fails the test when
// that is impossible under CI, where a silent skip would hide a broken run.
package labtest

import (
	"context"
	"errors"
	"net/http"
	"os"
	"strings"
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

// API calls the lab's management API on node 1 as guest and fails the test
// unless the answer is 2xx: the setup and clean-up of lab tests.
func API(t testing.TB, cfg lab.Config, method, path, body string) {
	t.Helper()
	req, err := http.NewRequest(method, cfg.Node(1).MgmtURL()+"/api/"+path, strings.NewReader(body))
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	req.SetBasicAuth("guest", "guest")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		t.Fatalf("%s %s: HTTP %d", method, path, resp.StatusCode)
	}
}

// RequireVersion returns the named lab running the RabbitMQ series with
// the given number of nodes, up and clustered, building its release root
// when needed. A release that moves (Debian testing) and no longer ships
// RabbitMQ skips the test loudly instead of failing the matrix; every other
// failure fails under CI. The lab is destroyed when the test ends.
func RequireVersion(t testing.TB, name, series string, nodes int) lab.Config {
	t.Helper()
	cfg, exists, err := lab.Select(name)
	if err != nil {
		t.Fatalf("lab %s: %v", name, err)
	}
	if exists {
		// A lab an interrupted run left behind may hold another version.
		_ = cfg.Destroy(func(s string) { t.Log(s) })
	}
	cfg, err = cfg.Prepare(series, nodes)
	if err != nil {
		t.Fatalf("lab %s: %v", name, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	if err := cfg.Up(ctx, func(s string) { t.Log(s) }); err != nil {
		rel, _ := lab.ReleaseFor(series)
		switch {
		case rel.Moving && errors.Is(err, lab.ErrReleaseUnavailable):
			t.Skipf("MATRIX: RabbitMQ %s UNAVAILABLE — Debian %s no longer ships it: %v", series, rel.Codename, err)
		case os.Getenv("CI") == "":
			t.Skipf("lab %s unavailable (set CI=true to make this fatal): %v", name, err)
		}
		t.Fatalf("lab %s (RabbitMQ %s) unavailable: %v", name, series, err)
	}
	t.Cleanup(func() {
		for i := 1; i <= cfg.Nodes; i++ {
			_ = cfg.ThawNode(i)
		}
		if err := cfg.Destroy(func(s string) { t.Log(s) }); err != nil {
			t.Errorf("destroy lab %s: %v", name, err)
		}
	})
	return cfg
}
