//go:build integration

package e2e

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/lab"
	"github.com/warren-sre/warren/lab/labtest"
	"github.com/warren-sre/warren/model"
	"github.com/warren-sre/warren/steps"
)

// blueLab and greenLab name the two labs; WARREN_BG_LAB_SUFFIX lets a
// second run of these tests on the same machine (a developer beside CI)
// use labs of its own instead of destroying the other run's.
func blueLab() string  { return "bgblue" + os.Getenv("WARREN_BG_LAB_SUFFIX") }
func greenLab() string { return "bggreen" + os.Getenv("WARREN_BG_LAB_SUFFIX") }

// bgMessages is how many persistent messages each of blue's queues holds.
const bgMessages = 300

// A blue-green migration between two real 3-node labs, headless: blue
// holds a non-default vhost, a user with permissions, a topic exchange
// bound to a durable classic queue and to a quorum queue, an ha-mode
// policy, another policy and persistent messages; warren moves it all into
// green and blue ends empty.
// It then rolls back for real: green's messages go back to blue.
func TestBlueGreen310To405(t *testing.T) {
	blue, green, args := migrateBlueGreen(t, "3.10", "4.0", "4.0.5")
	start := time.Now()
	code, stderr := run(t, 10*time.Minute, append(args, "--rollback", "rehearsing the way back")...)
	if code != 0 {
		t.Fatalf("blue-green rollback: exit %d, want 0\n%s", code, stderr)
	}
	t.Logf("figure: headless blue-green rollback: %s", time.Since(start).Round(100*time.Millisecond))
	waitShopDepths(t, blue, bgMessages)
	waitShopDepths(t, green, 0)
}

// Debian 11 → 12: 3.8.9 into 3.10.8, where classic mirroring still exists
// (the ha-mode policy moves as it is). A client still consuming on blue
// holds the run at the move-consumers gate (exit 1, with the queue named);
// once it leaves, the same run resumes and completes.
func TestBlueGreen389To3108(t *testing.T) {
	_, _, _ = migrateBlueGreen(t, "3.8", "3.10", "3.10.8", withBlueConsumer)
}

// withBlueConsumer runs the migration once with a client consuming
// shop/orders on blue: the gate must hold; then the client leaves.
func withBlueConsumer(t *testing.T, blue lab.Config, args []string) {
	conn, err := amqp.Dial(strings.TrimSuffix(blue.Node(2).AMQPURL(), "/") + "/shop")
	if err != nil {
		t.Fatalf("client on blue: %v", err)
	}
	defer conn.Close()
	ch, err := conn.Channel()
	if err != nil {
		t.Fatal(err)
	}
	if err := ch.Qos(1, 0, false); err != nil {
		t.Fatal(err)
	}
	if _, err := ch.Consume("orders", "orders-service", false, false, false, false, nil); err != nil {
		t.Fatalf("consume on blue: %v", err)
	}
	short := append(append([]string(nil), args...), "--wait-timeout", "15s")
	code, stderr := run(t, 5*time.Minute, short...)
	if code != 1 || !strings.Contains(stderr, "blocked at Move consumers to green") || !strings.Contains(stderr, "shop/orders: blue 1 client consumer(s)") {
		t.Fatalf("with a consumer on blue: exit %d, want 1 blocked at the move-consumers gate naming shop/orders\n%s", code, stderr)
	}
	t.Log("the move-consumers gate held while a client consumed on blue")
}

// migrateBlueGreen runs the migration and checks its outcome; it returns
// both labs and the run's arguments.
func migrateBlueGreen(t *testing.T, blueSeries, greenSeries, to string, first ...func(*testing.T, lab.Config, []string)) (blue, green lab.Config, args []string) {
	blue = labtest.RequireVersion(t, blueLab(), blueSeries, 3)
	green = labtest.RequireVersion(t, greenLab(), greenSeries, 3)
	populateBlue(t, blue)
	before := waitShopDepths(t, blue, bgMessages)

	runDir := t.TempDir()
	start := time.Now()
	args = []string{"upgrade", "--to", to, "--target", "lab:" + blueLab(), "--green-target", "lab:" + greenLab(),
		"--run", runDir, "--executor", "local", "--yes", "--poll", "1s", "--wait-timeout", "3m", "--canary-window", "10s"}
	for _, f := range first {
		f(t, blue, args)
	}
	code, stderr := run(t, 10*time.Minute, args...)
	if code != 0 {
		t.Fatalf("blue-green run: exit %d, want 0\n%s", code, stderr)
	}
	t.Logf("figure: headless blue-green %s → %s: %s", blueSeries, to, time.Since(start).Round(100*time.Millisecond))

	after := waitShopDepths(t, green, bgMessages)
	if fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("green holds %v, blue held %v", after, before)
	}
	waitShopDepths(t, blue, 0)
	assertGreenDefinitions(t, green, mustVersion(t, to))
	recs := journal(t, runDir)
	assertTransformReported(t, recs, mustVersion(t, to))
	assertCanaryMoved(t, recs)
	logPhaseFigures(t, recs)
	assertReportTellsTheMove(t, runDir)
	return blue, green, args
}

