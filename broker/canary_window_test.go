package broker

import (
	"math"
	"testing"
	"time"
)

// canaryNear reports whether got is within 2 % of want (the histograms keep
// two significant figures).
func canaryNear(got, want time.Duration) bool {
	return math.Abs(float64(got-want)) <= 0.02*float64(want)
}

func TestCanaryWindowPercentilesSlide(t *testing.T) {
	l := newCanaryLedger(60*time.Second, 12, 30*time.Second, canaryT0)
	// 100 messages over 20 s, end-to-end latencies 1..100 ms.
	for i := 1; i <= 100; i++ {
		sent := canaryT0.Add(time.Duration(i) * 200 * time.Millisecond)
		l.published(uint64(i), sent)
		l.confirmed(uint64(i), true, sent.Add(2*time.Millisecond))
		l.delivered(uint64(i), sent, false, sent.Add(time.Duration(i)*time.Millisecond))
	}
	tests := []struct {
		name                 string
		at                   time.Duration
		wantCount            int64
		wantP50, wantP99     time.Duration
		wantMax, wantConfirm time.Duration
		wantPublishRate      float64
	}{
		{"inside the window", 21 * time.Second, 100, 50 * time.Millisecond, 99 * time.Millisecond, 100 * time.Millisecond, 2 * time.Millisecond, 100.0 / 21},
		{"slid past", 90 * time.Second, 0, 0, 0, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := l.snapshot(canaryT0.Add(tt.at))
			e := s.EndToEnd
			if e.Count != tt.wantCount {
				t.Fatalf("count %d, want %d", e.Count, tt.wantCount)
			}
			for _, c := range []struct {
				what      string
				got, want time.Duration
			}{{"p50", e.P50, tt.wantP50}, {"p99", e.P99, tt.wantP99}, {"max", e.Max, tt.wantMax}, {"confirm p50", s.Confirm.P50, tt.wantConfirm}} {
				if !canaryNear(c.got, c.want) {
					t.Errorf("%s = %v, want ~%v", c.what, c.got, c.want)
				}
			}
			if math.Abs(s.PublishRate-tt.wantPublishRate) > 0.01 {
				t.Errorf("publish rate %.3f, want %.3f", s.PublishRate, tt.wantPublishRate)
			}
			if s.Published != 100 || s.Delivered != 100 {
				t.Errorf("cumulative counts must not slide: published %d delivered %d", s.Published, s.Delivered)
			}
		})
	}
}

func TestCanaryWindowHistoryOnePointPerSlot(t *testing.T) {
	w := newCanaryWindow(60*time.Second, 12, canaryT0)
	w.recordDelivery(7 * time.Millisecond)
	w.advance(canaryT0.Add(12 * time.Second)) // two 5 s slots ended
	h := w.history()
	if len(h) != 2 || !canaryNear(h[0], 7*time.Millisecond) || !canaryNear(h[1], 7*time.Millisecond) {
		t.Fatalf("history %v, want two points of ~7ms", h)
	}
	w.advance(canaryT0.Add(time.Hour))
	if got := len(w.history()); got != canaryHistoryPoints {
		t.Errorf("history has %d points, want it capped at %d", got, canaryHistoryPoints)
	}
}

func TestCanaryMicrosClamps(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want int64
	}{
		{-time.Second, canaryHistMinMicros},
		{0, canaryHistMinMicros},
		{1500 * time.Microsecond, 1500},
		{time.Hour, canaryHistMaxMicros},
	}
	for _, tt := range tests {
		if got := canaryMicros(tt.in); got != tt.want {
			t.Errorf("canaryMicros(%v) = %d, want %d", tt.in, got, tt.want)
		}
	}
}
