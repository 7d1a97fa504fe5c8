//go:build integration

package e2e

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/lab"
	"github.com/warren-sre/warren/lab/labtest"
	"github.com/warren-sre/warren/model"
	"github.com/warren-sre/warren/steps"
)

// A real failed upgrade and the rollback that saves it: a 3-node 3.10.8 lab
// holding durable classic and quorum queues with persistent messages is
// pushed to 4.0.5 past the gate that forbids the skip (acknowledged, as a
// team rehearsing it would); node 1 refuses to boot for real, the trigger
// fires with the node's words, and the headless rollback puts it back with
// every message.
func TestRollbackRehearsalSkippedPath(t *testing.T) {
	// 4.0.5 will not boot on 3.10.8's flags (a required flag is off);
	// 4.3.6 boots, then refuses to join (incompatible_feature_flags, after
	// rewriting its flags file), and the rolled-back 4.0.5 node comes back
	// drained until it is revived.
	pairs := []struct{ name, from, to, says string }{
		{"rbk", "3.10", "4.0.5", "required feature flag not enabled"},
		{"rbk43", "4.0", "4.3", "incompatible_feature_flags"},
	}
	for _, p := range pairs {
		t.Run(p.from+"-to-"+p.to, func(t *testing.T) { rehearseFailedUpgrade(t, testLabName(p.name), p.from, p.to, p.says) })
	}
}

func rehearseFailedUpgrade(t *testing.T, name, fromSeries, toSeries, says string) {
	cfg := labtest.RequireVersion(t, name, fromSeries, 3)
	from := cfg.Version()
	to := shippedVersion(t, toSeries)
	target := "lab:" + name
	queues := map[string]string{"rehearsal.classic": "classic", "rehearsal.quorum": "quorum"}
	for name, typ := range queues {
		labtest.API(t, cfg, http.MethodPut, "queues/%2F/"+name, fmt.Sprintf(`{"durable":true,"arguments":{"x-queue-type":%q}}`, typ))
		for i := 0; i < 40; i++ {
			labtest.API(t, cfg, http.MethodPost, "exchanges/%2F/amq.default/publish",
				fmt.Sprintf(`{"properties":{"delivery_mode":2},"routing_key":%q,"payload":"m%d","payload_encoding":"string"}`, name, i))
		}
	}
	before := waitDepths(t, cfg, queues, 40)
	waitDataDirs(t, cfg)

	runDir := t.TempDir()
	args := []string{"upgrade", "--to", to, "--target", target, "--run", runDir, "--executor", "local", "--yes",
		"--poll", "1s", "--wait-timeout", "90s", "--baseline-window", "5s", "--canary-window", "10s",
		"--trigger-sustain", "5m", "--trigger-canary-down", "2m", "--backup-dir", filepath.Join(runDir, "node-backups")}
	code, stderr := run(t, 10*time.Minute, append(args,
		"--ack", "compat.path=rehearsing what a skipped series does", "--ack", "compat.erlang=the 4.0 root ships its own Erlang 27")...)
	if code != 1 || !strings.Contains(stderr, "ROLLBACK TRIGGER node-not-back") || !strings.Contains(stderr, says) {
		t.Fatalf("forward run: exit %d, want 1 with node-not-back in the node's own words\n%s", code, stderr)
	}
	recs := journal(t, runDir)
	t.Logf("figure: failing start → trigger: %s", between(recs, isKind(checklist.KindStepStarted, "/"+steps.PartStart), isTrigger))

	start := time.Now()
	rollback := append(args, "--rollback", "node 1 refused to boot on "+to, "--confirm", "restore", "--confirm", steps.ConfirmDefinitionsWord)
	code, stderr = run(t, 15*time.Minute, rollback...)
	if code != 0 && restartStoppedQueues(t, cfg, journal(t, runDir)) {
		code, stderr = run(t, 5*time.Minute, rollback...) // the operator checks again
	}
	if code != 0 {
		t.Fatalf("rollback: exit %d\n%s\n%s\nlast verdict: %s", code, stderr, maintenanceViews(cfg), lastEvidence(journal(t, runDir)))
	}
	t.Logf("figure: rollback total %s", time.Since(start).Round(100*time.Millisecond))
	recs = journal(t, runDir)
	for _, n := range cfg.AllNodes() {
		if d := between(recs, isStep(steps.RollbackID(n.Name, "stop")), isPassed(steps.RollbackID(n.Name, "verify"))); d > 0 {
			t.Logf("figure: rollback of %s: %s", n.Name, d)
		}
	}
	for _, r := range recs {
		if strings.HasSuffix(r.Step, "/"+steps.PartRevive) && strings.HasPrefix(r.Step, "rollback/") {
			t.Logf("journal: %s %s %s %s", r.At.Format("15:04:05.000"), r.Kind, strings.TrimSpace(r.Output), resultSummary(r.Result))
		}
	}
	t.Logf("after the rollback:\n%s", maintenanceViews(cfg))
	assertAllRun(t, cfg, from)
	if after := waitDepths(t, cfg, queues, 40); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatalf("queues after the rollback %v, before %v", after, before)
	}
	assertQueuesServe(t, target, queues, 40)
	assertNoLoss(t, recs)
}

