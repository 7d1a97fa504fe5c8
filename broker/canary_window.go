package broker

import (
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/warren-sre/warren/model"
)

// Histogram bounds, in microseconds. Two significant figures (1 %) are plenty
// for latencies and keep a slot at ~25 KB; the top is high enough that the
// end-to-end latency of messages that waited out a node restart still fits.
const (
	canaryHistMinMicros = 1
	canaryHistMaxMicros = int64(10 * time.Minute / time.Microsecond)
	canaryHistSigFigs   = 2
	canaryHistoryPoints = 120
)

// canaryWindow holds latency histograms and event counts over a sliding
// window made of equal slots. The window slides one slot at a time, so
// percentiles and rates cover between (slots-1) and slots slot lengths.
// It is not safe for concurrent use; canaryLedger serializes access.
type canaryWindow struct {
	slot       time.Duration
	started    time.Time
	slotEnd    time.Time
	confirm    *hdrhistogram.WindowedHistogram
	endToEnd   *hdrhistogram.WindowedHistogram
	published  []int64 // ring of per-slot counts, aligned with the histograms
	delivered  []int64
	current    int
	p99History []time.Duration
}

func newCanaryWindow(window time.Duration, slots int, start time.Time) *canaryWindow {
	if slots < 1 {
		slots = 1
	}
	slot := window / time.Duration(slots)
	if slot <= 0 {
		slot = time.Second
	}
	newHist := func() *hdrhistogram.WindowedHistogram {
		return hdrhistogram.NewWindowed(slots, canaryHistMinMicros, canaryHistMaxMicros, canaryHistSigFigs)
	}
	return &canaryWindow{
		slot:      slot,
		started:   start,
		slotEnd:   start.Add(slot),
		confirm:   newHist(),
		endToEnd:  newHist(),
		published: make([]int64, slots),
		delivered: make([]int64, slots),
	}
}

// advance rotates every slot that has ended by now, recording one p99 point
// per finished slot for the sparkline.
func (w *canaryWindow) advance(now time.Time) {
	for !now.Before(w.slotEnd) {
		w.p99History = append(w.p99History, canaryQuantile(w.endToEnd.Merge(), 99))
		if len(w.p99History) > canaryHistoryPoints {
			w.p99History = w.p99History[len(w.p99History)-canaryHistoryPoints:]
		}
		w.confirm.Rotate()
		w.endToEnd.Rotate()
		w.current = (w.current + 1) % len(w.published)
		w.published[w.current] = 0
		w.delivered[w.current] = 0
		w.slotEnd = w.slotEnd.Add(w.slot)
	}
}

func (w *canaryWindow) recordPublish() { w.published[w.current]++ }

func (w *canaryWindow) recordConfirm(d time.Duration) {
	_ = w.confirm.Current.RecordValue(canaryMicros(d))
}

func (w *canaryWindow) recordDelivery(d time.Duration) {
	w.delivered[w.current]++
	_ = w.endToEnd.Current.RecordValue(canaryMicros(d))
}

// rates returns published and delivered messages per second over the part
// of the window that has elapsed (at least one second, so a fresh canary
// does not report a burst).
func (w *canaryWindow) rates(now time.Time) (publish, consume float64) {
	span := min(now.Sub(w.started), w.slot*time.Duration(len(w.published)))
	span = max(span, time.Second)
	var pub, del int64
	for i := range w.published {
		pub += w.published[i]
		del += w.delivered[i]
	}
	return float64(pub) / span.Seconds(), float64(del) / span.Seconds()
}

func (w *canaryWindow) percentiles() (confirm, endToEnd model.Percentiles) {
	return canaryPercentiles(w.confirm.Merge()), canaryPercentiles(w.endToEnd.Merge())
}

func (w *canaryWindow) history() []time.Duration {
	return append([]time.Duration(nil), w.p99History...)
}

func canaryPercentiles(h *hdrhistogram.Histogram) model.Percentiles {
	if h.TotalCount() == 0 {
		return model.Percentiles{}
	}
	return model.Percentiles{
		P50:   canaryQuantile(h, 50),
		P95:   canaryQuantile(h, 95),
		P99:   canaryQuantile(h, 99),
		Max:   time.Duration(h.Max()) * time.Microsecond,
		Count: h.TotalCount(),
	}
}

func canaryQuantile(h *hdrhistogram.Histogram, q float64) time.Duration {
	return time.Duration(h.ValueAtQuantile(q)) * time.Microsecond
}

// canaryMicros clamps a latency into the histogram's range: a clock step
// backwards must not be dropped silently, nor may an hour-long wait.
func canaryMicros(d time.Duration) int64 {
	return min(max(d.Microseconds(), canaryHistMinMicros), canaryHistMaxMicros)
}
