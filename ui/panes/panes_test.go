package panes

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/warren-sre/warren/model"
	"github.com/warren-sre/warren/ui/styles"
)

func TestFormatAge(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{300 * time.Millisecond, "<1s"}, {4 * time.Second, "4s"}, {125 * time.Second, "2m05s"},
		{3*time.Hour + 10*time.Minute, "3h10m"}, {50 * time.Hour, "2d02h"},
	}
	for _, tt := range tests {
		if got := FormatAge(tt.d); got != tt.want {
			t.Errorf("FormatAge(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestBytesAndCount(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		{Bytes(512), "512B"}, {Bytes(5055302860), "4.7G"}, {Bytes(138162176), "132M"},
		{plural(Ctx{}, 1), "1 queue"}, {plural(Ctx{}, 0), "0 queues"}, {plural(Ctx{}, 3518), "3518 queues"},
		{Count(950), "950"}, {Count(12840), "12.8k"}, {Count(4_100_000), "4.1M"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestFit(t *testing.T) {
	tests := []struct {
		in   string
		w    int
		want string
	}{
		{"abc", 5, "abc  "}, {"abcdef", 4, "abc…"}, {"\x1b[1mabcdef\x1b[0m", 4, "abc…"}, {"abc", 0, ""},
	}
	for _, tt := range tests {
		got := Fit(tt.in, tt.w)
		if ansi.Strip(got) != tt.want || ansi.StringWidth(got) != tt.w {
			t.Errorf("Fit(%q, %d) = %q, want %q", tt.in, tt.w, got, tt.want)
		}
	}
}

func TestSparklineScalesToTheLargestShown(t *testing.T) {
	g := styles.NewGlyphs(false)
	tests := []struct {
		values []float64
		w      int
		want   string
	}{
		{[]float64{0, 1, 2, 4}, 10, "▁▂▄█"},
		{[]float64{100, 0, 1, 2, 4}, 4, "▁▂▄█"}, // only the last w values count
		{[]float64{0, 0}, 5, "▁▁"},
		{nil, 5, ""},
	}
	for _, tt := range tests {
		if got := Sparkline(g, tt.values, tt.w); got != tt.want {
			t.Errorf("Sparkline(%v, %d) = %q, want %q", tt.values, tt.w, got, tt.want)
		}
	}
}

// A row shows the engine's effective state for its node (what the checks
// and triggers judge); a node the engine said nothing of, such as green's,
// shows the API's word.
func TestNodeRowsShowTheEnginesState(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 16, 0, 0, 0, time.UTC)
	running := model.Node{Name: "n2", State: model.NodeRunning, Running: true}
	tests := []struct {
		name    string
		states  []model.NodeStatus
		api     model.Node
		want    model.NodeState
		wantWhy string
	}{
		{"no state from the engine: the API's word", nil, running, model.NodeRunning, ""},
		{"legacy API answer without a state: running", nil, model.Node{Name: "n2", Running: true}, model.NodeRunning, ""},
		{"the engine says going down", []model.NodeStatus{{Node: "n2", State: model.NodeGoingDown, Why: "CONNECTION_FORCED"}}, running, model.NodeGoingDown, "CONNECTION_FORCED"},
		{"the engine says frozen", []model.NodeStatus{{Node: "n2", State: model.NodeFrozen, Why: "no answer"}}, running, model.NodeFrozen, "no answer"},
		{"a state for another node changes nothing", []model.NodeStatus{{Node: "n1", State: model.NodeDown}}, running, model.NodeRunning, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p Nodes
			p.SetNodes(model.NodesSample{At: t0, Value: []model.Node{tt.api}})
			p.SetStates(tt.states)
			if got := p.Rows()[0]; got.Effective != tt.want || got.Why != tt.wantWhy {
				t.Errorf("state %s (%q), want %s (%q)", got.Effective, got.Why, tt.want, tt.wantWhy)
			}
		})
	}
}

func TestFeedKeepsLastGoodValue(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 16, 0, 0, 0, time.UTC)
	var f Feed[int]
	f.Apply(model.Sample[int]{At: t0, Value: 7})
	f.Apply(model.Sample[int]{At: t0.Add(5 * time.Second), Err: "timeout"})
	fr := f.Freshness(t0.Add(6*time.Second), 15*time.Second)
	if f.Good.Value != 7 || fr.Stale != "timeout" || fr.Age != 6*time.Second {
		t.Fatalf("value %d, freshness %+v", f.Good.Value, fr)
	}
	f.Apply(model.Sample[int]{At: t0.Add(7 * time.Second), Value: 8})
	if fr = f.Freshness(t0.Add(30*time.Second), 15*time.Second); !fr.Silent || fr.Age != 23*time.Second {
		t.Fatalf("a silent poller is not stale: %+v", fr)
	}
}

// A long stale reason is what a narrow pane truncates; the word STALE and
// how old the data is always stay in view.
func TestHeaderKeepsStaleAndAgeWhenTruncated(t *testing.T) {
	long := "no node answered: 127.0.0.1:15672: no answer within 2s (node frozen, overloaded or partitioned)"
	tests := []struct {
		name string
		fr   Freshness
		want []string
	}{
		{"no data yet", Freshness{Stale: long}, []string{"STALE", "no data yet"}},
		{"old data", Freshness{HasData: true, Age: 12 * time.Second, Stale: long}, []string{"STALE", "data 12s old"}},
		{"fresh", Freshness{HasData: true, Age: 2 * time.Second}, []string{"2s ago"}},
		{"waiting", Freshness{}, []string{"waiting for first sample"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Ctx{St: styles.New(true, false)}
			line := ansi.Strip(Fit(Header(c, "Queues", "", tt.fr), 60))
			for _, w := range tt.want {
				if !strings.Contains(line, w) {
					t.Errorf("%q missing from %q", w, line)
				}
			}
		})
	}
}
