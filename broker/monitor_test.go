package broker

import (
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
