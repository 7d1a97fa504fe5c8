package steps

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/warren-sre/warren/model"
)

// rollingFake answers the questions the rolling checks ask; the embedded
// interface is nil, so any other call fails the test loudly.
type rollingFake struct {
	Cluster
	nodes    model.NodesSample
	health   map[string]model.HealthCheck // by check name
	queues   []model.Queue
	flags    []model.FeatureFlag
	enabled  []string
	queueErr error
}

func (f *rollingFake) Nodes(context.Context) model.NodesSample { return f.nodes }
func (f *rollingFake) NodeHealth(_ context.Context, node, check string) model.HealthCheck {
	hc, ok := f.health[check]
	if !ok {
		return model.HealthCheck{Node: node, Check: check, OK: true}
	}
	return hc
}
func (f *rollingFake) AllQueues(context.Context) ([]model.Queue, error) { return f.queues, f.queueErr }
func (f *rollingFake) QueueDepths(context.Context) ([]model.Queue, error) {
	return f.queues, f.queueErr
}
func (f *rollingFake) FeatureFlags(context.Context) model.FlagsSample {
	return model.FlagsSample{At: time.Now(), Value: f.flags}
}
func (f *rollingFake) EnableFeatureFlag(_ context.Context, name string) error {
	f.enabled = append(f.enabled, name)
	for i := range f.flags {
		if f.flags[i].Name == name {
			f.flags[i].State = "enabled"
		}
	}
	return nil
}

func running(name, version string) model.Node {
	return model.Node{Name: name, Running: true, State: model.NodeRunning, RabbitVersion: version, Partitions: []string{}}
}

func healthyRolling() *rollingFake {
	return &rollingFake{nodes: model.NodesSample{At: time.Now(), Value: []model.Node{
		running("r1", "3.13.7"), running("r2", "3.12.14"), running("r3", "3.12.14")}}}
}

func TestSafeToStop(t *testing.T) {
	tests := []struct {
		name     string
		edit     func(*rollingFake)
		want     Verdict
		evidence string
	}{
		{"healthy", func(*rollingFake) {}, Pass, "not quorum-critical"},
		{"quorum-critical waits and names queues", func(f *rollingFake) {
			f.health = map[string]model.HealthCheck{"node-is-quorum-critical": {Queues: []string{"orders (vhost /)"}}}
		}, Wait, "orders (vhost /)"},
		{"other node down fails and still names queues", func(f *rollingFake) {
			f.nodes.Value[2] = model.Node{Name: "r3", State: model.NodeDown}
			f.health = map[string]model.HealthCheck{"node-is-quorum-critical": {Queues: []string{"orders (vhost /)"}}}
		}, Fail, "orders (vhost /)"},
		{"check cannot run fails closed", func(f *rollingFake) {
			f.health = map[string]model.HealthCheck{"node-is-quorum-critical": {Error: "connection refused"}}
		}, Fail, "could not run"},
		{"alarm fails", func(f *rollingFake) { f.nodes.Value[1].MemAlarm = true }, Fail, "memory alarm"},
		{"nodes unreadable fails", func(f *rollingFake) { f.nodes = model.NodesSample{Err: "no node answered"} }, Fail, "no node answered"},
		{"mirror-sync-critical before 4.0 waits and names queues", func(f *rollingFake) {
			f.health = map[string]model.HealthCheck{"node-is-mirror-sync-critical": {Queues: []string{"legacy (vhost /)"}}}
		}, Wait, "legacy (vhost /)"},
		{"mirror-sync check cannot run fails closed", func(f *rollingFake) {
			f.health = map[string]model.HealthCheck{"node-is-mirror-sync-critical": {Error: "HTTP 404"}}
		}, Fail, "mirror-sync-critical check could not run"},
		{"from 4.0 classic mirroring is gone: not asked", func(f *rollingFake) {
			f.nodes.Value[1].RabbitVersion = "4.0.9"
			f.health = map[string]model.HealthCheck{"node-is-mirror-sync-critical": {Error: "HTTP 404"}}
		}, Pass, "not quorum-critical"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := healthyRolling()
			tt.edit(f)
			r := safeToStop("r2")(context.Background(), Env{Cluster: f, Now: time.Now})
			if r.Verdict != tt.want || !strings.Contains(strings.Join(r.Evidence, "|"), tt.evidence) {
				t.Fatalf("got %s %q %v; want %s with %q", r.Verdict, r.Summary, r.Evidence, tt.want, tt.evidence)
			}
		})
	}
}

