//go:build integration

package broker

import (
	"context"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/warren-sre/warren/lab"
)

// canaryBenchRun is how long each side of the latency comparison runs.
const canaryBenchRun = 20 * time.Second

// BenchmarkCanaryEndToEndLatency runs the canary at its default rate, then a
// bare amqp091-go publisher (with confirms) and consumer on one connection
// to the same node and a quorum queue at the same rate, and reports both p50
// end-to-end latencies and their ratio (goal ≤ 1.2), and both p99s.
func BenchmarkCanaryEndToEndLatency(b *testing.B) {
	_, target := canaryLab(b)
	var canaryP50, bareP50, canaryP99, bareP99 time.Duration
	for range b.N {
		r := canaryStart(b, target, CanaryOptions{})
		time.Sleep(canaryBenchRun)
		s := r.Stats()
		r.stop()
		canaryP50, canaryP99 = s.EndToEnd.P50, s.EndToEnd.P99
		b.Logf("canary: %d delivered on %s, end-to-end p50 %v p99 %v, confirm p50 %v", s.Delivered, s.Node, s.EndToEnd.P50, s.EndToEnd.P99, s.Confirm.P50)
		bare, err := canaryBareLatencies(target, 5, canaryBenchRun)
		if err != nil {
			b.Fatal(err)
		}
		bareP50, bareP99 = canaryPercentile(bare, 0.50), canaryPercentile(bare, 0.99)
		b.Logf("bare amqp091-go: %d delivered, end-to-end p50 %v p99 %v", len(bare), bareP50, bareP99)
	}
	b.ReportMetric(float64(canaryP50.Microseconds())/1000, "canary-p50-ms")
	b.ReportMetric(float64(bareP50.Microseconds())/1000, "bare-p50-ms")
	b.ReportMetric(float64(canaryP50)/float64(bareP50), "canary/bare")
	b.ReportMetric(float64(canaryP99.Microseconds())/1000, "canary-p99-ms")
	b.ReportMetric(float64(bareP99.Microseconds())/1000, "bare-p99-ms")
}

// canaryBareLatencies is the reference: the least a Go client can do to
// measure the same thing.
func canaryBareLatencies(target Target, rate float64, run time.Duration) ([]time.Duration, error) {
	url, err := target.AMQPURLWithCreds(target.Nodes[0])
	if err != nil {
		return nil, err
	}
	conn, err := amqp.Dial(url)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	pub, err := conn.Channel()
	if err != nil {
		return nil, err
	}
	if err := pub.Confirm(false); err != nil {
		return nil, err
	}
	go func() {
		for range pub.NotifyPublish(make(chan amqp.Confirmation, 1024)) {
		}
	}()
	queue := fmt.Sprintf("warren.canary.bench-bare.%d", os.Getpid())
	args := amqp.Table{"x-queue-type": "quorum", "x-expires": int64(60000)}
	if _, err := pub.QueueDeclare(queue, true, false, false, false, args); err != nil {
		return nil, err
	}
	defer pub.QueueDelete(queue, false, false, false)
	sub, err := conn.Channel()
	if err != nil {
		return nil, err
	}
	deliveries, err := sub.Consume(queue, "", false, false, false, false, nil)
	if err != nil {
		return nil, err
	}
	got := make(chan []time.Duration)
	go func() {
		var lat []time.Duration
		for d := range deliveries {
			sent, _ := d.Headers["sent"].(int64)
			lat = append(lat, time.Since(time.Unix(0, sent)))
			_ = d.Ack(false)
		}
		got <- lat
	}()
	ctx, cancel := context.WithTimeout(context.Background(), run)
	defer cancel()
	ticker := time.NewTicker(time.Duration(float64(time.Second) / rate))
	defer ticker.Stop()
	for ctx.Err() == nil {
		select {
		case <-ticker.C:
			msg := amqp.Publishing{Headers: amqp.Table{"sent": time.Now().UnixNano()}, DeliveryMode: amqp.Persistent, Body: []byte("bare")}
			if _, err := pub.PublishWithDeferredConfirm("", queue, false, false, msg); err != nil {
				return nil, err
			}
		case <-ctx.Done():
		}
	}
	time.Sleep(500 * time.Millisecond) // let the last deliveries land
	_ = sub.Close()
	return <-got, nil
}

func canaryPercentile(d []time.Duration, q float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[int(q*float64(len(s)-1))]
}

// BenchmarkCanaryNodeDownDetection measures, through the node links, the
// time from kill -9 of a node, and from the start of a graceful stop of
// another, to warren reporting it down (goal ≤ 1 s for both).
func BenchmarkCanaryNodeDownDetection(b *testing.B) {
	cfg, target := canaryLab(b)
	var killed, stopped time.Duration
	for range b.N {
		r := canaryStart(b, target, CanaryOptions{})
		r.allLinksUp(b, cfg.Nodes)
		killed = canaryTimeToDown(b, r, cfg.Node(3).Name, func() error { return cfg.KillNode(3) })
		canaryStartNode(b, cfg, 3)
		r.allLinksUp(b, cfg.Nodes)
		stopDone := make(chan error, 1)
		stopped = canaryTimeToDown(b, r, cfg.Node(2).Name, func() error {
			go func() { stopDone <- cfg.StopNode(context.Background(), 2, func(string) {}) }()
			return nil
		})
		if err := <-stopDone; err != nil {
			b.Fatal(err)
		}
		canaryStartNode(b, cfg, 2)
		r.stop()
	}
	b.ReportMetric(float64(killed.Microseconds())/1000, "kill-ms")
	b.ReportMetric(float64(stopped.Microseconds())/1000, "graceful-stop-ms")
}

func canaryTimeToDown(b *testing.B, r *canaryRunning, node string, act func() error) time.Duration {
	start := time.Now()
	if err := act(); err != nil {
		b.Fatal(err)
	}
	_, at := r.awaitLinkDown(b, node, 30*time.Second)
	return at.Sub(start)
}

func canaryStartNode(b *testing.B, cfg lab.Config, i int) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if err := cfg.StartNode(ctx, i, func(string) {}); err != nil {
		b.Fatal(err)
	}
}
