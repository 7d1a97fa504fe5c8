//go:build integration

package cli

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/warren-sre/warren/broker"
	"github.com/warren-sre/warren/model"
	"github.com/warren-sre/warren/steps"
	"github.com/warren-sre/warren/targets"
)

// The version tests run against one healthy single node of any RabbitMQ
// version: WARREN_VERSION_URL is its management URL (guest/guest on
// loopback), WARREN_VERSION_AMQP_URL its AMQP URL when not on the default
// port. The lab's version matrix sets them once per version; unset, the
// tests skip, unless WARREN_REQUIRE_VERSION_URL says they must run.
func versionTarget(t *testing.T) (broker.Target, *broker.Cluster, model.Version) {
	t.Helper()
	mgmt := os.Getenv("WARREN_VERSION_URL")
	if mgmt == "" {
		if os.Getenv("WARREN_REQUIRE_VERSION_URL") != "" {
			t.Fatal("WARREN_REQUIRE_VERSION_URL is set but WARREN_VERSION_URL is not")
		}
		t.Skip("WARREN_VERSION_URL not set")
	}
	opts := targets.Options{URLs: []string{mgmt}, Timeout: 5 * time.Second, File: t.TempDir() + "/none.yaml"}
	if a := os.Getenv("WARREN_VERSION_AMQP_URL"); a != "" {
		opts.AMQPURLs = []string{a}
	}
	res, err := targets.Resolve(opts)
	if err != nil {
		t.Fatal(err)
	}
	cluster, err := broker.Connect(res.Target)
	if err != nil {
		t.Fatal(err)
	}
	snap := cluster.TakeSnapshot(context.Background(), 1)
	v, ok := model.CurrentVersion(snap)
	if !ok {
		t.Fatalf("no version readable from %s: %+v", mgmt, snap.Nodes)
	}
	t.Logf("RabbitMQ %s, Erlang %s", v, snap.Overview.Value.ErlangVersion)
	return res.Target, cluster, v
}

// notFoundDriven reports findings that come from an endpoint the version
// lacks rather than from the cluster.
func notFoundDriven(fs []model.Finding) []model.Finding {
	var bad []model.Finding
	for _, f := range fs {
		text := f.Title + " " + strings.Join(f.Evidence, " ")
		if f.Code == model.CodeNodeDown || f.Code == model.CodeNotChecked ||
			strings.Contains(text, "404") || strings.Contains(text, "not found") {
			bad = append(bad, f)
		}
	}
	return bad
}

func TestVersionStatusHealthyWithCanary(t *testing.T) {
	tgt, _, v := versionTarget(t)
	start := time.Now()
	report, err := collectStatus(context.Background(), tgt, 10, 3*time.Second)
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	c := report.Snapshot.Canary.Value
	t.Logf("RabbitMQ %s: status in %v, canary confirm p50 %v, end-to-end p50 %v, %d confirmed, %d lost",
		v, took.Round(time.Millisecond), c.Confirm.P50, c.EndToEnd.P50, c.Confirmed, c.Lost)
	if !report.Healthy || len(notFoundDriven(report.Findings)) > 0 {
		t.Fatalf("a healthy %s node must read healthy: %+v", v, report.Findings)
	}
	if !report.Snapshot.Canary.OK() || c.Confirmed == 0 || c.Lost != 0 {
		t.Fatalf("canary on %s: %+v", v, report.Snapshot.Canary)
	}
	for _, hc := range report.Snapshot.Health.Value {
		if !hc.OK || hc.Source == "" {
			t.Errorf("health check %s on %s: %+v", hc.Check, v, hc)
		}
	}
}

// Every node-local check warren's gates use answers on every version, from
// /api/health/checks where the version has it and from older endpoints
// where it does not.
func TestVersionNodeChecksAnswer(t *testing.T) {
	_, cluster, v := versionTarget(t)
	node := cluster.NodeNames()[0]
	modern := model.Has(v, model.HealthChecksAPI)
	for _, check := range append(broker.NodeChecks, "protocol-listener/amqp") {
		hc := cluster.NodeHealth(context.Background(), node, check)
		if !hc.OK || hc.Error != "" || strings.HasPrefix(hc.Source, "/api/health/checks/") != modern {
			t.Errorf("%s on %s: %+v", check, v, hc)
		}
	}
	if hc := cluster.NodeHealth(context.Background(), node, "protocol-listener/stomp"); hc.OK {
		t.Errorf("no STOMP listener on a plain node, yet %+v", hc)
	}
}

func TestVersionCheckHasNo404DrivenFindings(t *testing.T) {
	tgt, _, v := versionTarget(t)
	to := v // the newest series warren knows checks against itself
	for _, s := range model.KnownSeries() {
		if latest, ok := model.LatestPatch(s); ok && v.Series().Less(s) {
			to = latest
			break
		}
	}
	report, err := runCheck(context.Background(), tgt, to, steps.ConfigSource{})
	if err != nil {
		t.Fatal(err)
	}
	if bad := notFoundDriven(report.Findings); len(bad) > 0 {
		t.Fatalf("check %s → %s: findings from endpoints %s lacks: %+v", v, to, v, bad)
	}
	wantAPI := model.Has(v, model.DeprecatedFeaturesAPI)
	if report.Deprecated.Supported != wantAPI || report.Deprecated.Error != "" {
		t.Fatalf("deprecated-features API on %s: %+v, want supported=%v", v, report.Deprecated, wantAPI)
	}
	t.Logf("check %s → %s: %d blocker(s), %d warning(s)", v, to, report.Blockers, report.Warnings)
}