func TestVerified(t *testing.T) {
	target := model.V(3, 13, 7)
	canary := model.CanarySample{At: time.Now(), Value: model.CanaryStats{Connected: true, Node: "r2", Confirmed: 10, Delivered: 10}}
	tests := []struct {
		name     string
		edit     func(*rollingFake, *model.CanarySample)
		want     Verdict
		evidence string
	}{
		{"verified", func(*rollingFake, *model.CanarySample) {}, Pass, "reports RabbitMQ 3.13.7"},
		{"old version fails", func(f *rollingFake, _ *model.CanarySample) { f.nodes.Value[0].RabbitVersion = "3.12.14" }, Fail, "not the target"},
		{"member missing waits", func(f *rollingFake, _ *model.CanarySample) {
			f.queues = []model.Queue{{Name: "q", VHost: "/", Type: "quorum", Members: []string{"r1", "r2", "r3"}, Online: []string{"r2", "r3"}}}
		}, Wait, "q (vhost /) lacks r1"},
		{"listener missing waits", func(f *rollingFake, _ *model.CanarySample) {
			f.health = map[string]model.HealthCheck{"protocol-listener/amqp": {Reason: "no listener"}}
		}, Wait, "no amqp listener"},
		{"canary lost fails", func(_ *rollingFake, c *model.CanarySample) { c.Value.Lost = 2 }, Fail, "lost 2"},
		{"no canary waits", func(_ *rollingFake, c *model.CanarySample) { *c = model.CanarySample{} }, Wait, "no canary sample"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := healthyRolling()
			f.nodes.Value[1].RabbitVersion, f.nodes.Value[2].RabbitVersion = "3.13.7", "3.13.7"
			c := canary
			tt.edit(f, &c)
			cfg := RollingConfig{Target: target, RequireCanary: true}.withDefaults()
			r := verified("r1", cfg)(context.Background(), Env{Cluster: f, Snapshot: model.Snapshot{Canary: c}, Now: time.Now})
			if r.Verdict != tt.want || !strings.Contains(strings.Join(r.Evidence, "|"), tt.evidence) {
				t.Fatalf("got %s %q %v; want %s with %q", r.Verdict, r.Summary, r.Evidence, tt.want, tt.evidence)
			}
		})
	}
}

func TestRollingBlocksAndIDs(t *testing.T) {
	list := RollingSteps(RollingConfig{Nodes: []NodePlan{{Name: "r2", Reason: "1 of 2: fewest"}, {Name: "r1"}}, Target: model.V(3, 13, 7)})
	if len(list) != 18 {
		t.Fatalf("%d steps, want 9 per node", len(list))
	}
	if list[0].ID != "rolling/r2/safe-to-stop" || !list[0].Gate || !strings.Contains(list[0].Why, "fewest") {
		t.Errorf("first step %+v: want r2's safe-to-stop gate showing the order reason", list[0])
	}
	if backup := list[3]; backup.ID != RollingID("r2", PartBackup) || !backup.Gate {
		t.Errorf("the stopped node's backup must follow its stop, as a gate: got %+v", backup)
	}
	if last := list[8]; last.ID != RollingID("r2", PartVerify) || !last.Gate || last.Block != "r2" {
		t.Errorf("block must end on its verify gate, got %+v", last)
	}
	// Missing package or start commands fail closed instead of doing nothing.
	for _, s := range list[:9] {
		if s.ID == RollingID("r2", PartPackage) {
			if _, err := s.Action.Run(context.Background(), Env{}); err == nil {
				t.Error("package step without a command must fail")
			}
		}
	}
}

