package checklist

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func writeLock(t *testing.T, dir string, h Holder) {
	t.Helper()
	data, _ := json.Marshal(h)
	if err := os.WriteFile(filepath.Join(dir, LockFile), data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestSecondDriverRefused(t *testing.T) {
	dir := t.TempDir()
	openDriverT(t, dir, testRunbook())
	clock := newClock()
	opts := testOptions(clock)
	opts.User, opts.pid = "bob", 777
	_, err := Open(dir, testRunbook(), opts)
	var le *LockError
	if !errors.As(err, &le) || le.Stale {
		t.Fatalf("err = %v, want a live *LockError", err)
	}
	for _, want := range []string{"alice@ops1", "pid 4242", "warren watch"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("refusal %q should name %q", err, want)
		}
	}
	if _, err := TakeOver(dir, testRunbook(), opts); !errors.Is(err, ErrNotStale) {
		t.Errorf("TakeOver of a live lock: %v, want ErrNotStale", err)
	}
}

func TestStaleLock(t *testing.T) {
	since := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	cases := []struct {
		name      string
		holder    Holder
		alive     bool
		wantStale bool
	}{
		{"same host, process gone", Holder{Host: "ops1", User: "carol", PID: 999, Since: since}, false, true},
		{"same host, process alive", Holder{Host: "ops1", User: "carol", PID: 999, Since: since}, true, false},
		{"other host is never judged stale", Holder{Host: "ops2", User: "carol", PID: 999, Since: since}, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeLock(t, dir, tc.holder)
			opts := testOptions(newClock())
			opts.processAlive = func(int) bool { return tc.alive }

			_, err := Open(dir, testRunbook(), opts)
			var le *LockError
			if !errors.As(err, &le) || le.Stale != tc.wantStale {
				t.Fatalf("Open: %v, want LockError stale=%v", err, tc.wantStale)
			}
			s, err := TakeOver(dir, testRunbook(), opts)
			if !tc.wantStale {
				if !errors.Is(err, ErrNotStale) {
					t.Errorf("TakeOver: %v, want ErrNotStale", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("TakeOver: %v", err)
			}
			defer s.Close()
			if h, _ := ReadLock(dir); h.User != "alice" || h.PID != 4242 {
				t.Errorf("lock now held by %v, want alice pid 4242", h)
			}
			recs, _, _ := Records(dir)
			if !hasKind(recs, KindLockTakenOver) || !strings.Contains(recs[0].Text, "carol@ops1") {
				t.Errorf("takeover not journaled with the old holder: %+v", recs)
			}
		})
	}
}

func TestCloseReleasesOnlyOurLock(t *testing.T) {
	dir := t.TempDir()
	s, _ := openDriverT(t, dir, testRunbook())
	s.Close()
	if _, err := os.Stat(filepath.Join(dir, LockFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("lock left behind after Close: %v", err)
	}
	s2, _ := openDriverT(t, dir, testRunbook())
	writeLock(t, dir, Holder{Host: "ops9", User: "zed", PID: 1})
	s2.Close()
	if h, err := ReadLock(dir); err != nil || h.User != "zed" {
		t.Errorf("Close removed someone else's lock: %v %v", h, err)
	}
}
