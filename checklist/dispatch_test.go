package checklist

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warren-sre/warren/steps"
)

// actionRunbook: one reversible and one irreversible action step.
func actionRunbook(run func(context.Context, steps.Env) (string, error)) []steps.Step {
	return []steps.Step{
		{ID: "drain", Phase: steps.Rolling, Block: "rabbit@n1", Title: "Drain rabbit@n1", Gate: true,
			Check:  verdict(steps.Pass, "node in maintenance"),
			Action: &steps.Action{Commands: [][]string{{"rabbitmq-upgrade", "drain"}}, Run: run}},
		{ID: "flags", Phase: steps.PostUpgrade, Title: "Enable all feature flags",
			Check:  verdict(steps.Pass, "all flags enabled"),
			Action: &steps.Action{Irreversible: true, Confirm: "enable-flags", Run: run}},
	}
}

func TestDispatchConfirmations(t *testing.T) {
	cases := []struct {
		name    string
		step    string
		conf    Confirmation
		wantErr bool
	}{
		{"reversible without consent", "drain", Confirmation{}, true},
		{"reversible with consent", "drain", Confirmation{Yes: true}, false},
		{"irreversible with yes only", "flags", Confirmation{Yes: true}, true},
		{"irreversible with the wrong word", "flags", Confirmation{Word: "yes"}, true},
		{"irreversible with the word", "flags", Confirmation{Word: "enable-flags", By: "bob"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ran := 0
			rb := actionRunbook(func(context.Context, steps.Env) (string, error) { ran++; return "done", nil })
			s, _ := openDriverT(t, t.TempDir(), rb)
			if tc.step == "flags" { // open the phase: the drain gate must pass first
				s.Dispatch(context.Background(), env(), "drain", Confirmation{Yes: true})
				ran = 0
			}
			ss, err := s.Dispatch(context.Background(), env(), tc.step, tc.conf)
			var ce *ConfirmError
			if tc.wantErr {
				if !errors.As(err, &ce) || ran != 0 {
					t.Fatalf("err = %v, ran %d; want ConfirmError and nothing run", err, ran)
				}
				return
			}
			if err != nil || ran != 1 || ss.Status != Passed {
				t.Fatalf("err = %v, ran %d, status %v; want it run once and passed", err, ran, ss.Status)
			}
			recs, _, _ := Records(s.Dir())
			if !hasKind(recs, KindConfirmation) {
				t.Error("confirmation not journaled")
			}
		})
	}
}

func TestDispatchJournalsBeforeAndAfter(t *testing.T) {
	dir := t.TempDir()
	var startedOnDisk bool
	rb := actionRunbook(func(_ context.Context, e steps.Env) (string, error) {
		recs, _, _ := Records(dir)
		startedOnDisk = recs[len(recs)-1].Kind == KindStepStarted
		e.LogCommand(steps.CommandRun{Node: "rabbit@n1", Argv: []string{"rabbitmq-upgrade", "drain"}, ExitCode: 0, Stdout: "draining", Duration: time.Second})
		return "drained", nil
	})
	s, _ := openDriverT(t, dir, rb)
	if _, err := s.Dispatch(context.Background(), env(), "drain", Confirmation{Yes: true, By: "alice"}); err != nil {
		t.Fatal(err)
	}
	if !startedOnDisk {
		t.Error("step-started was not on disk when the action ran")
	}
	recs, _, _ := Records(dir)
	var kinds []Kind
	for _, r := range recs[1:] {
		kinds = append(kinds, r.Kind)
	}
	want := []Kind{KindConfirmation, KindStepStarted, KindCommand, KindStepFinished, KindCheck}
	if strings.Join(kindStrings(kinds), ",") != strings.Join(kindStrings(want), ",") {
		t.Errorf("records %v, want %v", kinds, want)
	}
	if c := recs[3].Command; c == nil || c.ExitCode != 0 || c.Stdout != "draining" || c.Duration != time.Second {
		t.Errorf("command record %+v", c)
	}
}

func kindStrings(ks []Kind) []string {
	var out []string
	for _, k := range ks {
		out = append(out, string(k))
	}
	return out
}

