package engine

import (
	"fmt"
	"sync"

	"github.com/warren-sre/warren/engine/event"
	"github.com/warren-sre/warren/model"
)

// Store keeps the latest sample of every concern and each node's effective
// state. The feed writes it; the checks and the trigger watch read it. A
// failed poll keeps the last good value and records the error, as the
// panes do.
type Store struct {
	mu    sync.Mutex
	snap  model.Snapshot
	nodes model.NodeWatch
}

// Apply folds one poller message into the snapshot and says which concern
// it was; a value no concern reads is an error, never dropped silently.
func (s *Store) Apply(msg any) (event.Sample, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var r model.Snapshot
	var c event.Concern
	switch m := msg.(type) {
	case model.NodesSample:
		c, r.Nodes, s.snap.Nodes = event.Nodes, m, keepGood(s.snap.Nodes, m)
		s.nodes.API(m)
	case model.OverviewSample:
		c, r.Overview, s.snap.Overview = event.Overview, m, keepGood(s.snap.Overview, m)
	case model.QueuesSample:
		c, r.Queues, s.snap.Queues = event.Queues, m, keepGood(s.snap.Queues, m)
	case model.ConnectionsSample:
		c, r.Connections, s.snap.Connections = event.Connections, m, keepGood(s.snap.Connections, m)
	case model.FlagsSample:
		c, r.Flags, s.snap.Flags = event.Flags, m, keepGood(s.snap.Flags, m)
	case model.HealthSample:
		c, r.Health, s.snap.Health = event.Health, m, keepGood(s.snap.Health, m)
	case model.DurableQueuesSample:
		c, r.Durable, s.snap.Durable = event.Durable, m, keepGood(s.snap.Durable, m)
	case model.CanarySample:
		c, r.Canary, s.snap.Canary = event.Canary, m, m
	case model.NodeLink:
		c, r.Links, s.snap.Links = event.Link, []model.NodeLink{m}, upsertLink(s.snap.Links, m)
		s.nodes.Link(m)
	default:
		return event.Sample{}, fmt.Errorf("the monitor sent a %T, which no concern reads", msg)
	}
	s.snap.States = s.nodes.States(s.snap.Nodes.Value)
	r.States = s.snap.States
	return event.Sample{Concern: c, Reading: r}, nil
}

// Seed starts the store from a full snapshot (the one taken while opening
// the run), so the first check never sees an empty cluster.
func (s *Store) Seed(snap model.Snapshot) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.snap = snap
	s.nodes = model.NodeWatch{}
	s.nodes.API(snap.Nodes)
	for _, l := range snap.Links {
		s.nodes.Link(l)
	}
	s.snap.States = s.nodes.States(snap.Nodes.Value)
}

// Snapshot returns a copy of the latest snapshot.
func (s *Store) Snapshot() model.Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.snap
}

// keepGood replaces the sample, except that a failed poll keeps the previous
// value (with its time) and only carries the new error.
func keepGood[T any](old, fresh model.Sample[T]) model.Sample[T] {
	if fresh.Err == "" || old.At.IsZero() {
		return fresh
	}
	old.Err = fresh.Err
	return old
}

func upsertLink(links []model.NodeLink, l model.NodeLink) []model.NodeLink {
	out := make([]model.NodeLink, 0, len(links)+1)
	for _, old := range links {
		if old.Node != l.Node {
			out = append(out, old)
		}
	}
	return append(out, l)
}
