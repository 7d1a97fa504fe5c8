package broker

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/warren-sre/warren/model"
)

// MonitorOptions sets each concern's base interval and warren's broker-CPU
// budget. Zero fields take the defaults of DefaultMonitorOptions.
type MonitorOptions struct {
	TopN             int
	OverviewEvery    time.Duration // total depth: cheap, every second
	NodesEvery       time.Duration
	HealthEvery      time.Duration
	RankEvery        time.Duration // re-rank the top-N: costs the broker a sort of every queue
	FollowEvery      time.Duration // re-read the ranked queues by name: ~3 ms each
	ConnectionsEvery time.Duration
	FlagsEvery       time.Duration
	DurableEvery     time.Duration // list every durable queue, for the data-loss trigger
	// Budget is the share of one broker core warren may use, e.g. 0.05.
	// Each poller takes its weight of it and stretches its interval so that
	// cost/interval stays within: wall time per call is an upper bound of the
	// broker CPU it caused.
	Budget float64
	Canary *Canary // optional; run alongside, its samples relayed too
	// Links is the link watch alone, for a monitor without a canary (a
	// follower's); a canary watches the links itself.
	Links *LinkWatch
}

// DefaultMonitorOptions are the intervals the cockpit uses.
func DefaultMonitorOptions() MonitorOptions {
	return MonitorOptions{
		TopN: 20, OverviewEvery: time.Second, NodesEvery: time.Second, HealthEvery: 10 * time.Second,
		RankEvery: 60 * time.Second, FollowEvery: 5 * time.Second, ConnectionsEvery: 30 * time.Second,
		FlagsEvery: 60 * time.Second, DurableEvery: 30 * time.Second, Budget: 0.05,
	}
}

func (o MonitorOptions) withDefaults() MonitorOptions {
	d := DefaultMonitorOptions()
	pick := func(v *time.Duration, def time.Duration) {
		if *v <= 0 {
			*v = def
		}
	}
	pick(&o.OverviewEvery, d.OverviewEvery)
	pick(&o.NodesEvery, d.NodesEvery)
	pick(&o.HealthEvery, d.HealthEvery)
	pick(&o.RankEvery, d.RankEvery)
	pick(&o.FollowEvery, d.FollowEvery)
	pick(&o.ConnectionsEvery, d.ConnectionsEvery)
	pick(&o.FlagsEvery, d.FlagsEvery)
	pick(&o.DurableEvery, d.DurableEvery)
	if o.TopN <= 0 {
		o.TopN = d.TopN
	}
	if o.Budget <= 0 {
		o.Budget = d.Budget
	}
	return o
}

// Monitor runs one poller per concern, each on its own interval, and sends
// timestamped model samples into one channel: the single relay into the UI.
type Monitor struct {
	cluster *Cluster
	opts    MonitorOptions

	mu       sync.Mutex
	paused   bool
	ranked   []model.Queue
	rankedOK bool          // a ranking succeeded (ranked may still be empty)
	wake     chan struct{} // closed and replaced on RefreshNow
	resumed  chan struct{}
}

// NewMonitor prepares pollers for cluster; nothing runs until Run.
func NewMonitor(cluster *Cluster, opts MonitorOptions) *Monitor {
	return &Monitor{cluster: cluster, opts: opts.withDefaults(), wake: make(chan struct{}), resumed: make(chan struct{})}
}

// poller is one concern: how to poll it, how often, and its budget weight.
type poller struct {
	name   string
	every  time.Duration
	weight float64
	poll   func(ctx context.Context) any
}

func (m *Monitor) pollers() []poller {
	c := m.cluster
	return []poller{
		{"overview", m.opts.OverviewEvery, 0.25, func(ctx context.Context) any { return c.Overview(ctx) }},
		{"nodes", m.opts.NodesEvery, 0.25, func(ctx context.Context) any { return c.Nodes(ctx) }},
		{"health", m.opts.HealthEvery, 0.1, func(ctx context.Context) any { return c.Health(ctx) }},
		{"rank", m.opts.RankEvery, 0.15, m.rank},
		{"follow", m.opts.FollowEvery, 0.1, m.follow},
		{"connections", m.opts.ConnectionsEvery, 0.05, func(ctx context.Context) any { return c.Connections(ctx) }},
		{"flags", m.opts.FlagsEvery, 0.05, func(ctx context.Context) any { return c.FeatureFlags(ctx) }},
		{"durable", m.opts.DurableEvery, 0.05, func(ctx context.Context) any { return c.DurableQueues(ctx) }},
	}
}

