//go:build integration

package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/warren-sre/warren/broker"
	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/lab/labtest"
	"github.com/warren-sre/warren/model"
	"github.com/warren-sre/warren/steps"
)

// With node 3 killed, the gate for stopping node 2 refuses and names the
// quorum queue that would lose quorum.
func TestSafeToStopRefusesWithANodeDown(t *testing.T) {
	cfg := labtest.Require(t)
	t.Cleanup(func() { labtest.Restore(t, cfg) })
	c := labCluster(t)
	queue := fmt.Sprintf("warren-e2e-qq-%d", time.Now().UnixNano())
	declareQuorumQueue(t, cfg.Node(1), queue)
	waitFullMembership(t, c, queue, cfg.Nodes)
	if err := cfg.KillNode(3); err != nil {
		t.Fatal(err)
	}
	node2 := cfg.Node(2).Name
	gate := findStep(t, steps.RollingSteps(steps.RollingConfig{Nodes: []steps.NodePlan{{Name: node2}}}), steps.RollingID(node2, steps.PartSafeToStop))
	var res steps.Result
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		res = gate.Check(context.Background(), steps.Env{Cluster: c, Now: time.Now})
		if res.Verdict == steps.Fail && strings.Contains(strings.Join(res.Evidence, "\n"), queue) {
			t.Logf("gate refused: %s\n%s", res.Summary, strings.Join(res.Evidence, "\n"))
			return
		}
		time.Sleep(500 * time.Millisecond)
	}
	t.Fatalf("gate answered %s: %s %v; want a refusal naming %s", res.Verdict, res.Summary, res.Evidence, queue)
}

func findStep(t *testing.T, list []steps.Step, id string) steps.Step {
	t.Helper()
	for _, s := range list {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("no step %s", id)
	return steps.Step{}
}

func waitFullMembership(t *testing.T, c *broker.Cluster, queue string, members int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		s := c.FollowQueues(context.Background(), []model.Queue{{Name: queue, VHost: "/"}})
		if len(s.Value) == 1 && len(s.Value[0].Online) == members {
			return
		}
		time.Sleep(300 * time.Millisecond)
	}
	t.Fatalf("%s never had %d members online", queue, members)
}

// A rollback trigger fires when the canary's consumer stops getting its
// messages (a competing consumer with a higher priority takes them all),
// and is journaled with its evidence.
func TestTriggerFiresWhenCanaryConsumerStarves(t *testing.T) {
	cfg := labtest.Require(t)
	t.Cleanup(func() { labtest.Restore(t, cfg) })
	c := labCluster(t)
	queue := fmt.Sprintf("warren.canary.e2e.%d", time.Now().UnixNano())
	canary := broker.NewCanary(c.Target(), broker.CanaryOptions{Rate: 20, Window: 3 * time.Second, WindowSlots: 6,
		LossHorizon: 3 * time.Second, Queue: queue, NoLinks: true})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go canary.Run(ctx, nil)

	time.Sleep(5 * time.Second) // baseline
	b := canary.Stats()
	if !b.Connected || b.ConsumeRate == 0 {
		t.Fatalf("canary not flowing for the baseline: %+v", b)
	}
	baseline := model.Baseline{EndToEndP99: b.EndToEnd.P99, ConsumeRate: b.ConsumeRate}
	dog := steps.NewWatchdog(model.TriggerConfig{Sustain: 3 * time.Second, CanaryDown: 3 * time.Second}, func() (model.Baseline, error) { return baseline, nil })

	stopConsumer := starveCanary(t, cfg.Node(1).AMQPURL(), queue)
	defer stopConsumer()

	sess, err := checklist.Open(t.TempDir(), nil, checklist.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		now := time.Now()
		obs := model.Observation{At: now, CanaryOK: true, Canary: canary.Stats()}
		for _, f := range dog.Observe(obs, nil) {
			if err := sess.RecordTrigger(checklist.Trigger{Name: f.Name, Summary: f.Summary, Evidence: f.Evidence}); err != nil {
				t.Fatal(err)
			}
			st := sess.State()
			got := st.Triggers[len(st.Triggers)-1]
			if len(got.Evidence) == 0 {
				t.Fatalf("trigger journaled without evidence: %+v", got)
			}
			t.Logf("fired %s: %s (%s)", got.Name, got.Summary, strings.Join(got.Evidence, "; "))
			return
		}
		time.Sleep(500 * time.Millisecond)
	}
	t.Fatalf("no trigger fired; canary now %+v", canary.Stats())
}

// starveCanary attaches a higher-priority consumer that never acks, so the
// canary's own consumer stops receiving: what a stopped consumer looks like.
func starveCanary(t *testing.T, amqpURL, queue string) func() {
	t.Helper()
	u := strings.Replace(amqpURL, "amqp://", "amqp://guest:guest@", 1)
	conn, err := amqp.Dial(u)
	if err != nil {
		t.Fatal(err)
	}
	ch, err := conn.Channel()
	if err != nil {
		t.Fatal(err)
	}
	if err := ch.Qos(100000, 0, false); err != nil {
		t.Fatal(err)
	}
	if _, err := ch.Consume(queue, "e2e-thief", false, false, false, false, amqp.Table{"x-priority": int32(10)}); err != nil {
		t.Fatal(err)
	}
	return func() { _ = conn.Close() }
}