// waitDepths waits (bounded) until every queue reports want messages.
func waitDepths(t *testing.T, cfg lab.Config, queues map[string]string, want int64) map[string]int64 {
	t.Helper()
	got, ok := labtest.WaitDepths(cfg, "/", slices.Sorted(maps.Keys(queues)), want, 90*time.Second)
	if !ok {
		t.Fatalf("queue depths %v, want %d each", got, want)
	}
	return got
}

// waitDataDirs: a freshly booted cluster reports each node's data directory
// a little after it serves; the backups need it.
func waitDataDirs(t *testing.T, cfg lab.Config) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(time.Second) {
		var nodes []struct {
			DBDir string `json:"db_dir"`
		}
		if labtest.GetJSON(cfg.Node(1).MgmtURL()+"/api/nodes?columns=db_dir", &nodes) == nil && len(nodes) == cfg.Nodes {
			all := true
			for _, n := range nodes {
				all = all && n.DBDir != ""
			}
			if all {
				return
			}
		}
	}
	t.Fatal("the nodes never reported their data directories")
}

// assertAllRun: every node runs version, by its lab root and by its own word.
func assertAllRun(t *testing.T, cfg lab.Config, version string) {
	t.Helper()
	cfg, err := lab.Open(cfg.Name, cfg, true)
	if err != nil {
		t.Fatal(err)
	}
	var nodes []struct {
		Name    string `json:"name"`
		Running bool   `json:"running"`
		Apps    []struct {
			Name    string `json:"name"`
			Version string `json:"version"`
		} `json:"applications"`
	}
	if err := labtest.GetJSON(cfg.Node(1).MgmtURL()+"/api/nodes?columns=name,running,applications", &nodes); err != nil {
		t.Fatal(err)
	}
	for _, n := range nodes {
		ver := ""
		for _, a := range n.Apps {
			if a.Name == "rabbit" {
				ver = a.Version
			}
		}
		if !n.Running || ver != version {
			t.Errorf("%s: running %v, version %q; want %s", n.Name, n.Running, ver, version)
		}
	}
	for _, n := range cfg.AllNodes() {
		if p, err := cfg.NodePackages(n); err != nil || p.RabbitMQ != version {
			t.Errorf("%s runs from a root with %q (%v), want %s", n.Name, p.RabbitMQ, err, version)
		}
	}
}

func journal(t *testing.T, dir string) []checklist.Record {
	t.Helper()
	recs, problems, err := checklist.Records(dir)
	if err != nil || len(problems) > 0 {
		t.Fatalf("journal: %v %v", err, problems)
	}
	return recs
}

func isKind(k checklist.Kind, suffix string) func(checklist.Record) bool {
	return func(r checklist.Record) bool { return r.Kind == k && strings.HasSuffix(r.Step, suffix) }
}

func isTrigger(r checklist.Record) bool {
	return r.Trigger != nil && r.Trigger.Name == model.TriggerNodeNotBack
}

func isStep(id string) func(checklist.Record) bool {
	return func(r checklist.Record) bool { return r.Kind == checklist.KindStepStarted && r.Step == id }
}

func isPassed(id string) func(checklist.Record) bool {
	return func(r checklist.Record) bool {
		return r.Kind == checklist.KindCheck && r.Step == id && r.Result != nil && r.Result.Verdict == steps.Pass
	}
}

// between is the time from the first record matching from to the first
// later one matching to; 0 when either is missing.
func between(recs []checklist.Record, from, to func(checklist.Record) bool) time.Duration {
	var t0 time.Time
	for _, r := range recs {
		switch {
		case t0.IsZero() && from(r):
			t0 = r.At
		case !t0.IsZero() && to(r):
			return r.At.Sub(t0).Round(10 * time.Millisecond)
		}
	}
	return 0
}

// shippedVersion is the exact version the lab root of a series ships.
func shippedVersion(t *testing.T, series string) string {
	t.Helper()
	rel, err := lab.ReleaseFor(series)
	if err != nil {
		t.Fatal(err)
	}
	if rel.Series == lab.HostSeries() {
		p, err := lab.ReadPackages("/")
		if err != nil {
			t.Fatal(err)
		}
		return p.RabbitMQ
	}
	info, err := lab.RootOf(rel).Ensure(context.Background(), false, func(s string) { t.Log(s) })
	if err != nil {
		t.Fatal(err)
	}
	return info.Packages.RabbitMQ
}

