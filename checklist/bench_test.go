package checklist

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/warren-sre/warren/steps"
)

// writeJournal writes n realistic records (checks with evidence, commands,
// step starts and ends over 50 steps) straight to a journal file.
func writeJournal(b *testing.B, dir string, n int) {
	f, err := os.Create(filepath.Join(dir, JournalFile))
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	enc := json.NewEncoder(w)
	for i := range n {
		step := fmt.Sprintf("rolling-n%d-verify", i%50)
		rec := Record{Seq: i + 1, At: at.Add(time.Duration(i) * time.Millisecond), Step: step, Title: "Verify node", Phase: steps.Rolling}
		switch i % 4 {
		case 0:
			rec.Kind = KindStepStarted
			rec.Commands = [][]string{{"rabbitmq-upgrade", "drain"}}
		case 1:
			rec.Kind = KindCommand
			rec.Command = &CommandRecord{Argv: []string{"rabbitmq-diagnostics", "status"}, Stdout: "Status of node rabbit@n1 ...", Duration: time.Second}
		case 2:
			rec.Kind = KindStepFinished
			rec.Output = "ok"
		case 3:
			rec.Kind = KindCheck
			rec.Result = &steps.Result{Verdict: steps.Pass, Summary: "node verified", Evidence: []string{"version 3.11.28", "3/3 quorum members online"}}
		}
		if err := enc.Encode(rec); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
}

// BenchmarkReplay100k measures rebuilding a run from a 100 000-record journal
// (what resume, watch and export do first).
func BenchmarkReplay100k(b *testing.B) {
	dir := b.TempDir()
	writeJournal(b, dir, 100_000)
	info, _ := os.Stat(filepath.Join(dir, JournalFile))
	b.SetBytes(info.Size())
	b.ResetTimer()
	for b.Loop() {
		st, problems, err := Replay(dir)
		if err != nil || len(problems) > 0 || st.Records != 100_000 {
			b.Fatalf("replay: %v %v %d", err, problems, st.Records)
		}
	}
}

// BenchmarkAppend measures one durable (fsync'd, scrubbed) journal append.
func BenchmarkAppend(b *testing.B) {
	j, err := openJournal(b.TempDir(), 0, time.Now, &Scrubber{})
	if err != nil {
		b.Fatal(err)
	}
	defer j.Close()
	res := &steps.Result{Verdict: steps.Pass, Summary: "ok", Evidence: []string{"3/3 running"}}
	for b.Loop() {
		if _, err := j.Append(Record{Kind: KindCheck, Step: "s", Result: res}); err != nil {
			b.Fatal(err)
		}
	}
}
