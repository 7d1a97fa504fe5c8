package broker

import (
	"context"
	"strings"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/warren-sre/warren/model"
)

func TestCanaryScrub(t *testing.T) {
	tests := []struct {
		name, in, password, want string
	}{
		{"userinfo in a URL", `dial amqp://guest:s3cret@10.0.0.1:5672/: refused`, "", `dial amqp://***@10.0.0.1:5672/: refused`},
		{"amqps and quotes", `parse "amqps://u:p%40ss@h/": bad`, "", `parse "amqps://***@h/": bad`},
		{"bare password elsewhere", `auth failed for hunter22`, "hunter22", `auth failed for ***`},
		{"escaped password", `bad value p%40ss%2Fw`, "p@ss/w", `bad value ***`},
		{"nothing to hide", `connection refused`, "hunter22", `connection refused`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := canaryScrub(tt.in, tt.password); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// A dial failure must not leak the password, whatever amqp091 puts in it.
func TestCanaryDialErrorHasNoCredentials(t *testing.T) {
	target := Target{Username: "warren", Password: "Pa55:w@rd"}
	tests := []struct{ name, url string }{
		{"unreachable", "amqp://127.0.0.1:1/"},
		{"unparsable port", "amqp://127.0.0.1:notaport/"},
		{"wrong scheme", "http://127.0.0.1:1/"},
	}
	opts := CanaryOptions{DialTimeout: 200 * time.Millisecond}.withDefaults()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := canaryDial(target, Endpoint{AMQPURL: tt.url}, opts, "test")
			if err == nil {
				t.Fatal("dial succeeded, want an error")
			}
			for _, secret := range []string{"Pa55", "w@rd", "w%40rd"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error %q contains %q", err, secret)
				}
			}
		})
	}
}

func TestCanaryNodeName(t *testing.T) {
	tests := []struct {
		e    Endpoint
		want string
	}{
		{Endpoint{Name: "rabbit@a", AMQPURL: "amqp://a:5672/"}, "rabbit@a"},
		{Endpoint{AMQPURL: "amqp://10.0.0.7:5673/"}, "10.0.0.7:5673"},
		{Endpoint{MgmtURL: "http://h:15672"}, "http://h:15672"},
	}
	for _, tt := range tests {
		if got := canaryNodeName(tt.e); got != tt.want {
			t.Errorf("canaryNodeName(%+v) = %q, want %q", tt.e, got, tt.want)
		}
	}
}

func TestCanaryCloseReason(t *testing.T) {
	tests := []struct {
		err  *amqp.Error
		want string
	}{
		{nil, "closed by warren"},
		{&amqp.Error{Code: amqp.ConnectionForced, Reason: "CONNECTION_FORCED - shutdown", Server: true}, "node closed the connection (CONNECTION_FORCED - shutdown)"},
		{&amqp.Error{Code: amqp.FrameError, Reason: "EOF"}, "connection lost (EOF)"},
		{&amqp.Error{Code: amqp.NotFound, Reason: "NOT_FOUND", Server: true}, `Exception (404) Reason: "NOT_FOUND"`},
	}
	for _, tt := range tests {
		if got := canaryCloseReason(tt.err); got != tt.want {
			t.Errorf("canaryCloseReason(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}

func TestCanaryBackoff(t *testing.T) {
	first, capAt := 250*time.Millisecond, time.Second
	var d time.Duration
	var got []time.Duration
	for range 5 {
		d = canaryBackoff(d, first, capAt)
		got = append(got, d)
	}
	want := []time.Duration{250 * time.Millisecond, 500 * time.Millisecond, time.Second, time.Second, time.Second}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("back-off sequence %v, want %v", got, want)
		}
	}
}

func TestCanaryOptionsDefaults(t *testing.T) {
	o := CanaryOptions{Rate: 20}.withDefaults()
	if o.Rate != 20 || o.Window != time.Minute || o.LossHorizon != 30*time.Second || o.QueueExpires != time.Minute {
		t.Errorf("defaults not applied as documented: %+v", o)
	}
	if !strings.HasPrefix(o.Queue, "warren.canary.") {
		t.Errorf("queue %q is not a warren canary queue", o.Queue)
	}
}

// With no node reachable, Run reports not-connected samples with the reason,
// links down, and returns promptly when its context ends.
func TestCanaryRunUnreachableReportsAsData(t *testing.T) {
	target := Target{Username: "u", Password: "topsecret", Nodes: []Endpoint{{Name: "n1", AMQPURL: "amqp://127.0.0.1:1/"}}}
	c := NewCanary(target, CanaryOptions{SampleInterval: 50 * time.Millisecond, DialTimeout: 100 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	out := make(chan any, 64)
	done := make(chan struct{})
	go func() { c.Run(ctx, out); close(done) }()
	var sawSample, sawLinkDown bool
	for !sawSample || !sawLinkDown {
		select {
		case v := <-out:
			switch v := v.(type) {
			case model.CanarySample:
				sawSample = v.Err != "" && !v.Value.Connected && !strings.Contains(v.Err, "topsecret")
			case model.NodeLink:
				sawLinkDown = v.Node == "n1" && !v.Up && v.Reason != ""
			}
		case <-ctx.Done():
			t.Fatalf("no not-connected sample (%v) or link-down (%v) before the deadline", sawSample, sawLinkDown)
		}
	}
	cancel()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
}
