package checklist

import (
	"strings"
	"testing"

	"github.com/warren-sre/warren/steps"
)

func checkRec(id string, v steps.Verdict) Record {
	return Record{Kind: KindCheck, Step: id, Result: &steps.Result{Verdict: v, Summary: string(v)}}
}

func TestLocks(t *testing.T) {
	passed := func(ids ...string) []Record {
		var recs []Record
		for _, id := range ids {
			recs = append(recs, checkRec(id, steps.Pass))
		}
		return recs
	}
	cases := []struct {
		name      string
		recs      []Record
		current   string
		locked    []string // step ids expected locked
		unlocked  []string
		reasonFor string // a locked step whose reason must mention want
		want      string
	}{
		{
			name:     "fresh run: only the first gate's phase is open",
			current:  "prep-backup",
			locked:   []string{"compat-blockers", "n1-safe", "post-flags", "rb-restore"},
			unlocked: []string{"prep-backup"},
			// a gate locks later steps of its own phase too
			reasonFor: "prep-notes", want: `gate "gate prep-backup"`,
		},
		{
			name:      "compatibility blocker keeps Rolling locked",
			recs:      append(passed("prep-backup", "prep-notes"), checkRec("compat-blockers", steps.Fail)),
			current:   "compat-blockers",
			locked:    []string{"n1-safe", "n2-safe", "post-flags"},
			unlocked:  []string{"compat-blockers"},
			reasonFor: "n1-safe", want: "compat-blockers",
		},
		{
			name: "acknowledged blocker opens Rolling; node 2 waits for node 1",
			recs: append(passed("prep-backup", "prep-notes"), checkRec("compat-blockers", steps.Fail),
				Record{Kind: KindAcknowledged, Step: "compat-blockers", Ack: &Ack{By: "bob", Reason: "known"}}),
			current:   "n1-safe",
			locked:    []string{"n1-stop", "n2-safe", "n2-verify", "post-flags"},
			unlocked:  []string{"n1-safe"},
			reasonFor: "n2-safe", want: "rabbit@n1",
		},
		{
			name:     "node 1 stopped but not verified: node 2 still locked",
			recs:     append(passed("prep-backup", "compat-blockers", "n1-safe", "n1-stop"), checkRec("n1-verify", steps.Wait)),
			current:  "prep-notes", // a non-gate step left behind is still current
			locked:   []string{"n2-safe"},
			unlocked: []string{"n1-verify"},
		},
		{
			name:     "node 1 verified opens node 2",
			recs:     passed("prep-backup", "prep-notes", "compat-blockers", "n1-safe", "n1-stop", "n1-verify"),
			current:  "n2-safe",
			unlocked: []string{"n2-safe"},
			locked:   []string{"n2-verify", "rb-restore"},
		},
		{
			name:     "rollback begun: its phase opens and is current",
			recs:     append(passed("prep-backup"), Record{Kind: KindRollbackBegun, By: "alice", Text: "canary failing"}),
			current:  "rb-restore",
			unlocked: []string{"rb-restore"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st := NewState()
			for _, r := range tc.recs {
				st.Apply(r)
			}
			run := NewRun(testRunbook(), *st)
			if cur := run.Current(); cur == nil || cur.Step.ID != tc.current {
				t.Fatalf("Current = %v, want %s", cur, tc.current)
			}
			for _, id := range tc.locked {
				if !run.Step(id).Locked {
					t.Errorf("%s should be locked", id)
				}
			}
			for _, id := range tc.unlocked {
				if ss := run.Step(id); ss.Locked {
					t.Errorf("%s should be unlocked, reason %q", id, ss.LockReason)
				}
			}
			if tc.reasonFor != "" && !strings.Contains(run.Step(tc.reasonFor).LockReason, tc.want) {
				t.Errorf("%s lock reason %q should mention %q", tc.reasonFor, run.Step(tc.reasonFor).LockReason, tc.want)
			}
		})
	}
}

func TestSectionsInPhaseOrder(t *testing.T) {
	st := NewState()
	st.Apply(checkRec("compat-blockers", steps.Fail))
	secs := NewRun(testRunbook(), *st).Sections()
	// The rolling runbook has no blue-green phases: they are left out.
	want := []steps.Phase{steps.Preparation, steps.Compatibility, steps.Rolling, steps.PostUpgrade, steps.Rollback}
	if len(secs) != len(want) {
		t.Fatalf("%d sections, want %d", len(secs), len(want))
	}
	for i, sec := range secs {
		if sec.Phase != want[i] {
			t.Errorf("section %d is %s, want %s", i, sec.Phase, want[i])
		}
	}
	wantLocked := map[steps.Phase]bool{steps.Preparation: false, steps.Compatibility: true, steps.Rolling: true, steps.PostUpgrade: true, steps.Rollback: true}
	for _, sec := range secs {
		if sec.Locked != wantLocked[sec.Phase] {
			t.Errorf("%s locked=%v (%q), want %v", sec.Phase, sec.Locked, sec.LockReason, wantLocked[sec.Phase])
		}
		if sec.Locked && sec.LockReason == "" {
			t.Errorf("%s locked without a reason", sec.Phase)
		}
	}
	if got := secs[2].Done(); got != 0 || len(secs[2].Steps) != 5 {
		t.Errorf("rolling: %d done of %d, want 0 of 5", got, len(secs[2].Steps))
	}
}

func TestStatusTransitions(t *testing.T) {
	cases := []struct {
		name string
		recs []Record
		want Status
	}{
		{"check pass", []Record{checkRec("s", steps.Pass)}, Passed},
		{"check fail", []Record{checkRec("s", steps.Fail)}, Failed},
		{"check wait stays pending", []Record{checkRec("s", steps.Wait)}, Pending},
		{"action started", []Record{{Kind: KindStepStarted, Step: "s"}}, Running},
		{"action finished awaits verification", []Record{{Kind: KindStepStarted, Step: "s"}, {Kind: KindStepFinished, Step: "s"}}, Pending},
		{"action failed", []Record{{Kind: KindStepStarted, Step: "s"}, {Kind: KindStepFinished, Step: "s", Error: "exit 1"}}, Failed},
		{"failed then acknowledged", []Record{checkRec("s", steps.Fail), {Kind: KindAcknowledged, Step: "s", Ack: &Ack{By: "a", Reason: "r"}}}, Acknowledged},
		{"acknowledged then rechecked fails again", []Record{{Kind: KindAcknowledged, Step: "s"}, checkRec("s", steps.Fail)}, Failed},
		{"skipped", []Record{{Kind: KindSkipped, Step: "s"}}, Skipped},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st := NewState()
			for _, r := range tc.recs {
				st.Apply(r)
			}
			if got := st.Steps["s"].Status; got != tc.want {
				t.Errorf("status %s, want %s", got, tc.want)
			}
		})
	}
}
