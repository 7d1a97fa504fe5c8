package checklist

import (
	"os"
	"path/filepath"
	"testing"
)

// A watcher used to re-read the whole journal every 2 s and to hide lines
// it could not read. The tail returns only what was appended, with every
// unreadable line, and holds back a last line still without its end.
func TestJournalTailReadsOnlyWhatWasAppended(t *testing.T) {
	dir := t.TempDir()
	s, _ := openDriverT(t, dir, testRunbook())
	tail := NewJournalTail(dir)
	first, problems, err := tail.Read()
	if err != nil || len(first) == 0 || len(problems) != 0 {
		t.Fatalf("first read: %d records, %v, %v", len(first), problems, err)
	}
	if err := s.Note("alice", "hello"); err != nil {
		t.Fatal(err)
	}
	appendRaw(t, dir, "not json at all\n")
	appendRaw(t, dir, `{"at":"2026-03-01T09:00:09Z","kind":"no`)
	recs, problems, err := tail.Read()
	if err != nil || len(recs) != 1 || recs[0].Text != "hello" {
		t.Fatalf("second read: %+v, %v", recs, err)
	}
	if len(problems) != 1 || problems[0].Torn {
		t.Fatalf("the garbage line must be reported once, the partial one held back: %+v", problems)
	}
	if torn := tail.Torn(); torn == nil || !torn.Torn {
		t.Fatalf("the partial last line is not reported torn: %v", torn)
	}
	if recs, problems, _ := tail.Read(); len(recs) != 0 || len(problems) != 0 {
		t.Fatalf("nothing was appended, yet read %d records and %v", len(recs), problems)
	}
}

func appendRaw(t *testing.T, dir, text string) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(dir, JournalFile), os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}