// populateBlue declares blue's objects and publishes persistent messages
// through the topic exchange.
func populateBlue(t *testing.T, cfg lab.Config) {
	waitManagement(t, cfg)
	api := func(method, path, body string) { labtest.API(t, cfg, method, path, body) }
	api(http.MethodPut, "vhosts/shop", `{}`)
	api(http.MethodPut, "users/app", `{"password":"app-secret","tags":"management"}`)
	api(http.MethodPut, "permissions/shop/app", `{"configure":"^app\\.","write":".*","read":".*"}`)
	api(http.MethodPut, "exchanges/shop/shop.events", `{"type":"topic","durable":true}`)
	api(http.MethodPut, "queues/shop/orders", `{"durable":true,"arguments":{}}`)
	api(http.MethodPut, "queues/shop/payments", `{"durable":true,"arguments":{"x-queue-type":"quorum"}}`)
	api(http.MethodPost, "bindings/shop/e/shop.events/q/orders", `{"routing_key":"order.#"}`)
	api(http.MethodPost, "bindings/shop/e/shop.events/q/payments", `{"routing_key":"payment.#"}`)
	api(http.MethodPut, "policies/shop/ha-orders", `{"pattern":"^orders$","apply-to":"queues","definition":{"ha-mode":"all","ha-sync-mode":"automatic"}}`)
	api(http.MethodPut, "policies/shop/limit-payments", `{"pattern":"^payments$","apply-to":"queues","definition":{"max-length":100000}}`)
	for i := 0; i < bgMessages; i++ {
		for _, key := range []string{"order", "payment"} {
			api(http.MethodPost, "exchanges/shop/shop.events/publish",
				fmt.Sprintf(`{"properties":{"delivery_mode":2},"routing_key":"%s.%d","payload":"%s %d","payload_encoding":"string"}`, key, i, key, i))
		}
	}
}

// waitManagement waits until every node's management listener answers: a
// lab reported up may still be starting its management plugin (seen once
// on 3.8.9 right after another lab went down: connection refused).
func waitManagement(t *testing.T, cfg lab.Config) {
	t.Helper()
	for _, n := range cfg.AllNodes() {
		var overview map[string]any
		for deadline := time.Now().Add(time.Minute); labtest.GetJSON(n.MgmtURL()+"/api/overview", &overview) != nil; time.Sleep(time.Second) {
			if time.Now().After(deadline) {
				t.Fatalf("%s: the management API never answered", n.Name)
			}
		}
	}
}

// waitShopDepths waits until both shop queues hold want messages.
func waitShopDepths(t *testing.T, cfg lab.Config, want int64) map[string]int64 {
	t.Helper()
	got, ok := labtest.WaitDepths(cfg, "shop", []string{"orders", "payments"}, want, 90*time.Second)
	if !ok {
		t.Fatalf("%s: queue depths %v, want %d each", cfg.Name, got, want)
	}
	return got
}

func assertGreenDefinitions(t *testing.T, cfg lab.Config, to model.Version) {
	t.Helper()
	var defs struct {
		Users       []struct{ Name string }
		VHosts      []struct{ Name string }
		Permissions []struct{ User, VHost, Configure string }
		Policies    []struct {
			Name       string
			Definition map[string]any
		}
		Queues []struct {
			Name      string
			Arguments map[string]any
		}
		Exchanges []struct{ Name, Type string }
		Bindings  []struct {
			Source, Destination string
			RoutingKey          string `json:"routing_key"`
		}
	}
	if err := labtest.GetJSON(cfg.Node(1).MgmtURL()+"/api/definitions", &defs); err != nil {
		t.Fatalf("green's definitions: %v", err)
	}
	has := func(what string, ok bool) {
		if !ok {
			t.Errorf("green lacks %s", what)
		}
	}
	has("vhost shop", contains(defs.VHosts, func(v struct{ Name string }) bool { return v.Name == "shop" }))
	has("user app", contains(defs.Users, func(u struct{ Name string }) bool { return u.Name == "app" }))
	has("app's permissions in shop", contains(defs.Permissions, func(p struct{ User, VHost, Configure string }) bool {
		return p.User == "app" && p.VHost == "shop" && p.Configure == `^app\.`
	}))
	has("topic exchange shop.events", contains(defs.Exchanges, func(x struct{ Name, Type string }) bool { return x.Name == "shop.events" && x.Type == "topic" }))
	for _, b := range []string{"orders order.#", "payments payment.#"} {
		has("binding "+b, contains(defs.Bindings, func(x struct {
			Source, Destination string
			RoutingKey          string `json:"routing_key"`
		}) bool {
			return x.Source == "shop.events" && x.Destination+" "+x.RoutingKey == b
		}))
	}
	var payments struct{ Type string }
	if err := labtest.GetJSON(cfg.Node(1).MgmtURL()+"/api/queues/shop/payments", &payments); err != nil || payments.Type != "quorum" {
		t.Errorf("payments on green: type %q (%v), want quorum", payments.Type, err)
	}
	policies := map[string]bool{}
	for _, p := range defs.Policies {
		policies[p.Name] = true
		if strings.HasPrefix(p.Name, model.FederationPolicyPrefix) {
			t.Errorf("federation policy %s left on green", p.Name)
		}
	}
	has("policy limit-payments", policies["limit-payments"])
	mirroring := to.Less(model.V(4, 0, 0))
	if policies["ha-orders"] != mirroring {
		t.Errorf("ha-orders on green: %v, want %v (classic mirroring on %s: %v)", policies["ha-orders"], mirroring, to, mirroring)
	}
}

