//go:build integration

package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/warren-sre/warren/broker"
	"github.com/warren-sre/warren/lab"
	"github.com/warren-sre/warren/lab/labtest"
	"github.com/warren-sre/warren/model"
	"github.com/warren-sre/warren/steps"
)

func labTarget(cfg lab.Config) broker.Target {
	t := broker.Target{Name: cfg.Prefix, Username: "guest", Password: "guest", Timeout: 5 * time.Second}
	for _, n := range cfg.AllNodes() {
		t.Nodes = append(t.Nodes, broker.Endpoint{Name: n.Name, MgmtURL: n.MgmtURL(), AMQPURL: n.AMQPURL()})
	}
	return t
}

func check(t *testing.T, cfg lab.Config, to string) checkReport {
	t.Helper()
	target, err := model.ParseTarget(to)
	if err != nil {
		t.Fatal(err)
	}
	r, err := runCheck(context.Background(), labTarget(cfg), target, steps.ConfigSource{})
	if err != nil {
		t.Fatalf("check: %v", err)
	}
	return r
}

func findFinding(r checkReport, code, text string) *model.Finding {
	for _, f := range r.Findings {
		if f.Code == code && strings.Contains(f.Title+"\n"+strings.Join(f.Evidence, "\n"), text) {
			return &f
		}
	}
	return nil
}

// pollCheck repeats the check until want finds what it looks for: the API
// shows new connections and stopped nodes only after the stats interval.
func pollCheck(t *testing.T, cfg lab.Config, to string, within time.Duration, want func(checkReport) bool) checkReport {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		r := check(t, cfg, to)
		if want(r) || time.Now().After(deadline) {
			return r
		}
		time.Sleep(time.Second)
	}
}

func TestCheckNamesHAPolicyAsBlocker(t *testing.T) {
	cfg := labtest.Require(t)
	labtest.API(t, cfg, http.MethodPut, "policies/%2F/warren-check-ha",
		`{"pattern":"^warren-check-ha\\.","definition":{"ha-mode":"all"},"apply-to":"queues"}`)
	t.Cleanup(func() { labtest.API(t, cfg, http.MethodDelete, "policies/%2F/warren-check-ha", "") })
	r := check(t, cfg, "4.0.9")
	f := findFinding(r, model.CodeClassicMirroring, `policy "warren-check-ha"`)
	if f == nil || f.Severity != model.Blocker || r.OK {
		t.Fatalf("want a CLASSIC_MIRRORING_POLICY blocker naming the policy, got %+v", r.Findings)
	}
}

func TestCheckFlagsOldAmqplibConnection(t *testing.T) {
	cfg := labtest.Require(t)
	conn, err := amqp.DialConfig("amqp://guest:guest@127.0.0.1:"+fmt.Sprint(cfg.Node(1).AMQPPort)+"/", amqp.Config{
		Properties: amqp.Table{"product": "amqplib", "version": "0.10.5", "platform": "Node.JS v20.11.0"},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	name := conn.LocalAddr().String() + " -> "
	r := pollCheck(t, cfg, "4.1.0", 20*time.Second, func(r checkReport) bool { return findFinding(r, model.CodeClientTooOld, name) != nil })
	f := findFinding(r, model.CodeClientTooOld, name)
	if f == nil || f.Severity != model.Blocker {
		t.Fatalf("want CLIENT_TOO_OLD naming connection %q, got %+v", name, r.Findings)
	}
	found := false
	for _, g := range r.Clients {
		found = found || (g.Product == "amqplib" && g.Version == "0.10.5" && g.Status == model.ClientTooOld)
	}
	if !found {
		t.Errorf("client inventory lacks the amqplib group: %+v", r.Clients)
	}
}

// runCLI runs the real command tree and returns its exit code.
func runCLI(args ...string) int {
	root := newRootCmd()
	root.SetArgs(args)
	root.SetOut(&bytes.Buffer{})
	err := root.Execute()
	var coded *exitError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &coded):
		return coded.code
	}
	return ExitError
}

func TestCheckExitsOneWithNodeDown(t *testing.T) {
	cfg := labtest.Require(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	t.Cleanup(func() { labtest.Restore(t, cfg) })
	if err := cfg.StopNode(ctx, 3, func(s string) { t.Log(s) }); err != nil {
		t.Fatal(err)
	}
	down := cfg.Node(3).Name
	r := pollCheck(t, cfg, "3.10.8", 20*time.Second, func(r checkReport) bool { return findFinding(r, model.CodeNodeDown, down) != nil })
	if findFinding(r, model.CodeNodeDown, down) == nil {
		t.Fatalf("want NODE_DOWN for %s, got %+v", down, r.Findings)
	}
	args := []string{"check", "--to", "3.10.8", "--json"}
	for _, n := range cfg.AllNodes() {
		args = append(args, "--url", n.MgmtURL())
	}
	t.Setenv("WARREN_PASSWORD", "guest")
	if code := runCLI(args...); code != ExitProblem {
		t.Fatalf("exit code %d, want %d", code, ExitProblem)
	}
}

// stableFlags310 are the stable flags of RabbitMQ 3.10.8 (verified-notes.md).
var stableFlags310 = []string{"classic_mirrored_queue_version", "quorum_queue", "stream_queue", "implicit_default_bindings",
	"virtual_host_metadata", "maintenance_mode_status", "user_limits", "empty_basic_get_metric", "drop_unroutable_metric"}

func TestCheckReportsFlagLeftDisabled(t *testing.T) {
	labtest.Require(t) // the package must be installed; this test runs its own lab
	cfg := lab.Default()
	cfg.BaseDir, cfg.Prefix, cfg.Nodes = t.TempDir(), "ffcheck", 1
	cfg.AMQPPort, cfg.MgmtPort, cfg.DistPort = 5790, 15790, 25790
	for _, f := range stableFlags310 {
		if f != "user_limits" {
			cfg.FeatureFlags = append(cfg.FeatureFlags, f)
		}
	}
	t.Cleanup(func() { _ = cfg.Destroy(func(s string) { t.Log(s) }) })
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if err := cfg.Up(ctx, func(s string) { t.Log(s) }); err != nil {
		t.Fatal(err)
	}
	r := check(t, cfg, "3.11.28")
	f := findFinding(r, model.CodeFeatureFlagDisabled, "user_limits")
	if f == nil || f.Severity != model.Blocker {
		t.Fatalf("want FEATURE_FLAG_DISABLED blocker for user_limits, got %+v", r.Findings)
	}
	if other := findFinding(r, model.CodeFeatureFlagDisabled, "quorum_queue"); other != nil {
		t.Errorf("an enabled flag was reported: %+v", other)
	}
}
