package broker

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestNextIntervalStretchesToBudget(t *testing.T) {
	tests := []struct {
		name  string
		base  time.Duration
		took  time.Duration
		share float64
		want  time.Duration
	}{
		{"cheap call keeps its base", time.Second, 5 * time.Millisecond, 0.0125, time.Second},
		{"expensive rank is stretched", 60 * time.Second, 1500 * time.Millisecond, 0.0075, 200 * time.Second},
		{"boundary equals base", time.Second, 10 * time.Millisecond, 0.01, time.Second},
		{"no budget means base", time.Second, time.Hour, 0, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := nextInterval(tt.base, tt.took, tt.share); got != tt.want {
				t.Fatalf("nextInterval(%s, %s, %g) = %s, want %s", tt.base, tt.took, tt.share, got, tt.want)
			}
		})
	}
}

// A cluster whose ranking found no queue is ranked again at the follow
// interval (cheap: there is nothing to sort), so the queue pane keeps
// hearing from a healthy cluster and sees a first queue within seconds,
// not a minute. A cluster whose queues are ranked is only followed.
func TestFollowRanksAgainWhileNothingIsRanked(t *testing.T) {
	tests := []struct {
		name      string
		items     string
		wantRanks func(int) bool
	}{
		{"no queue: ranked at every follow", `[]`, func(n int) bool { return n >= 4 }},
		{"queues ranked: followed by name", `[{"name":"orders","vhost":"/","messages":3}]`, func(n int) bool { return n == 1 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			ranks := 0
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				switch {
				case r.URL.Path == "/api/queues" && r.URL.Query().Get("sort") != "":
					mu.Lock()
					ranks++
					mu.Unlock()
					fmt.Fprintf(w, `{"items":%s}`, tt.items)
				case strings.HasPrefix(r.URL.Path, "/api/queues/"):
					fmt.Fprint(w, `{"name":"orders","vhost":"/","messages":3}`)
				default:
					http.NotFound(w, r)
				}
			}))
			defer srv.Close()
			c, err := Connect(Target{Nodes: []Endpoint{{MgmtURL: srv.URL}}, Username: "guest", Password: "guest"})
			if err != nil {
				t.Fatal(err)
			}
			m := NewMonitor(c, MonitorOptions{RankEvery: time.Hour, FollowEvery: 20 * time.Millisecond})
			p := pollerNamed(t, m, "follow")
			m.rank(context.Background())
			for range 4 {
				p.poll(context.Background())
			}
			mu.Lock()
			defer mu.Unlock()
			if !tt.wantRanks(ranks) {
				t.Errorf("%d rankings for one rank and four follows", ranks)
			}
		})
	}
}

func pollerNamed(t *testing.T, m *Monitor, name string) poller {
	t.Helper()
	for _, p := range m.pollers() {
		if p.name == name {
			return p
		}
	}
	t.Fatalf("no poller %q", name)
	return poller{}
}
