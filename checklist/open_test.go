//go:build unix

package checklist

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Opening a run used to follow a symbolic link at journal.jsonl (and cut
// the file it pointed to as a "torn tail") and to accept any existing file
// as a journal to resume. Now: no link, only regular files, and the first
// line must be warren's first record.
func TestOpenRefusesWhatIsNotAWarrenJournal(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "precious")
	const precious = "do not touch: no line end"
	if err := os.WriteFile(outside, []byte(precious), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		plant func(path string) error
		want  string
	}{
		{"a symbolic link to another file", func(p string) error { return os.Symlink(outside, p) }, "not a regular file"},
		{"a FIFO (would block a reader)", func(p string) error { return syscall.Mkfifo(p, 0o600) }, "not a regular file"},
		{"a text file", func(p string) error { return os.WriteFile(p, []byte("hello\nworld\n"), 0o600) }, "not a warren journal"},
		{"someone else's JSON lines", func(p string) error {
			return os.WriteFile(p, []byte(`{"seq":7,"kind":"deploy"}`+"\n"), 0o600)
		}, "not a warren journal"},
		{"a file without a line end (not a torn record)", func(p string) error { return os.WriteFile(p, []byte(precious), 0o600) }, "not a warren journal"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := c.plant(filepath.Join(dir, JournalFile)); err != nil {
				t.Fatal(err)
			}
			s, err := Open(dir, testRunbook(), testOptions(newClock()))
			if err == nil {
				s.Close()
				t.Fatal("opened as a run")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %q does not say %q", err, c.want)
			}
			if data, _ := os.ReadFile(outside); string(data) != precious {
				t.Fatalf("the file outside the run was changed: %q", data)
			}
			if _, err := os.Stat(filepath.Join(dir, LockFile)); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the lock was left behind: %v", err)
			}
		})
	}
}

// A first record torn by a crash mid-write is still a journal: resumed.
func TestOpenResumesATornFirstRecord(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, JournalFile), []byte(`{"at":"2026-03-01T09:00:01Z","by":"al`), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(dir, testRunbook(), testOptions(newClock()))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if recs, problems, err := Records(dir); err != nil || len(recs) == 0 || len(problems) != 0 {
		t.Fatalf("records %d, problems %v, err %v", len(recs), problems, err)
	}
}
