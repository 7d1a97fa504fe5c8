package checklist

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"

	"github.com/warren-sre/warren/steps"
)

// driveSome exercises every kind of record through a live session.
func driveSome(t *testing.T, s *Session) {
	t.Helper()
	ctx := context.Background()
	mustOK := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := s.Evaluate(ctx, env(), "prep-backup")
	mustOK(err)
	mustOK(s.Skip("prep-notes", "alice", "no notes needed in the lab"))
	_, err = s.Evaluate(ctx, env(), "compat-blockers")
	mustOK(err)
	mustOK(s.RecordTrigger(Trigger{Name: "canary-failing", Summary: "no confirms for 30 s", Evidence: []string{"last confirm 09:01:02"}}))
	mustOK(s.RecordBaseline([]Metric{{Name: "canary p99", Unit: "ms", Before: 4, After: 5}}))
	mustOK(s.Note("alice", "starting node 1"))
}

func TestJournalRoundTrip(t *testing.T) {
	dir := t.TempDir()
	rb := testRunbook()
	rb[2].Check = verdict(steps.Fail, "2 blockers", "classic mirrored queue q1")
	s, _ := openDriverT(t, dir, rb)
	driveSome(t, s)
	if err := s.Acknowledge("compat-blockers", "bob", "mirrored queue is a throwaway"); err != nil {
		t.Fatal(err)
	}
	live := s.State()
	s.Close()

	replayed, problems, err := Replay(dir)
	if err != nil || len(problems) > 0 {
		t.Fatalf("Replay: %v %v", err, problems)
	}
	if !reflect.DeepEqual(live, replayed) {
		t.Errorf("replayed state differs from live state\nlive:     %+v\nreplayed: %+v", live, replayed)
	}
	want := map[string]Status{"prep-backup": Passed, "prep-notes": Skipped, "compat-blockers": Acknowledged}
	for id, st := range want {
		if got := replayed.Steps[id].Status; got != st {
			t.Errorf("%s: %s, want %s", id, got, st)
		}
	}
	if replayed.Info.To != "3.11.28" || replayed.Info.Who != "alice" || replayed.Driver.PID != 4242 {
		t.Errorf("run info not replayed: %+v driver %+v", replayed.Info, replayed.Driver)
	}
	if len(replayed.Triggers) != 1 || len(replayed.Metrics) != 1 {
		t.Errorf("triggers %v metrics %v", replayed.Triggers, replayed.Metrics)
	}
}

func TestResumeRestoresStatuses(t *testing.T) {
	dir := t.TempDir()
	s, _ := openDriverT(t, dir, testRunbook())
	driveSome(t, s)
	s.Close()

	again, _ := openDriverT(t, dir, testRunbook())
	run := again.Run()
	if run.Step("prep-backup").Status != Passed || run.Step("prep-notes").Status != Skipped {
		t.Errorf("statuses not restored: %s %s", run.Step("prep-backup").Status, run.Step("prep-notes").Status)
	}
	if cur := run.Current(); cur == nil || cur.Step.ID != "n1-safe" {
		t.Errorf("current = %v, want n1-safe", cur)
	}
}

func TestResumeRefusesAnotherRun(t *testing.T) {
	dir := t.TempDir()
	s, clock := openDriverT(t, dir, testRunbook())
	s.Close()
	opts := testOptions(clock)
	opts.Info.To = "3.12.14"
	if _, err := Open(dir, testRunbook(), opts); err == nil || !strings.Contains(err.Error(), "upgrades to 3.11.28, not 3.12.14") {
		t.Errorf("err = %v, want a version mismatch", err)
	}
}

func appendBytes(t *testing.T, path string, b []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write(b); err != nil {
		t.Fatal(err)
	}
}

