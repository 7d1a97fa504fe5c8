package checklist

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// JournalFile is the name of the journal inside a run directory.
const JournalFile = "journal.jsonl"

// openFile is os.OpenFile; tests swap it to simulate a full disk.
var openFile = os.OpenFile

// Journal appends records to a run's journal. Every Append is written and
// fsync'd before it returns, so a record announcing an action is on disk
// before the action runs.
type Journal struct {
	mu    sync.Mutex
	file  *os.File
	path  string
	seq   int
	clock func() time.Time
	scrub *Scrubber
}

// ErrNotWritable wraps every failure to write the journal.
var ErrNotWritable = errors.New("journal not writable")

func notWritable(path string, err error) error {
	return fmt.Errorf("%w: %s: %w (nothing was done; warren journals every step before it acts)", ErrNotWritable, path, err)
}

// probeDir proves the directory takes a write and an fsync before any action
// is taken: a read-only mount or a full disk must stop the run here.
func probeDir(dir string) error {
	path := filepath.Join(dir, fmt.Sprintf(".probe-%d", os.Getpid()))
	f, err := openFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return notWritable(dir, err)
	}
	defer os.Remove(path)
	_, werr := f.Write(make([]byte, 4096))
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		return notWritable(dir, err)
	}
	return nil
}

// openJournal opens dir's journal for appending after probing the directory.
// seq is the number of records already in it.
func openJournal(dir string, seq int, clock func() time.Time, scrub *Scrubber) (*Journal, error) {
	if err := probeDir(dir); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, JournalFile)
	f, err := openJournalFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND)
	if err != nil {
		return nil, notWritable(path, err)
	}
	if err := syncDir(dir); err != nil {
		f.Close()
		return nil, notWritable(dir, err)
	}
	return &Journal{file: f, path: path, seq: seq, clock: clock, scrub: scrub}, nil
}

// openJournalFile opens a journal without following a symbolic link and
// refuses anything but a regular file (a FIFO would block, a device never
// ends).
func openJournalFile(path string, flag int) (*os.File, error) {
	if info, err := os.Lstat(path); err == nil && !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file (%s): not a warren journal", path, info.Mode().Type())
	}
	f, err := openFile(path, flag|oNoFollow, 0o600)
	if err != nil {
		return nil, err
	}
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%s is not a regular file: not a warren journal", path)
	}
	return f, nil
}

// truncateJournal cuts the journal at size without following a link.
func truncateJournal(path string, size int64) error {
	f, err := openJournalFile(path, os.O_WRONLY)
	if err != nil {
		return err
	}
	defer f.Close()
	return errors.Join(f.Truncate(size), f.Sync())
}

// syncDir makes a newly created journal's directory entry durable too.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// Append stamps rec with its sequence number and time, scrubs secrets, and
// writes it durably. It returns the record as written.
func (j *Journal) Append(rec Record) (Record, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	rec.Seq = j.seq + 1
	if rec.At.IsZero() {
		rec.At = j.clock()
	}
	line, err := j.encode(rec)
	if err != nil {
		return Record{}, fmt.Errorf("journal: encode %s record: %w", rec.Kind, err)
	}
	if _, err := j.file.Write(line); err != nil {
		return Record{}, notWritable(j.path, err)
	}
	if err := j.file.Sync(); err != nil {
		return Record{}, notWritable(j.path, err)
	}
	j.seq++
	// Callers apply the scrubbed record so live state equals replayed state.
	var written Record
	if err := json.Unmarshal(line, &written); err != nil {
		return Record{}, fmt.Errorf("journal: re-read %s record: %w", rec.Kind, err)
	}
	return written, nil
}

func (j *Journal) encode(rec Record) ([]byte, error) {
	raw, err := json.Marshal(rec)
	if err != nil {
		return nil, err
	}
	clean, err := j.scrub.JSON(raw)
	if err != nil {
		return nil, err
	}
	return append(clean, '\n'), nil
}

// Close closes the file.
func (j *Journal) Close() error { return j.file.Close() }
