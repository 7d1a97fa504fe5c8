package broker

import (
	"strings"
	"testing"
	"time"

	"github.com/warren-sre/warren/model"
)

func TestCanarySessionUnresponsive(t *testing.T) {
	start := canaryT0
	tests := []struct {
		name    string
		sent    []time.Duration // publishes awaiting a confirm, sent at start+d
		link    *model.NodeLink // the node's link, if known
		now     time.Duration
		want    bool
		because string
	}{
		{name: "nothing outstanding", now: time.Minute},
		{name: "confirm still within the timeout", sent: []time.Duration{9 * time.Second}, now: 11 * time.Second},
		{name: "oldest just at the timeout", sent: []time.Duration{9 * time.Second}, now: 12 * time.Second},
		{name: "oldest past the timeout", sent: []time.Duration{12 * time.Second, 8 * time.Second, 11 * time.Second}, now: 11*time.Second + time.Millisecond,
			want: true, because: "no confirm within 3s (node frozen?)"},
		{name: "link up", link: &model.NodeLink{Up: true, Since: start.Add(time.Second)}, now: 2 * time.Second},
		{name: "link down before the session began", link: &model.NodeLink{Since: start.Add(-time.Second), Reason: "refused"}, now: time.Second},
		{name: "link down during the session", link: &model.NodeLink{Since: start.Add(time.Second), Reason: "node not answering"}, now: 2 * time.Second,
			want: true, because: "link down: node not answering"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewCanary(Target{}, CanaryOptions{Clock: func() time.Time { return start }})
			s := &canarySession{c: c, node: "rabbit@a", started: start, tags: map[uint64]canaryTag{}, dead: make(chan struct{})}
			for i, d := range tt.sent {
				s.tags[uint64(i+1)] = canaryTag{seq: uint64(i + 1), sent: start.Add(d)}
			}
			if tt.link != nil {
				c.links["rabbit@a"] = *tt.link
			}
			why, got := s.unresponsive(start.Add(tt.now))
			if got != tt.want || !strings.Contains(why, tt.because) {
				t.Errorf("unresponsive = %q, %v; want %v because %q", why, got, tt.want, tt.because)
			}
		})
	}
}

func TestCanaryWatchInterval(t *testing.T) {
	tests := []struct{ timeout, want time.Duration }{
		{3 * time.Second, 750 * time.Millisecond},
		{time.Second, 250 * time.Millisecond},
		{10 * time.Millisecond, 50 * time.Millisecond},
	}
	for _, tt := range tests {
		if got := canaryWatchInterval(tt.timeout); got != tt.want {
			t.Errorf("canaryWatchInterval(%v) = %v, want %v", tt.timeout, got, tt.want)
		}
	}
}
