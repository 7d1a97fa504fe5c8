// Package cockpit wires the live parts together for the screen: the broker
// monitor and canary feed one relay into the UI, a snapshot store keeps the
// latest of every concern for the checks, and a checklist session behind the
// ui.Runbook interface carries the operator's intents to the one dispatcher.
package cockpit

import (
	"sync"

	"github.com/warren-sre/warren/model"
)

// Store keeps the latest sample of every concern. The relay writes it; the
// checks read it through steps.Env. A failed poll keeps the last good value
// and records the error, as the panes do.
type Store struct {
	mu   sync.Mutex
	snap model.Snapshot
}

// Apply folds one poller message into the snapshot.
func (s *Store) Apply(msg any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch m := msg.(type) {
	case model.NodesSample:
		s.snap.Nodes = keepGood(s.snap.Nodes, m)
	case model.OverviewSample:
		s.snap.Overview = keepGood(s.snap.Overview, m)
	case model.QueuesSample:
		s.snap.Queues = keepGood(s.snap.Queues, m)
	case model.ConnectionsSample:
		s.snap.Connections = keepGood(s.snap.Connections, m)
	case model.FlagsSample:
		s.snap.Flags = keepGood(s.snap.Flags, m)
	case model.HealthSample:
		s.snap.Health = keepGood(s.snap.Health, m)
	case model.DurableQueuesSample:
		s.snap.Durable = keepGood(s.snap.Durable, m)
	case model.CanarySample:
		s.snap.Canary = m
	case model.NodeLink:
		s.snap.Links = upsertLink(s.snap.Links, m)
	}
}

// Seed starts the store from a full snapshot (the one taken while opening
// the run), so the first check never sees an empty cluster.
func (s *Store) Seed(snap model.Snapshot) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.snap = snap
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
