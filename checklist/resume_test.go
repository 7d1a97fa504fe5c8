package checklist

import (
	"context"
	"testing"

	"github.com/warren-sre/warren/steps"
)

// crashMidAction leaves dir as a driver that died during rb[0]'s action:
// its lock is left behind and its journal ends with step-started.
func crashMidAction(t *testing.T, dir string, rb []steps.Step) {
	t.Helper()
	crashed, _ := openDriverT(t, dir, rb)
	if err := crashed.append(stepRecord(KindStepStarted, rb[0], Record{})); err != nil {
		t.Fatal(err)
	}
	crashed.journal.Close()
	crashed.journal = nil // Close now leaves the lock, as a crash would
}

// resume takes the run over as a new driver (pid), the old one being dead.
func resume(t *testing.T, dir string, rb []steps.Step, pid int) *Session {
	t.Helper()
	opts := testOptions(newClock())
	opts.pid = pid
	opts.processAlive = func(p int) bool { return p == pid }
	s, err := TakeOver(dir, rb, opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// After a resume, re-verifying an interrupted step that is not yet passed
// must keep it interrupted, through later replays too, so that Advance
// re-verifies it instead of running its action again.
func TestInterruptedStepStaysInterruptedUntilItPasses(t *testing.T) {
	cases := []struct {
		verdict steps.Verdict
		want    Status
	}{
		{steps.Wait, Interrupted},
		{steps.Fail, Interrupted},
		{steps.Pass, Passed},
	}
	for _, c := range cases {
		t.Run(string(c.verdict), func(t *testing.T) {
			dir, ran := t.TempDir(), 0
			rb := actionRunbook(func(context.Context, steps.Env) (string, error) { ran++; return "", nil })
			rb[0].Check = verdict(c.verdict, "node still draining", "3 queues left")
			crashMidAction(t, dir, rb)

			s := resume(t, dir, rb, 5000)
			ss, err := s.Evaluate(context.Background(), env(), "drain")
			if err != nil {
				t.Fatal(err)
			}
			if ss.Status != c.want || ss.Last == nil || ss.Last.Summary != "node still draining" {
				t.Fatalf("after re-verify: %s (last %+v), want %s with the new evidence", ss.Status, ss.Last, c.want)
			}
			if c.want == Interrupted { // once passed, Advance moves on to the next step
				if _, err = s.Advance(context.Background(), env(), Confirmation{Yes: true}); err != nil {
					t.Fatal(err)
				}
			}
			if ran != 0 {
				t.Fatalf("Advance re-ran the interrupted action (%d runs)", ran)
			}
			s.journal.Close()
			s.journal = nil // crash again: the next driver replays all of it

			again := resume(t, dir, rb, 6000)
			defer again.Close()
			if got := again.Run().Step("drain").Status; got != c.want {
				t.Errorf("after a second resume: %s, want %s", got, c.want)
			}
			if st, _, _ := Replay(dir); st.Steps["drain"].Status != c.want {
				t.Errorf("replayed: %s, want %s", st.Steps["drain"].Status, c.want)
			}
		})
	}
}

// Only an explicit Dispatch runs an interrupted step's action again.
func TestInterruptedStepRunsOnlyOnExplicitDispatch(t *testing.T) {
	dir, ran := t.TempDir(), 0
	rb := actionRunbook(func(context.Context, steps.Env) (string, error) { ran++; return "", nil })
	rb[0].Check = verdict(steps.Wait, "not yet")
	crashMidAction(t, dir, rb)
	s := resume(t, dir, rb, 5000)
	defer s.Close()
	for range 3 {
		if _, err := s.Advance(context.Background(), env(), Confirmation{Yes: true}); err != nil {
			t.Fatal(err)
		}
	}
	if ran != 0 {
		t.Fatalf("Advance ran the action %d times", ran)
	}
	if _, err := s.Dispatch(context.Background(), env(), "drain", Confirmation{Yes: true}); err != nil {
		t.Fatal(err)
	}
	if ran != 1 {
		t.Errorf("Dispatch ran the action %d times, want 1", ran)
	}
}
