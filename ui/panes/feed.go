// Package panes holds the cockpit's live panes: nodes, queues and latency.
// Each keeps the last good sample of its poller and renders exactly the
// lines it is given, so the root can lay panes out without measuring them.
package panes

import (
	"time"

	"github.com/warren-sre/warren/model"
)

// Feed keeps a poller's last good sample and, if the poller failed since,
// why. A failure never erases data: the pane keeps showing it, marked stale.
type Feed[T any] struct {
	Good  model.Sample[T]
	Err   string
	ErrAt time.Time
}

// Apply records one sample from the poller.
func (f *Feed[T]) Apply(s model.Sample[T]) {
	if s.Err == "" {
		f.Good, f.Err, f.ErrAt = s, "", time.Time{}
		return
	}
	f.Err, f.ErrAt = s.Err, s.At
}

// Freshness says how much to trust what a pane shows.
type Freshness struct {
	HasData bool
	Age     time.Duration // age of the data shown
	Stale   string        // the poller's error, when it failed
	Silent  bool          // no error, but no update for longer than allowed
}

// IsStale is true when the data shown can no longer be trusted as current.
func (fr Freshness) IsStale() bool { return fr.Stale != "" || fr.Silent }

// Freshness of the feed at now; data older than staleAfter is stale even
// when no error arrived (a hung poller must not look healthy).
func (f Feed[T]) Freshness(now time.Time, staleAfter time.Duration) Freshness {
	fr := Freshness{HasData: !f.Good.At.IsZero(), Age: f.Good.Age(now)}
	switch {
	case f.Err != "":
		fr.Stale = f.Err
	case fr.HasData && staleAfter > 0 && fr.Age > staleAfter:
		fr.Silent = true
	}
	return fr
}

// FormatAge prints a duration the way a human glances at it: 4s, 2m05s, 3h10m.
func FormatAge(d time.Duration) string {
	switch {
	case d < time.Second:
		return "<1s"
	case d < time.Minute:
		return itoa(int(d/time.Second)) + "s"
	case d < time.Hour:
		return itoa(int(d/time.Minute)) + "m" + pad2(int(d%time.Minute/time.Second)) + "s"
	case d < 48*time.Hour:
		return itoa(int(d/time.Hour)) + "h" + pad2(int(d%time.Hour/time.Minute)) + "m"
	}
	return itoa(int(d/(24*time.Hour))) + "d" + pad2(int(d%(24*time.Hour)/time.Hour)) + "h"
}