func TestVersionDefinitionsBackupVerifies(t *testing.T) {
	_, cluster, v := versionTarget(t)
	ctx := context.Background()
	defs, err := cluster.ExportDefinitions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	exported, err := model.CountDefinitions(defs)
	if err != nil {
		t.Fatalf("%s's export does not read back: %v", v, err)
	}
	live, err := cluster.LiveDefinitionCounts(ctx)
	if err != nil || live != exported {
		t.Fatalf("%s: export %+v, live %+v (%v)", v, exported, live, err)
	}
}

// The canary's queue takes only arguments the node's version accepts, and
// where quorum queues refuse x-expires a later run sweeps what a killed
// warren left behind.
func TestVersionCanaryQueueFitsTheVersion(t *testing.T) {
	tgt, _, v := versionTarget(t)
	stale := ""
	if !model.Has(v, model.QuorumQueueExpires) {
		stale = declareStaleCanary(t, tgt)
	}
	queue := model.CanaryQueuePrefix + "version-test." + strings.ReplaceAll(v.String(), ".", "-")
	canary := broker.NewCanary(tgt, broker.CanaryOptions{Queue: queue, NoLinks: true})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); canary.Run(ctx, nil) }()
	defer func() { cancel(); <-done }()

	var args map[string]any
	deadline := time.Now().Add(10 * time.Second)
	for args == nil && time.Now().Before(deadline) {
		args = queueArguments(t, tgt, queue)
		time.Sleep(200 * time.Millisecond)
	}
	_, hasExpires := args["x-expires"]
	if args["x-queue-type"] != "quorum" || hasExpires != model.Has(v, model.QuorumQueueExpires) {
		t.Fatalf("canary queue on %s has arguments %v", v, args)
	}
	cancel()
	<-done
	if s := canary.Stats(); s.Confirmed == 0 || s.Lost != 0 {
		t.Fatalf("canary on %s: %+v", v, s)
	}
	if stale != "" && queueArguments(t, tgt, stale) != nil {
		t.Fatalf("%s: the stale canary queue %s was not swept", v, stale)
	}
}

// declareStaleCanary leaves a quorum queue named as a dead warren's canary.
func declareStaleCanary(t *testing.T, tgt broker.Target) string {
	t.Helper()
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	host, _ := os.Hostname()
	name := model.CanaryQueueName(host, dead.Process.Pid)
	versionAPI(t, tgt, http.MethodPut, "queues/%2F/"+url.PathEscape(name), `{"durable":true,"arguments":{"x-queue-type":"quorum"}}`)
	t.Cleanup(func() { versionAPI(t, tgt, http.MethodDelete, "queues/%2F/"+url.PathEscape(name), "") })
	// The sweep reads the consumer count, which a queue shows once its first
	// stats are emitted (every 5 s by default).
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if _, ok := queueArguments(t, tgt, name)["consumers"]; ok {
			break
		}
		time.Sleep(500 * time.Millisecond)
	}
	return name
}

// queueArguments returns a queue's arguments plus its consumer count under
// "consumers" when reported, or nil when the queue does not exist.
func queueArguments(t *testing.T, tgt broker.Target, name string) map[string]any {
	t.Helper()
	var q struct {
		Arguments map[string]any `json:"arguments"`
		Consumers *int           `json:"consumers"`
	}
	if !versionGet(t, tgt, "queues/%2F/"+url.PathEscape(name), &q) {
		return nil
	}
	if q.Arguments == nil {
		q.Arguments = map[string]any{}
	}
	if q.Consumers != nil {
		q.Arguments["consumers"] = *q.Consumers
	}
	return q.Arguments
}

// versionAPI calls the node's management API; DELETE may find nothing.
func versionAPI(t *testing.T, tgt broker.Target, method, path, body string) {
	t.Helper()
	resp := versionDo(t, tgt, method, path, body)
	resp.Body.Close()
	if resp.StatusCode/100 != 2 && !(method == http.MethodDelete && resp.StatusCode == http.StatusNotFound) {
		t.Fatalf("%s %s: HTTP %d", method, path, resp.StatusCode)
	}
}

// versionGet decodes a GET into into; false when the object does not exist.
func versionGet(t *testing.T, tgt broker.Target, path string, into any) bool {
	t.Helper()
	resp := versionDo(t, tgt, http.MethodGet, path, "")
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		return false
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: HTTP %d", path, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return true
}

func versionDo(t *testing.T, tgt broker.Target, method, path, body string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, strings.TrimRight(tgt.Nodes[0].MgmtURL, "/")+"/api/"+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth(tgt.Username, tgt.Password)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return resp
}
