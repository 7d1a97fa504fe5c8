package checklist

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// LockFile is the name of the single-driver lock inside a run directory.
const LockFile = "driver.lock"

// Holder identifies a driver: who, where, which process, since when.
type Holder struct {
	Host  string    `json:"host"`
	User  string    `json:"user"`
	PID   int       `json:"pid"`
	Since time.Time `json:"since"`
}

func (h Holder) String() string {
	return fmt.Sprintf("%s@%s (pid %d, since %s)", h.User, h.Host, h.PID, h.Since.UTC().Format("2006-01-02 15:04:05 MST"))
}

// LockError refuses a second driver and names the one holding the run.
type LockError struct {
	Dir    string
	Holder Holder
	// Stale: the holder's process is gone (same host, pid not running).
	Stale bool
}

func (e *LockError) Error() string {
	if e.Stale {
		return fmt.Sprintf("run %s is locked by %s, which is no longer running; take the lock over explicitly to continue", e.Dir, e.Holder)
	}
	return fmt.Sprintf("run %s is driven by %s; only one driver at a time (follow it read-only with warren watch)", e.Dir, e.Holder)
}

// ErrNotStale refuses to take over a lock whose holder may still be alive.
var ErrNotStale = errors.New("the lock is not stale: its holder is alive or on another host")

// acquireLock creates the lock with O_EXCL so two drivers can never both
// succeed.
func acquireLock(dir string, me Holder) error {
	path := filepath.Join(dir, LockFile)
	f, err := openFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return errLocked(dir)
	}
	if err != nil {
		return notWritable(path, err)
	}
	data, _ := json.Marshal(me)
	_, werr := f.Write(append(data, '\n'))
	serr := f.Sync()
	if err := errors.Join(werr, serr, f.Close()); err != nil {
		os.Remove(path)
		return notWritable(path, err)
	}
	return nil
}

// errLocked builds the refusal, or a plainer error if the lock is unreadable.
func errLocked(dir string) error {
	h, err := ReadLock(dir)
	if err != nil {
		return fmt.Errorf("run %s is locked and its lock file cannot be read (%v); remove %s by hand only if no warren drives this run", dir, err, filepath.Join(dir, LockFile))
	}
	return &LockError{Dir: dir, Holder: h}
}

// ReadLock returns the current driver, if any.
func ReadLock(dir string) (Holder, error) {
	var h Holder
	data, err := os.ReadFile(filepath.Join(dir, LockFile))
	if err != nil {
		return h, err
	}
	if err := json.Unmarshal(data, &h); err != nil {
		return h, fmt.Errorf("lock file: %w", err)
	}
	return h, nil
}

// isStale: only a lock from this host can be judged, and only when its
// process is gone. A lock from another host is never called stale.
func isStale(h Holder, host string, alive func(int) bool) bool {
	return h.Host == host && h.PID > 0 && !alive(h.PID)
}

// takeOverLock replaces a stale lock. It re-checks staleness and then uses
// the same O_EXCL create, so racing takers cannot both win.
func takeOverLock(dir string, me Holder, alive func(int) bool) (Holder, error) {
	old, err := ReadLock(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return Holder{}, acquireLock(dir, me)
	}
	if err != nil {
		return Holder{}, err
	}
	if !isStale(old, me.Host, alive) {
		return old, fmt.Errorf("cannot take over run %s from %s: %w", dir, old, ErrNotStale)
	}
	if err := os.Remove(filepath.Join(dir, LockFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return old, notWritable(dir, err)
	}
	return old, acquireLock(dir, me)
}

// releaseLock removes the lock if it is still ours.
func releaseLock(dir string, me Holder) error {
	h, err := ReadLock(dir)
	if err != nil || h.Host != me.Host || h.PID != me.PID || !h.Since.Equal(me.Since) {
		return err
	}
	return os.Remove(filepath.Join(dir, LockFile))
}
