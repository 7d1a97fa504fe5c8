package panes

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/warren-sre/warren/i18n"
	"github.com/warren-sre/warren/model"
	"github.com/warren-sre/warren/ui/styles"
)

func TestNiceCeil(t *testing.T) {
	tests := []struct{ in, want time.Duration }{
		{0, time.Millisecond}, {800 * time.Microsecond, time.Millisecond}, {1500 * time.Microsecond, 2 * time.Millisecond},
		{44 * time.Millisecond, 50 * time.Millisecond}, {50 * time.Millisecond, 50 * time.Millisecond}, {1200 * time.Millisecond, 2 * time.Second},
	}
	for _, tt := range tests {
		if got := niceCeil(tt.in); got != tt.want {
			t.Errorf("niceCeil(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func canary(at time.Time, connected bool, p50, p99 time.Duration) model.CanarySample {
	pc := model.Percentiles{P50: p50, P99: p99, Count: 10}
	return model.CanarySample{At: at, Value: model.CanaryStats{Connected: connected, EndToEnd: pc}}
}

// The history keeps what was measured: no point for a disconnected canary
// or a sample older than the last, and merging for room keeps the worse.
func TestLatencyHistory(t *testing.T) {
	t0 := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	var p Latency
	p.SetCanary(canary(t0, true, time.Millisecond, 5*time.Millisecond))
	p.SetCanary(canary(t0.Add(time.Second), false, 0, 0))
	p.SetCanary(canary(t0.Add(-time.Second), true, time.Millisecond, 5*time.Millisecond))
	if len(p.history) != 1 {
		t.Fatalf("history %v, want only the first sample", p.history)
	}
	merged := mergePairs([]latencyPoint{{t0, 1, 9}, {t0.Add(time.Second), 3, 2}, {t0.Add(2 * time.Second), 4, 4}})
	if len(merged) != 2 || merged[0].p50 != 3 || merged[0].p99 != 9 || merged[1].p99 != 4 {
		t.Fatalf("merged %v", merged)
	}
	for i := range maxLatencyPoints + 1 {
		p.SetCanary(canary(t0.Add(time.Duration(i+1)*time.Second), true, time.Millisecond, 5*time.Millisecond))
	}
	if len(p.history) > maxLatencyPoints {
		t.Fatalf("history grew to %d points", len(p.history))
	}
}

// A spike at a step shows above the step's mark; the legend names the mark.
func TestChartPutsTheSpikeAtTheMark(t *testing.T) {
	t0 := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	var p Latency
	for i := range 60 {
		p99 := 5 * time.Millisecond
		if i >= 30 && i < 35 {
			p99 = 80 * time.Millisecond
		}
		p.SetCanary(canary(t0.Add(time.Duration(i)*time.Second), true, time.Millisecond, p99))
	}
	p.SetMarks([]Mark{{At: t0.Add(30 * time.Second), Label: "rabbit-2: Stop the node"}})
	c := Ctx{St: styles.New(true, false), Now: t0.Add(60 * time.Second), StaleAfter: time.Minute}
	lines := p.View(c, 80, 14)
	// In cells: the axis's mark and the first column where p99 rises above
	// the bottom row.
	mark, spike := -1, -1
	for i, l := range lines {
		l = ansi.Strip(l)
		if j := strings.Index(l, "└"); j >= 0 {
			mark = cellOf(l, strings.IndexRune(l, '1'))
			for _, row := range lines[:i-1] {
				if k := strings.IndexRune(ansi.Strip(row), '░'); k >= 0 && (spike < 0 || cellOf(ansi.Strip(row), k) < spike) {
					spike = cellOf(ansi.Strip(row), k)
				}
			}
		}
	}
	if mark < 0 || spike < mark || spike > mark+2 {
		t.Errorf("spike at cell %d, mark at %d:\n%s", spike, mark, ansi.Strip(strings.Join(lines, "\n")))
	}
	if !strings.Contains(ansi.Strip(strings.Join(lines, "\n")), "1 09:00:30 rabbit-2: Stop the node") {
		t.Errorf("the mark is not named:\n%s", strings.Join(lines, "\n"))
	}
	for _, l := range lines {
		if ansi.StringWidth(l) != 80 {
			t.Errorf("line %q is %d cells", ansi.Strip(l), ansi.StringWidth(l))
		}
	}
}

func cellOf(s string, byteIndex int) int {
	if byteIndex < 0 {
		return -1
	}
	return ansi.StringWidth(s[:byteIndex])
}

// In a blue-green run the header says where the canary publishes and
// consumes, in the operator's language; outside one it names the node only.
func TestLatencyHeaderNamesTheCanaryRoute(t *testing.T) {
	t0 := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name                    string
		lang                    i18n.Lang
		publish, consume, cnode string
		want, absent            string
	}{
		{name: "in place", lang: i18n.English, want: "via rabbit-1", absent: "publish on"},
		{name: "split route", lang: i18n.English, publish: "blue", consume: "green", cnode: "green-2@h",
			want: "publish on blue → consume on green (via green-2)"},
		{name: "all on green", lang: i18n.English, publish: "green", consume: "green", want: "publish on green → consume on green"},
		{name: "split route in Chinese", lang: i18n.Chinese, publish: "blue", consume: "green", want: "在蓝集群发布 → 在绿集群消费"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := canary(t0, true, time.Millisecond, 2*time.Millisecond)
			s.Value.Node, s.Value.PublishOn, s.Value.ConsumeOn, s.Value.ConsumeNode = "rabbit-1@h", tt.publish, tt.consume, tt.cnode
			var p Latency
			p.SetCanary(s)
			c := Ctx{St: styles.New(true, false), Now: t0, StaleAfter: time.Minute, P: i18n.For(tt.lang)}
			head := ansi.Strip(p.View(c, 160, 3)[0])
			if !strings.Contains(head, tt.want) || (tt.absent != "" && strings.Contains(head, tt.absent)) {
				t.Fatalf("header %q: want %q, never %q", head, tt.want, tt.absent)
			}
		})
	}
}