func TestDispatchRefusals(t *testing.T) {
	release := make(chan struct{})
	entered := make(chan struct{})
	rb := actionRunbook(func(context.Context, steps.Env) (string, error) {
		close(entered)
		<-release
		return "", nil
	})
	s, _ := openDriverT(t, t.TempDir(), rb)

	if _, err := s.Dispatch(context.Background(), env(), "flags", Confirmation{Word: "enable-flags"}); !isStepError(err, "locked") {
		t.Errorf("locked step: %v", err)
	}
	if _, err := s.Dispatch(context.Background(), env(), "nope", Confirmation{Yes: true}); !isStepError(err, "no such step") {
		t.Errorf("unknown step: %v", err)
	}
	done := make(chan error)
	go func() {
		_, err := s.Dispatch(context.Background(), env(), "drain", Confirmation{Yes: true})
		done <- err
	}()
	<-entered
	if _, err := s.Dispatch(context.Background(), env(), "drain", Confirmation{Yes: true}); !errors.Is(err, ErrBusy) {
		t.Errorf("second dispatch while one runs: %v, want ErrBusy", err)
	}
	if got := s.Run().Step("drain").Status; got != Running {
		t.Errorf("status during the action: %s, want running", got)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func isStepError(err error, reason string) bool {
	var se *StepError
	return errors.As(err, &se) && strings.Contains(se.Reason, reason)
}

func TestFailingActions(t *testing.T) {
	cases := []struct {
		name string
		run  func(context.Context, steps.Env) (string, error)
		want string
	}{
		{"error", func(context.Context, steps.Env) (string, error) { return "boom output", errors.New("exit status 1") }, "exit status 1"},
		{"panic", func(context.Context, steps.Env) (string, error) { panic("nil executor") }, "crashed: nil executor"},
		{"nothing to run", nil, "nothing to run"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := openDriverT(t, t.TempDir(), actionRunbook(tc.run))
			ss, err := s.Dispatch(context.Background(), env(), "drain", Confirmation{Yes: true})
			if err == nil || !strings.Contains(err.Error(), tc.want) || ss.Status != Failed {
				t.Errorf("err = %v, status %v; want failed with %q", err, ss.Status, tc.want)
			}
		})
	}
}

func TestFollowerCannotDispatch(t *testing.T) {
	dir := t.TempDir()
	ran := 0
	rb := actionRunbook(func(context.Context, steps.Env) (string, error) { ran++; return "", nil })
	driver, _ := openDriverT(t, dir, rb)
	f, err := Watch(dir, rb, testOptions(newClock()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	before, _ := os.ReadFile(filepath.Join(dir, JournalFile))

	ctx := context.Background()
	attempts := map[string]error{}
	_, attempts["dispatch"] = f.Dispatch(ctx, env(), "drain", Confirmation{Yes: true, Word: "enable-flags"})
	_, attempts["evaluate"] = f.Evaluate(ctx, env(), "drain")
	_, attempts["advance"] = f.Advance(ctx, env(), Confirmation{Yes: true})
	attempts["acknowledge"] = f.Acknowledge("drain", "mallory", "because")
	attempts["skip"] = f.Skip("drain", "mallory", "because")
	attempts["note"] = f.Note("mallory", "hi")
	attempts["trigger"] = f.RecordTrigger(Trigger{Name: "x"})
	for what, err := range attempts {
		if !errors.Is(err, ErrReadOnly) {
			t.Errorf("follower %s: %v, want ErrReadOnly", what, err)
		}
	}
	after, _ := os.ReadFile(filepath.Join(dir, JournalFile))
	if ran != 0 || string(before) != string(after) {
		t.Errorf("a follower changed something: ran %d, journal changed %v", ran, string(before) != string(after))
	}
	if !f.ReadOnly() || driver.ReadOnly() {
		t.Error("ReadOnly() wrong")
	}
}

func TestFollowerFollowsLive(t *testing.T) {
	dir := t.TempDir()
	rb := actionRunbook(func(context.Context, steps.Env) (string, error) { return "", nil })
	driver, _ := openDriverT(t, dir, rb)
	f, err := Watch(dir, rb, testOptions(newClock()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if h, live := f.Driver(); h.User != "alice" || h.PID != 4242 || !live {
		t.Errorf("Driver() = %v live=%v, want alice pid 4242 live", h, live)
	}
	if _, err := driver.Dispatch(context.Background(), env(), "drain", Confirmation{Yes: true}); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(5 * time.Second)
	for f.Run().Step("drain").Status != Passed {
		select {
		case <-f.Changes():
		case <-deadline:
			t.Fatalf("follower never saw the drain pass: %s", f.Run().Step("drain").Status)
		}
	}
	if !f.State().Last.Equal(driver.State().Last) {
		t.Error("follower state lags after catching up")
	}
}

func TestInterruptedActionIsNeverRerun(t *testing.T) {
	dir := t.TempDir()
	ran := 0
	rb := actionRunbook(func(context.Context, steps.Env) (string, error) { ran++; return "", nil })
	// A driver that died mid-action: its lock is left behind, its journal
	// ends with step-started.
	crashed, _ := openDriverT(t, dir, rb)
	if err := crashed.append(stepRecord(KindStepStarted, rb[0], Record{})); err != nil {
		t.Fatal(err)
	}
	crashed.journal.Close()
	crashed.journal = nil // Close now leaves the lock, as a crash would

	st, _, _ := Replay(dir)
	if st.Steps["drain"].Status != Interrupted {
		t.Fatalf("after replay: %s, want interrupted", st.Steps["drain"].Status)
	}
	opts := testOptions(newClock())
	opts.pid = 5000
	opts.processAlive = func(pid int) bool { return pid != 4242 }
	s, err := TakeOver(dir, rb, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := s.Run().Step("drain").Status; got != Interrupted {
		t.Errorf("after resume: %s, want interrupted", got)
	}
	ss, err := s.Advance(context.Background(), env(), Confirmation{Yes: true})
	if err != nil || ran != 0 || ss.Status != Passed {
		t.Errorf("Advance: err %v, ran %d, status %s; want re-verified (passed) without re-running", err, ran, ss.Status)
	}
}

func TestAcknowledgeAndSkipRules(t *testing.T) {
	rb := testRunbook()
	rb[0].Check = verdict(steps.Fail, "no backup")
	s, _ := openDriverT(t, t.TempDir(), rb)
	if err := s.Acknowledge("prep-backup", "alice", "fine"); !isStepError(err, "only a failed") {
		t.Errorf("ack of a pending step: %v", err)
	}
	if err := s.Skip("prep-backup", "alice", "meh"); !isStepError(err, "cannot be skipped") {
		t.Errorf("skipping a gate: %v", err)
	}
	s.Evaluate(context.Background(), env(), "prep-backup")
	if err := s.Acknowledge("prep-backup", "", "fine"); !isStepError(err, "who you are") {
		t.Errorf("anonymous ack: %v", err)
	}
	if err := s.Acknowledge("prep-backup", "alice", "backup taken by the storage team"); err != nil {
		t.Fatal(err)
	}
	ss := s.Run().Step("prep-backup")
	if ss.Status != Acknowledged || ss.Ack.By != "alice" || ss.Ack.At.IsZero() {
		t.Errorf("after ack: %s %+v", ss.Status, ss.Ack)
	}
}
