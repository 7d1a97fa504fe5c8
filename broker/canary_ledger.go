package broker

import (
	"sync"
	"time"

	"github.com/warren-sre/warren/model"
)

// canaryLedger is the canary's book of messages: what was published,
// confirmed and delivered, and what that says about loss, duplication and
// order. Every method takes the event's time, so tests drive it with a
// synthetic clock.
//
// What is counted, and why:
//   - Confirmed: the broker acked the publish. Nacked: it refused it.
//     Unconfirmed: the connection died before either; such a message is in
//     doubt, never "lost" (it may still arrive, and is then just delivered).
//   - Lost: confirmed, not delivered within the horizon after its confirm.
//     A lost message that turns up later is taken back off Lost.
//   - Duplicates: a sequence number delivered again without the broker's
//     redelivered flag — the broker handed out one message twice.
//     Redelivered: a repeat flagged redelivered (an ack that died with its
//     connection); at-least-once delivery working as designed.
//   - Reordered: the first delivery of a sequence number lower than one
//     already delivered, unless flagged redelivered (a requeue after a
//     reconnect may legitimately overtake nothing but arrive late).
type canaryLedger struct {
	mu      sync.Mutex
	horizon time.Duration
	win     *canaryWindow
	pending map[uint64]canaryPending // published, not yet settled
	lost    map[uint64]struct{}
	seen    canarySeqSet
	maxSeen uint64
	maxSent uint64
	counts  model.CanaryStats // only the counters are used
}

type canaryPending struct {
	sent        time.Time
	confirmedAt time.Time // zero until acked
}

func newCanaryLedger(window time.Duration, slots int, horizon time.Duration, start time.Time) *canaryLedger {
	return &canaryLedger{
		horizon: horizon,
		win:     newCanaryWindow(window, slots, start),
		pending: map[uint64]canaryPending{},
		lost:    map[uint64]struct{}{},
	}
}

func (l *canaryLedger) published(seq uint64, at time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.win.advance(at)
	l.counts.Published++
	l.maxSent = max(l.maxSent, seq)
	l.win.recordPublish()
	l.pending[seq] = canaryPending{sent: at}
}

func (l *canaryLedger) confirmed(seq uint64, ack bool, at time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.win.advance(at)
	p, ok := l.pending[seq]
	if !ok || !p.confirmedAt.IsZero() {
		return // already settled as unconfirmed, or a repeated confirm
	}
	if !ack {
		l.counts.Nacked++
		delete(l.pending, seq)
		return
	}
	l.counts.Confirmed++
	l.win.recordConfirm(at.Sub(p.sent))
	if l.seen.has(seq) { // the delivery overtook the confirm
		delete(l.pending, seq)
		return
	}
	p.confirmedAt = at
	l.pending[seq] = p
}

func (l *canaryLedger) delivered(seq uint64, sent time.Time, redelivered bool, at time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.win.advance(at)
	if seq == 0 || seq > l.maxSent {
		return // not ours to count; also keeps the bitmap bounded
	}
	if l.seen.has(seq) {
		if redelivered {
			l.counts.Redelivered++
		} else {
			l.counts.Duplicates++
		}
		return
	}
	l.seen.add(seq)
	l.counts.Delivered++
	l.win.recordDelivery(at.Sub(sent))
	if seq < l.maxSeen && !redelivered {
		l.counts.Reordered++
	}
	l.maxSeen = max(l.maxSeen, seq)
	if _, wasLost := l.lost[seq]; wasLost {
		delete(l.lost, seq)
		l.counts.Lost--
	}
	if p, ok := l.pending[seq]; ok && !p.confirmedAt.IsZero() {
		delete(l.pending, seq)
	}
}

// disconnected settles every publish still waiting for its confirm: the
// channel that would have carried the confirm is gone.
func (l *canaryLedger) disconnected(at time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.win.advance(at)
	for seq, p := range l.pending {
		if p.confirmedAt.IsZero() {
			l.counts.Unconfirmed++
			delete(l.pending, seq)
		}
	}
}

// tick slides the window and declares lost what outlived the horizon.
func (l *canaryLedger) tick(at time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.win.advance(at)
	for seq, p := range l.pending {
		if !p.confirmedAt.IsZero() && at.Sub(p.confirmedAt) > l.horizon {
			l.counts.Lost++
			l.lost[seq] = struct{}{}
			delete(l.pending, seq)
		}
	}
}

// snapshot fills the measured part of the stats; connection state and gaps
// are the caller's.
func (l *canaryLedger) snapshot(at time.Time) model.CanaryStats {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.win.advance(at)
	s := l.counts
	s.Confirm, s.EndToEnd = l.win.percentiles()
	s.PublishRate, s.ConsumeRate = l.win.rates(at)
	s.P99History = l.win.history()
	for _, p := range l.pending {
		if !p.confirmedAt.IsZero() {
			s.InFlight++
		}
	}
	return s
}

// canarySeqSet remembers every delivered sequence number in a bitmap:
// sequence numbers are dense from 1, so a day at 5 msg/s costs ~54 KB, and
// duplicates are caught however late they come.
type canarySeqSet struct{ words []uint64 }

func (s *canarySeqSet) has(seq uint64) bool {
	i := seq / 64
	return i < uint64(len(s.words)) && s.words[i]&(1<<(seq%64)) != 0
}

func (s *canarySeqSet) add(seq uint64) {
	i := seq / 64
	for uint64(len(s.words)) <= i {
		s.words = append(s.words, 0)
	}
	s.words[i] |= 1 << (seq % 64)
}
