package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warren-sre/warren/checklist"
)

// watch hid torn and garbage lines (export lists them).
func TestWatchShowsUnreadableLines(t *testing.T) {
	run := t.TempDir()
	s, err := checklist.Open(run, nil, checklist.Options{Info: checklist.RunInfo{Target: "lab", To: "3.11.28"}})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	f, err := os.OpenFile(filepath.Join(run, checklist.JournalFile), os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("garbage in the middle\n{\"at\":\"2026-03-01T09:00:09Z\",\"kind\":\"note\",\"seq\":9,\"text\":\"after\"}\n{\"at\":\"2026-03-01T")
	f.Close()
	var out bytes.Buffer
	if err := follow(context.Background(), &out, run, true); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"run-started", "unreadable record skipped", "after", "torn last record"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("watch output lacks %q:\n%s", want, out.String())
		}
	}
}
