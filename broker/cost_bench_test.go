//go:build integration

package broker

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/warren-sre/warren/lab"
	"github.com/warren-sre/warren/model"
)

// benchVHost holds the benchmark's queues; deleting it cleans up at once.
const benchVHost = "warren-bench"

// BenchmarkBrokerCPU compares the broker CPU (the beam processes' utime +
// stime from /proc) over a window with 10 000 queues: idle, warren's
// monitor polling, and a naive 1 Hz GET /api/queues loop. Run with
// -benchtime 1x; WARREN_BENCH_WINDOW shortens the 60 s window.
func BenchmarkBrokerCPU(b *testing.B) {
	cfg, target := canaryLab(b)
	setupBenchQueues(b, cfg, 10000)
	b.Run("per-call", func(b *testing.B) { benchEndpointCost(b, cfg, target) })
	b.Run("steady", func(b *testing.B) { benchSteadyCPU(b, cfg, target) })
}

// benchEndpointCost reports the broker CPU and wall time of one call of each
// request warren's pollers make, with 10 000 queues in the cluster.
func benchEndpointCost(b *testing.B, cfg lab.Config, target Target) {
	c, err := Connect(target)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	calls := []struct {
		name string
		call func()
	}{
		{"overview", func() { c.Overview(ctx) }},
		{"nodes+probes", func() { c.Nodes(ctx) }},
		{"top20", func() { c.TopQueues(ctx, 20) }},
		{"follow20", func() { c.FollowQueues(ctx, benchTop20()) }},
		{"health-all-nodes", func() { c.Health(ctx) }},
		{"connections", func() { c.Connections(ctx) }},
	}
	const n = 10
	for i := 0; i < b.N; i++ {
		for _, call := range calls {
			start := time.Now()
			cpu := beamCPU(b, cfg, 0, func(context.Context) {
				for k := 0; k < n; k++ {
					call.call()
				}
			})
			b.ReportMetric(float64(cpu.Milliseconds())/n, call.name+"-cpu-ms")
			b.ReportMetric(float64(time.Since(start).Milliseconds())/n, call.name+"-wall-ms")
		}
	}
}

func benchTop20() []model.Queue {
	var qs []model.Queue
	for i := 0; i < 20; i++ {
		qs = append(qs, model.Queue{Name: fmt.Sprintf("bench-%05d", i*100), VHost: benchVHost})
	}
	return qs
}

func benchSteadyCPU(b *testing.B, cfg lab.Config, target Target) {
	window := benchWindow(b)
	for i := 0; i < b.N; i++ {
		idle := beamCPU(b, cfg, window, func(ctx context.Context) { <-ctx.Done() })
		warren := beamCPU(b, cfg, window, func(ctx context.Context) {
			c, err := Connect(target)
			if err != nil {
				b.Fatal(err)
			}
			out := make(chan any, 64)
			go func() {
				for range out {
				}
			}()
			NewMonitor(c, MonitorOptions{}).Run(ctx, out)
		})
		naive := beamCPU(b, cfg, window, func(ctx context.Context) { naiveQueuesLoop(ctx, cfg) })
		core := window.Seconds()
		b.ReportMetric(100*idle.Seconds()/core, "idle-%core")
		b.ReportMetric(100*warren.Seconds()/core, "warren-%core")
		b.ReportMetric(100*(warren-idle).Seconds()/core, "warren-above-idle-%core")
		b.ReportMetric(100*naive.Seconds()/core, "naive-%core")
	}
}

func benchWindow(b *testing.B) time.Duration {
	if v := os.Getenv("WARREN_BENCH_WINDOW"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			b.Fatal(err)
		}
		return d
	}
	return 60 * time.Second
}

// beamCPU runs load for window (or until it returns, when window is 0) and
// returns the CPU time all lab beams used meanwhile.
func beamCPU(b *testing.B, cfg lab.Config, window time.Duration, load func(ctx context.Context)) time.Duration {
	b.Helper()
	ctx, cancel := context.Background(), context.CancelFunc(func() {})
	if window > 0 {
		ctx, cancel = context.WithTimeout(ctx, window)
	}
	defer cancel()
	before := labCPU(b, cfg)
	load(ctx)
	return labCPU(b, cfg) - before
}

// labCPU sums utime+stime of every lab node's beam.
func labCPU(b *testing.B, cfg lab.Config) time.Duration {
	var total time.Duration
	for _, st := range cfg.Status() {
		if st.PID == 0 {
			b.Fatalf("%s is not running", st.Name)
		}
		raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", st.PID))
		if err != nil {
			b.Fatal(err)
		}
		fields := strings.Fields(string(raw[strings.LastIndexByte(string(raw), ')')+2:]))
		// utime and stime are fields 14 and 15 of stat, in clock ticks (100/s).
		utime, _ := strconv.ParseInt(fields[11], 10, 64)
		stime, _ := strconv.ParseInt(fields[12], 10, 64)
		total += time.Duration(utime+stime) * 10 * time.Millisecond
	}
	return total
}

func naiveQueuesLoop(ctx context.Context, cfg lab.Config) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, cfg.Node(1).MgmtURL()+"/api/queues", nil)
		req.SetBasicAuth("guest", "guest")
		if resp, err := http.DefaultClient.Do(req); err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// setupBenchQueues declares n classic queues in their own vhost over AMQP
// (fast: one channel) and puts a few messages in some, then waits for the
// stats to include them.
func setupBenchQueues(b *testing.B, cfg lab.Config, n int) {
	b.Helper()
	api := func(method, path, body string) {
		req, _ := http.NewRequest(method, cfg.Node(1).MgmtURL()+"/api/"+path, strings.NewReader(body))
		req.SetBasicAuth("guest", "guest")
		req.Header.Set("content-type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
	}
	api(http.MethodPut, "vhosts/"+benchVHost, "{}")
	api(http.MethodPut, "permissions/"+benchVHost+"/guest", `{"configure":".*","write":".*","read":".*"}`)
	b.Cleanup(func() { api(http.MethodDelete, "vhosts/"+benchVHost, "") })
	conn, err := amqp.Dial(fmt.Sprintf("amqp://guest:guest@127.0.0.1:%d/%s", cfg.AMQPPort, benchVHost))
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	ch, err := conn.Channel()
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("bench-%05d", i)
		if _, err := ch.QueueDeclare(name, true, false, false, false, nil); err != nil {
			b.Fatal(err)
		}
		if i%100 == 0 {
			for m := 0; m < i/100; m++ {
				_ = ch.Publish("", name, false, false, amqp.Publishing{Body: []byte("x")})
			}
		}
	}
	time.Sleep(2 * cfg.StatsInterval)
}