// Run polls until ctx ends. Sends never block past ctx: a stalled consumer
// cannot wedge the pollers.
func (m *Monitor) Run(ctx context.Context, out chan<- any) {
	var wg sync.WaitGroup
	for _, p := range m.pollers() {
		wg.Add(1)
		go func() { defer wg.Done(); m.loop(ctx, p, out) }()
	}
	if m.opts.Canary != nil {
		wg.Add(1)
		go func() { defer wg.Done(); m.opts.Canary.Run(ctx, out) }()
	} else if m.opts.Links != nil {
		wg.Add(1)
		go func() { defer wg.Done(); m.opts.Links.Run(ctx, out) }()
	}
	wg.Wait()
}

func (m *Monitor) loop(ctx context.Context, p poller, out chan<- any) {
	for {
		m.waitWhilePaused(ctx)
		if ctx.Err() != nil {
			return
		}
		start := time.Now()
		sample := p.poll(ctx)
		took := time.Since(start)
		if sample != nil {
			select {
			case out <- sample:
			case <-ctx.Done():
				return
			}
		}
		wake := m.wakeChan()
		select {
		case <-ctx.Done():
			return
		case <-wake:
		case <-time.After(nextInterval(p.every, took, m.opts.Budget*p.weight)):
		}
	}
}

// nextInterval stretches base so that took/interval stays within share.
func nextInterval(base, took time.Duration, share float64) time.Duration {
	if share <= 0 {
		return base
	}
	if need := time.Duration(float64(took) / share); need > base {
		return need
	}
	return base
}

// rank re-ranks the top-N queues by depth (the expensive, rare call).
func (m *Monitor) rank(ctx context.Context) any {
	s := m.cluster.TopQueues(ctx, m.opts.TopN)
	if s.OK() {
		m.mu.Lock()
		m.ranked, m.rankedOK = s.Value, true
		m.mu.Unlock()
	}
	return s
}

// follow refreshes the ranked queues by name (the cheap, frequent call).
// With nothing ranked it ranks again: a ranking of no queues costs the
// broker nothing to repeat, and otherwise the queue pane heard nothing for
// a whole RankEvery (it said STALE on a healthy cluster with no queues yet,
// or whose first ranking came before its first queue).
func (m *Monitor) follow(ctx context.Context) any {
	m.mu.Lock()
	ranked, rankedOK := m.ranked, m.rankedOK
	m.mu.Unlock()
	if len(ranked) == 0 {
		if !rankedOK {
			return nil // no ranking yet, or it failed: the rank poller retries on its own interval
		}
		return m.rank(ctx)
	}
	s := m.cluster.FollowQueues(ctx, ranked)
	sort.SliceStable(s.Value, func(i, j int) bool { return s.Value[i].Messages > s.Value[j].Messages })
	return s
}

// Pause stops polling (the operator pressed p); Resume starts it again.
func (m *Monitor) Pause() { m.mu.Lock(); m.paused = true; m.mu.Unlock() }

// Resume restarts polling at once.
func (m *Monitor) Resume() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.paused {
		m.paused = false
		close(m.resumed)
		m.resumed = make(chan struct{})
	}
}

// RefreshNow wakes every poller for an immediate poll.
func (m *Monitor) RefreshNow() {
	m.mu.Lock()
	defer m.mu.Unlock()
	close(m.wake)
	m.wake = make(chan struct{})
}

func (m *Monitor) wakeChan() chan struct{} {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.wake
}

func (m *Monitor) waitWhilePaused(ctx context.Context) {
	m.mu.Lock()
	paused, resumed := m.paused, m.resumed
	m.mu.Unlock()
	if !paused {
		return
	}
	select {
	case <-resumed:
	case <-ctx.Done():
	}
}
