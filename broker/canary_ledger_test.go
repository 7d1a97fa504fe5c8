package broker

import (
	"testing"
	"time"

	"github.com/warren-sre/warren/model"
)

// canaryEvent is one thing that happens to the ledger, at t0+at.
type canaryEvent struct {
	at   time.Duration
	kind string // pub, ack, nack, deliver, redeliver, disconnect, tick
	seq  uint64
}

var canaryT0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func canaryReplay(events []canaryEvent) model.CanaryStats {
	l := newCanaryLedger(60*time.Second, 12, 30*time.Second, canaryT0)
	sent := map[uint64]time.Time{}
	var last time.Time
	for _, e := range events {
		at := canaryT0.Add(e.at)
		last = at
		switch e.kind {
		case "pub":
			sent[e.seq] = at
			l.published(e.seq, at)
		case "ack", "nack":
			l.confirmed(e.seq, e.kind == "ack", at)
		case "deliver", "redeliver":
			l.delivered(e.seq, sent[e.seq], e.kind == "redeliver", at)
		case "disconnect":
			l.disconnected(at)
		case "tick":
			l.tick(at)
		}
	}
	return l.snapshot(last)
}

// canaryCounts is the part of the stats the accounting tests compare.
type canaryCounts struct {
	Published, Confirmed, Nacked, Unconfirmed, Delivered int64
	Lost, Duplicates, Redelivered, Reordered, InFlight   int64
}

func canaryCountsOf(s model.CanaryStats) canaryCounts {
	return canaryCounts{s.Published, s.Confirmed, s.Nacked, s.Unconfirmed, s.Delivered,
		s.Lost, s.Duplicates, s.Redelivered, s.Reordered, s.InFlight}
}

func TestCanaryLedgerAccounting(t *testing.T) {
	ms := time.Millisecond
	sec := time.Second
	tests := []struct {
		name   string
		events []canaryEvent
		want   canaryCounts
	}{
		{"in order, all delivered", []canaryEvent{
			{0, "pub", 1}, {3 * ms, "ack", 1}, {4 * ms, "deliver", 1},
			{200 * ms, "pub", 2}, {203 * ms, "ack", 2}, {204 * ms, "deliver", 2},
			{40 * sec, "tick", 0},
		}, canaryCounts{Published: 2, Confirmed: 2, Delivered: 2}},
		{"delivery overtakes its confirm", []canaryEvent{
			{0, "pub", 1}, {2 * ms, "deliver", 1}, {3 * ms, "ack", 1}, {40 * sec, "tick", 0},
		}, canaryCounts{Published: 1, Confirmed: 1, Delivered: 1}},
		{"confirmed, young: in flight", []canaryEvent{
			{0, "pub", 1}, {3 * ms, "ack", 1}, {10 * sec, "tick", 0},
		}, canaryCounts{Published: 1, Confirmed: 1, InFlight: 1}},
		{"confirmed, never delivered past the horizon: lost", []canaryEvent{
			{0, "pub", 1}, {3 * ms, "ack", 1}, {31 * sec, "tick", 0},
		}, canaryCounts{Published: 1, Confirmed: 1, Lost: 1}},
		{"lost, then turns up late: not lost", []canaryEvent{
			{0, "pub", 1}, {3 * ms, "ack", 1}, {31 * sec, "tick", 0}, {32 * sec, "deliver", 1},
		}, canaryCounts{Published: 1, Confirmed: 1, Delivered: 1}},
		{"delivered twice without the flag: duplicate", []canaryEvent{
			{0, "pub", 1}, {1 * ms, "ack", 1}, {2 * ms, "deliver", 1}, {3 * ms, "deliver", 1},
		}, canaryCounts{Published: 1, Confirmed: 1, Delivered: 1, Duplicates: 1}},
		{"repeat flagged redelivered: not a duplicate", []canaryEvent{
			{0, "pub", 1}, {1 * ms, "ack", 1}, {2 * ms, "deliver", 1}, {3 * sec, "redeliver", 1},
		}, canaryCounts{Published: 1, Confirmed: 1, Delivered: 1, Redelivered: 1}},
		{"lower sequence after a higher one: reordered", []canaryEvent{
			{0, "pub", 1}, {1 * ms, "pub", 2}, {2 * ms, "ack", 1}, {2 * ms, "ack", 2},
			{3 * ms, "deliver", 2}, {4 * ms, "deliver", 1},
		}, canaryCounts{Published: 2, Confirmed: 2, Delivered: 2, Reordered: 1}},
		{"late first sighting flagged redelivered (requeue): not reordered", []canaryEvent{
			{0, "pub", 1}, {1 * ms, "pub", 2}, {2 * ms, "ack", 1}, {2 * ms, "ack", 2},
			{3 * ms, "deliver", 2}, {4 * ms, "redeliver", 1},
		}, canaryCounts{Published: 2, Confirmed: 2, Delivered: 2}},
		{"disconnect settles unconfirmed publishes, keeps confirmed ones", []canaryEvent{
			{0, "pub", 1}, {1 * ms, "pub", 2}, {2 * ms, "ack", 1}, {5 * ms, "disconnect", 0},
			{6 * ms, "ack", 2}, {40 * sec, "tick", 0},
		}, canaryCounts{Published: 2, Confirmed: 1, Unconfirmed: 1, Lost: 1}},
		{"unconfirmed message delivered after all: just delivered", []canaryEvent{
			{0, "pub", 1}, {5 * ms, "disconnect", 0}, {2 * sec, "deliver", 1}, {40 * sec, "tick", 0},
		}, canaryCounts{Published: 1, Unconfirmed: 1, Delivered: 1}},
		{"nacked: neither confirmed nor lost", []canaryEvent{
			{0, "pub", 1}, {3 * ms, "nack", 1}, {60 * sec, "tick", 0},
		}, canaryCounts{Published: 1, Nacked: 1}},
		{"sequence never published (another run): ignored", []canaryEvent{
			{0, "pub", 1}, {1 * ms, "deliver", 99}, {2 * ms, "deliver", 0},
		}, canaryCounts{Published: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := canaryCountsOf(canaryReplay(tt.events)); got != tt.want {
				t.Errorf("counts\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestCanarySeqSet(t *testing.T) {
	var s canarySeqSet
	for _, seq := range []uint64{1, 63, 64, 1000} {
		if s.has(seq) {
			t.Errorf("empty set has %d", seq)
		}
		s.add(seq)
		if !s.has(seq) {
			t.Errorf("set lacks %d after add", seq)
		}
	}
	if s.has(2) || s.has(65) || s.has(100000) {
		t.Error("set has a sequence number never added")
	}
}
