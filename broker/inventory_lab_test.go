//go:build integration

package broker

import (
	"context"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/warren-sre/warren/lab/labtest"
	"github.com/warren-sre/warren/model"
)

// The pre-flight checks for 4.3's refused queue arguments and 4.1's
// frame_max floor read what the real management API reports: a queue's
// arguments in the light listing, a connection's negotiated frame_max.
func TestLabQueueArgumentsAndFrameMaxAreRead(t *testing.T) {
	cfg := labtest.Require(t)
	_, target := canaryLab(t)
	c, err := Connect(target)
	if err != nil {
		t.Fatal(err)
	}
	const queue = "warren.test.cqv1-arguments"
	labtest.API(t, cfg, "PUT", "queues/%2F/"+queue, `{"durable":true,"arguments":{"x-queue-mode":"lazy","x-queue-version":1}}`)
	t.Cleanup(func() { labtest.API(t, cfg, "DELETE", "queues/%2F/"+queue, "") })

	queues, err := c.AllQueues(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, q := range queues {
		if q.Name == queue {
			found = true
			if q.Arguments["x-queue-mode"] != "lazy" || q.Arguments["x-queue-version"] != float64(1) {
				t.Errorf("arguments = %v, want x-queue-mode=lazy, x-queue-version=1", q.Arguments)
			}
		}
	}
	if !found {
		t.Fatalf("%s not listed", queue)
	}
	if f := model.RefusedArgumentFinding(queues, model.V(4, 3, 5)); f == nil || f.Code != model.CodeQueueArgumentRefused {
		t.Errorf("a 4.3 target must refuse %s: %+v", queue, f)
	}

	conn, err := amqp.DialConfig(cfg.Node(1).AMQPURL(), amqp.Config{FrameSize: 4096, Properties: amqp.Table{"connection_name": "warren-frame-max-test"}})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// The connection list is built from stats events: it lags by the stats
	// interval, more on a busy lab.
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		for _, cn := range c.Connections(context.Background()).Value {
			if cn.ProvidedName == "warren-frame-max-test" {
				if cn.FrameMax != 4096 {
					t.Fatalf("frame_max = %d, want 4096", cn.FrameMax)
				}
				if f := model.FrameMaxFinding([]model.Connection{cn}, model.V(4, 1, 0)); f == nil {
					t.Errorf("frame_max 4096 must be flagged for 4.1")
				}
				return
			}
		}
		time.Sleep(time.Second)
	}
	t.Fatal("the test connection never appeared in /api/connections")
}
