package steps

import "testing"

func TestComparisonWorse(t *testing.T) {
	tests := []struct {
		name string
		row  Comparison
		want bool
	}{
		// make test went red on exactly this: 1.28 ms to 2.59 ms is "more
		// than 50 % worse" and nothing an operator would roll back for.
		{"p99 doubled under the floor", Comparison{Before: 1.28, After: 2.59, HigherIsWorse: true, Judged: true}, false},
		{"p99 past the floor and 50 % up", Comparison{Before: 40, After: 61, HigherIsWorse: true, Judged: true}, true},
		{"p99 small baseline, now above the floor", Comparison{Before: 3, After: 55, HigherIsWorse: true, Judged: true}, true},
		{"rate halved", Comparison{Before: 5, After: 2, Judged: true}, true},
		{"rate one message short", Comparison{Before: 5, After: 4.1, Judged: true}, false},
		{"totals are not judged", Comparison{Before: 100, After: 0}, false},
		{"no baseline figure", Comparison{Before: 0, After: 99, HigherIsWorse: true, Judged: true}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.row.Worse(0.5); got != tt.want {
				t.Fatalf("Worse = %v, want %v for %+v", got, tt.want, tt.row)
			}
		})
	}
}