// testLabName lets a run on a shared machine give its labs its own prefix
// (WARREN_TEST_LAB_PREFIX), so two people rehearsing never share a lab.
func testLabName(name string) string { return os.Getenv("WARREN_TEST_LAB_PREFIX") + name }

// maintenanceViews says, when a rollback did not finish, how each running
// node sees every node's maintenance state (each answers from its own copy
// of the metadata store) and what the nodes logged about maintenance: what
// is needed to tell a revive that did not land from a view that lags.
func maintenanceViews(cfg lab.Config) string {
	var b strings.Builder
	for _, n := range cfg.AllNodes() {
		var nodes []struct {
			Name    string `json:"name"`
			Running bool   `json:"running"`
			Drained *bool  `json:"being_drained"`
		}
		if err := labtest.GetJSON(n.MgmtURL()+"/api/nodes?columns=name,running,being_drained", &nodes); err != nil {
			fmt.Fprintf(&b, "%s's view: %v\n", n.Name, err)
			continue
		}
		for _, v := range nodes {
			drained := "?"
			if v.Drained != nil {
				drained = fmt.Sprint(*v.Drained)
			}
			fmt.Fprintf(&b, "%s's view: %s running=%v being_drained=%s\n", n.Name, v.Name, v.Running, drained)
		}
	}
	for _, n := range cfg.AllNodes() {
		data, err := os.ReadFile(n.LogFile())
		if err != nil {
			continue
		}
		var seen []string
		for _, line := range strings.Split(string(data), "\n") {
			l := strings.ToLower(line)
			if strings.Contains(l, "maintenance") || strings.Contains(l, "drain") || strings.Contains(l, "revive") ||
				strings.Contains(l, "khepri") || strings.Contains(l, "starting rabbitmq") {
				seen = append(seen, line)
			}
		}
		for _, line := range seen[max(0, len(seen)-40):] {
			fmt.Fprintf(&b, "%s log: %s\n", n.Name, line)
		}
	}
	return b.String()
}

// stoppedQueueRemedy finds, in the rollback comparison's last verdict, the
// restart warren asks for when a queue that served before is stopped now.
var stoppedQueueRemedy = regexp.MustCompile(`rabbitmqctl -n (\S+) stop_app && rabbitmqctl -n \S+ start_app`)

// restartStoppedQueues does what the comparison's remedy says when it
// failed on stopped queues (RabbitMQ 4.0.5 can leave a classic queue of
// the node put back from its archive stopped): restart the RabbitMQ
// application on each node it names. It reports whether it did.
func restartStoppedQueues(t *testing.T, cfg lab.Config, recs []checklist.Record) bool {
	t.Helper()
	var last *steps.Result
	for _, r := range recs {
		if r.Step == steps.RollbackCompare && r.Result != nil {
			last = r.Result
		}
	}
	if last == nil || last.Verdict != steps.Fail {
		return false
	}
	t.Logf("the comparison failed: %s\n  %s\n  remedy: %s", last.Summary, strings.Join(last.Evidence, "\n  "), last.Remedy)
	ms := stoppedQueueRemedy.FindAllStringSubmatch(last.Remedy, -1)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	for _, m := range ms {
		i := slices.Index(cfg.NodeNames(), m[1])
		for _, verb := range []string{"stop_app", "start_app"} {
			if _, err := cfg.Ctl(ctx, i+1, "rabbitmqctl", verb); err != nil {
				t.Fatalf("remedy on %s: %v", m[1], err)
			}
		}
	}
	return len(ms) > 0
}

// assertQueuesServe: every queue answers a passive declare with its
// messages (a stopped classic queue still lists them, and answers nothing).
func assertQueuesServe(t *testing.T, target string, queues map[string]string, want int64) {
	t.Helper()
	cluster := connectTarget(t, target, 5*time.Second)
	var qs []model.Queue
	for name := range queues {
		qs = append(qs, model.Queue{VHost: "/", Name: name})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	counts, err := cluster.ReadyCounts(ctx, qs)
	for _, q := range qs {
		if n, ok := counts[q.Key()]; !ok || n != want {
			t.Errorf("queue %s answers %d (answered %v, %v), want %d ready", q.Key(), n, ok, err, want)
		}
	}
}

// lastEvidence is the journal's last verdict with its evidence: what a
// blocked run was waiting for.
func lastEvidence(recs []checklist.Record) string {
	for i := len(recs) - 1; i >= 0; i-- {
		if r := recs[i].Result; r != nil {
			return recs[i].Step + " " + resultSummary(r) + "\n  " + strings.Join(r.Evidence, "\n  ")
		}
	}
	return "none"
}

func resultSummary(r *steps.Result) string {
	if r == nil {
		return ""
	}
	return string(r.Verdict) + ": " + r.Summary
}