func TestEnableFlagsAndWhereWeAre(t *testing.T) {
	f := healthyRolling()
	f.flags = []model.FeatureFlag{{Name: "a", State: "enabled", Stability: "stable"}, {Name: "b", State: "disabled", Stability: "stable"},
		{Name: "x", State: "disabled", Stability: "experimental"}}
	env := Env{Cluster: f, Now: time.Now}
	where := inPlaceStillPossible([]string{"a"})
	if r := where(context.Background(), env); r.Verdict != Pass {
		t.Fatalf("before enabling: %s %v", r.Verdict, r.Evidence)
	} else if strings.Contains(r.Summary, "is possible") || !strings.Contains(r.Summary, "does not support") || !strings.Contains(r.Remedy, "blue-green") {
		// RabbitMQ does not support downgrades (facts §5.1, §5.3): the gate
		// used to call an in-place rollback "possible".
		t.Fatalf("the verdict must not promise a downgrade: %q, remedy %q", r.Summary, r.Remedy)
	}
	if r := allStableFlagsEnabled(context.Background(), env); r.Verdict != Fail || !strings.Contains(r.Evidence[0], "b") {
		t.Fatalf("flag b is disabled: %+v", r)
	}
	if _, err := enableStableFlags(context.Background(), env); err != nil || strings.Join(f.enabled, ",") != "b" {
		t.Fatalf("enabled %v (%v), want only the stable b", f.enabled, err)
	}
	r := where(context.Background(), env)
	if r.Verdict != Fail || !strings.Contains(r.Remedy, "blue-green") {
		t.Fatalf("after enabling: %s %v %q; want in-place rollback gone with blue-green guidance", r.Verdict, r.Evidence, r.Remedy)
	}
}

// A node the API still calls running but whose link dropped (or stopped
// answering) holds the gates: they wait, naming it, until the API agrees
// or the link is back; a running state in the links changes nothing.
func TestGatesWaitOnWhatTheLinksSay(t *testing.T) {
	tests := []struct {
		name     string
		states   []model.NodeStatus
		want     Verdict
		evidence string
	}{
		{"links agree", []model.NodeStatus{{Node: "r3", State: model.NodeRunning}}, Pass, ""},
		{"going down", []model.NodeStatus{{Node: "r3", State: model.NodeGoingDown, Why: "CONNECTION_FORCED"}}, Wait, "r3 is going down by warren's link to it (CONNECTION_FORCED)"},
		{"frozen", []model.NodeStatus{{Node: "r3", State: model.NodeFrozen}}, Wait, "r3 is frozen"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := healthyRolling()
			env := Env{Cluster: f, Snapshot: model.Snapshot{States: tt.states}, Now: time.Now}
			r := safeToStop("r2")(context.Background(), env)
			if r.Verdict != tt.want || !strings.Contains(strings.Join(r.Evidence, "|"), tt.evidence) {
				t.Fatalf("safe to stop: got %s %v; want %s with %q", r.Verdict, r.Evidence, tt.want, tt.evidence)
			}
			f.nodes.Value[1].RabbitVersion, f.nodes.Value[2].RabbitVersion = "3.13.7", "3.13.7"
			env.Snapshot.Canary = model.CanarySample{At: time.Now(), Value: model.CanaryStats{Connected: true, Confirmed: 1, Delivered: 1}}
			r = verified("r1", RollingConfig{Target: model.V(3, 13, 7), RequireCanary: true}.withDefaults())(context.Background(), env)
			if r.Verdict != tt.want || !strings.Contains(strings.Join(r.Evidence, "|"), tt.evidence) {
				t.Fatalf("verified: got %s %v; want %s with %q", r.Verdict, r.Evidence, tt.want, tt.evidence)
			}
		})
	}
}
