package checklist

import (
	"testing"
	"time"

	"github.com/warren-sre/warren/steps"
)

// The canary's counts are cumulative over its life; a resumed warren
// starts a new canary at zero. Totals per phase add what each check saw
// since the one before; the worst p99 is the highest any check saw.
func TestSummarizeCanaryTotals(t *testing.T) {
	at := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	check := func(sec int, phase steps.Phase, confirmed, lost int64, p99ms int) Record {
		return Record{At: at.Add(time.Duration(sec) * time.Second), Kind: KindCheck, Step: "s" + string(phase), Phase: phase,
			Result: &steps.Result{Verdict: steps.Pass}, Canary: &CanaryMark{Confirmed: confirmed, Lost: lost, EndToEndP99: time.Duration(p99ms) * time.Millisecond}}
	}
	recs := []Record{
		check(0, steps.Preparation, 10, 0, 5),
		check(30, steps.Preparation, 40, 0, 7),
		check(60, steps.Rolling, 70, 0, 90),
		check(90, steps.Rolling, 5, 0, 12), // warren resumed: a new canary
		check(120, steps.Rolling, 25, 1, 30),
	}
	s := Summarize(recs)
	want := []struct {
		phase           steps.Phase
		confirmed, lost int64
		p99             time.Duration
		took            time.Duration
	}{
		{steps.Preparation, 40, 0, 7 * time.Millisecond, 30 * time.Second},
		{steps.Rolling, 30 + 5 + 20, 1, 90 * time.Millisecond, time.Minute},
	}
	if len(s.Phases) != len(want) {
		t.Fatalf("phases = %+v", s.Phases)
	}
	for i, w := range want {
		p := s.Phases[i]
		if p.Phase != w.phase || p.Canary == nil || p.Canary.Confirmed != w.confirmed || p.Canary.Lost != w.lost ||
			p.Canary.WorstP99 != w.p99 || p.Duration() != w.took {
			t.Errorf("phase %d = %+v canary %+v, want %+v", i, p, p.Canary, w)
		}
	}
	if c := s.Canary; c == nil || c.Confirmed != 95 || c.Lost != 1 || c.WorstP99 != 90*time.Millisecond {
		t.Errorf("totals = %+v", s.Canary)
	}
}

func TestSummarizeOutcome(t *testing.T) {
	at := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	rec := func(kind Kind, step string, phase steps.Phase, v steps.Verdict) Record {
		r := Record{At: at, Kind: kind, Step: step, Title: step, Phase: phase, By: "ops", Text: "why"}
		if v != "" {
			r.Result = &steps.Result{Verdict: v}
		}
		return r
	}
	verify := steps.RollingID("n1", steps.PartVerify)
	tests := []struct {
		name string
		recs []Record
		want Outcome
		open string
	}{
		{"completed", []Record{rec(KindCheck, verify, steps.Rolling, steps.Pass), rec(KindCheck, steps.PostCompare, steps.PostUpgrade, steps.Pass)}, Completed, ""},
		{"stopped on a failed gate", []Record{rec(KindCheck, verify, steps.Rolling, steps.Fail)}, Stopped, verify},
		{"stopped after the last journaled step", []Record{rec(KindCheck, verify, steps.Rolling, steps.Pass)}, Stopped, verify},
		{"rolled back", []Record{rec(KindCheck, verify, steps.Rolling, steps.Fail), rec(KindRollbackBegun, "", "", ""),
			rec(KindCheck, steps.RollbackCompare, steps.Rollback, steps.Pass)}, RolledBack, ""},
		{"rollback stopped", []Record{rec(KindCheck, verify, steps.Rolling, steps.Fail), rec(KindRollbackBegun, "", "", ""),
			rec(KindCheck, steps.RollbackWhere, steps.Rollback, steps.Fail)}, RollbackStopped, steps.RollbackWhere},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Summarize(tt.recs)
			open := ""
			if s.Open != nil {
				open = s.Open.ID
			}
			if s.Outcome != tt.want || open != tt.open {
				t.Errorf("outcome %s at %q, want %s at %q", s.Outcome, open, tt.want, tt.open)
			}
		})
	}
}