func TestTornLastLine(t *testing.T) {
	dir := t.TempDir()
	s, _ := openDriverT(t, dir, testRunbook())
	driveSome(t, s)
	s.Close()
	path := filepath.Join(dir, JournalFile)
	before, _, _ := Replay(dir)
	appendBytes(t, path, []byte(`{"seq":99,"kind":"step-sta`))

	st, problems, err := Replay(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 || !problems[0].Torn || problems[0].Line != before.Records+1 {
		t.Fatalf("problems = %+v, want one torn line at %d", problems, before.Records+1)
	}
	if st.Steps["prep-backup"].Status != Passed {
		t.Error("records before the torn line were lost")
	}

	// Resuming cuts the torn tail and journals that it did.
	again, _ := openDriverT(t, dir, testRunbook())
	if len(again.Problems()) != 1 {
		t.Errorf("resume should report the torn line: %v", again.Problems())
	}
	again.Close()
	_, problems, _ = Replay(dir)
	if len(problems) != 0 {
		t.Errorf("after resume the journal should be clean: %v", problems)
	}
	recs, _, _ := Records(dir)
	if !hasKind(recs, KindProblemLogged) {
		t.Error("the discarded torn line is not journaled")
	}
}

func hasKind(recs []Record, k Kind) bool {
	for _, r := range recs {
		if r.Kind == k {
			return true
		}
	}
	return false
}

func TestCorruptMiddleLine(t *testing.T) {
	dir := t.TempDir()
	s, _ := openDriverT(t, dir, testRunbook())
	driveSome(t, s)
	s.Close()
	path := filepath.Join(dir, JournalFile)
	data, _ := os.ReadFile(path)
	lines := bytes.SplitAfter(data, []byte("\n"))
	corrupt := append([][]byte{}, lines[:2]...)
	corrupt = append(corrupt, []byte("{not json at all\n"), []byte(`{"seq":3}`+"\n"))
	corrupt = append(corrupt, lines[2:]...)
	os.WriteFile(path, bytes.Join(corrupt, nil), 0o600)

	st, problems, err := Replay(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 2 || problems[0].Line != 3 || problems[1].Line != 4 || problems[0].Torn {
		t.Fatalf("problems = %+v, want lines 3 and 4, not torn", problems)
	}
	if !strings.Contains(problems[0].String(), "journal line 3") || !strings.Contains(problems[1].Reason, "no kind") {
		t.Errorf("unclear problems: %s / %s", problems[0], problems[1])
	}
	if st.Steps["compat-blockers"] == nil {
		t.Error("records after the corrupt line were not applied")
	}
}

func TestUnwritableRunDirFailsBeforeAnyAction(t *testing.T) {
	cases := []struct {
		name  string
		setup func(t *testing.T, dir string)
		errno error
	}{
		{"read-only directory", func(t *testing.T, dir string) {
			if os.Geteuid() == 0 {
				// root ignores permissions: simulate the mount instead.
				swapOpenFile(t, func(string, int, os.FileMode) (*os.File, error) {
					return nil, &os.PathError{Op: "open", Path: dir, Err: syscall.EROFS}
				})
				return
			}
			os.Chmod(dir, 0o500)
			t.Cleanup(func() { os.Chmod(dir, 0o700) })
		}, nil},
		{"full disk", func(t *testing.T, dir string) {
			// /dev/full answers every write with ENOSPC, as a full disk does.
			swapOpenFile(t, func(string, int, os.FileMode) (*os.File, error) {
				return os.OpenFile("/dev/full", os.O_WRONLY, 0)
			})
		}, syscall.ENOSPC},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			tc.setup(t, dir)
			_, err := Open(dir, testRunbook(), testOptions(newClock()))
			if !errors.Is(err, ErrNotWritable) {
				t.Fatalf("err = %v, want ErrNotWritable", err)
			}
			if tc.errno != nil && !errors.Is(err, tc.errno) {
				t.Errorf("err = %v, want it to carry %v", err, tc.errno)
			}
			if !strings.Contains(err.Error(), "nothing was done") {
				t.Errorf("error should say nothing was done: %v", err)
			}
		})
	}
}

func swapOpenFile(t *testing.T, f func(string, int, os.FileMode) (*os.File, error)) {
	old := openFile
	openFile = f
	t.Cleanup(func() { openFile = old })
}

func TestDiskFullMidRunStopsTheAction(t *testing.T) {
	dir := t.TempDir()
	ran := 0
	rb := []steps.Step{{ID: "drain", Phase: steps.Rolling, Title: "drain", Action: &steps.Action{
		Run: func(context.Context, steps.Env) (string, error) { ran++; return "", nil },
	}}}
	s, _ := openDriverT(t, dir, rb)
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full:", err)
	}
	s.journal.file.Close()
	s.journal.file = full
	_, err = s.Dispatch(context.Background(), env(), "drain", Confirmation{Yes: true})
	if !errors.Is(err, ErrNotWritable) || ran != 0 {
		t.Errorf("err = %v, ran = %d; want ErrNotWritable and the action not run", err, ran)
	}
}