func contains[T any](list []T, match func(T) bool) bool {
	for _, v := range list {
		if match(v) {
			return true
		}
	}
	return false
}

// assertTransformReported: the compatibility check says what happened to
// the ha-mode policy (dropped on 4.x, kept before).
func assertTransformReported(t *testing.T, recs []checklist.Record, to model.Version) {
	t.Helper()
	var evidence string
	for _, r := range recs {
		if r.Kind == checklist.KindCheck && r.Step == steps.BGCompat && r.Result != nil && r.Result.Verdict == steps.Pass {
			evidence = strings.Join(r.Result.Evidence, "\n")
		}
	}
	dropped := strings.Contains(evidence, "policy ha-orders in vhost shop: not imported")
	if dropped != !to.Less(model.V(4, 0, 0)) {
		t.Errorf("compatibility evidence on %s (ha-orders dropped: %v):\n%s", to, dropped, evidence)
	}
}

// assertCanaryMoved reads the canary's crossing from the journal: warren's
// own canary published on blue and consumed on green between the move
// gates, then moved entirely, and lost nothing.
func assertCanaryMoved(t *testing.T, recs []checklist.Record) {
	t.Helper()
	var res *steps.Result
	for _, r := range recs {
		if r.Kind == checklist.KindCheck && r.Step == steps.BGCanary && r.Result != nil {
			res = r.Result
		}
	}
	if res == nil || res.Verdict != steps.Pass {
		t.Fatalf("the canary gate did not pass: %+v", res)
	}
	evidence := strings.Join(res.Evidence, "\n")
	for _, want := range []string{"lost 0,", "(moving from blue to blue → green)", "(moving from blue → green to green)"} {
		if !strings.Contains(evidence, want) {
			t.Errorf("the canary's evidence lacks %q:\n%s", want, evidence)
		}
	}
	for _, e := range res.Evidence {
		if strings.HasPrefix(e, "canary") {
			t.Logf("figure: %s", e)
		}
	}
}

// logPhaseFigures logs how long each phase took and the shovels' rate.
func logPhaseFigures(t *testing.T, recs []checklist.Record) {
	first, last := map[steps.Phase]time.Time{}, map[steps.Phase]time.Time{}
	for _, r := range recs {
		if r.Phase == "" {
			continue
		}
		if _, ok := first[r.Phase]; !ok {
			first[r.Phase] = r.At
		}
		last[r.Phase] = r.At
		if r.Kind == checklist.KindCheck && r.Step == steps.BGShovel && r.Result != nil && r.Result.Verdict == steps.Pass {
			for _, e := range r.Result.Evidence {
				t.Logf("figure: shovel: %s", e)
			}
		}
	}
	for _, p := range steps.Phases {
		if t0, ok := first[p]; ok {
			t.Logf("figure: phase %s: %s", p, last[p].Sub(t0).Round(10*time.Millisecond))
		}
	}
}

func assertReportTellsTheMove(t *testing.T, runDir string) {
	t.Helper()
	code, report, stderr := runOutput(t, warrenBinary(t), time.Minute, "journal", "export", runDir)
	if code != 0 {
		t.Fatalf("journal export: exit %d\n%s", code, stderr)
	}
	for _, want := range []string{"moved into lab:" + greenLab() + " (green)", "objects on green exactly as blue had them",
		fmt.Sprintf("shop/orders: %d of %d moved", bgMessages, bgMessages), fmt.Sprintf("shop/payments: %d of %d moved", bgMessages, bgMessages),
		"| confirmation | Import blue's definitions", "warren's canary crossed the move without loss"} {
		if !strings.Contains(report, want) {
			t.Errorf("the report does not say %q", want)
		}
	}
}

func mustVersion(t *testing.T, s string) model.Version {
	t.Helper()
	v, err := model.ParseVersion(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
