package steps

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
)

// BackupsFile records, in the run directory, where the run's node archives
// go. It is written on the run's first build and only read afterwards.
const BackupsFile = "backups.json"

// BackupLayout is where one run keeps its node archives. It is fixed on
// the run's first build, so a resumed run and the rollback phase look for
// the very files the preparation phase wrote.
type BackupLayout struct {
	Dir   string `json:"dir"`   // on each node
	Stamp string `json:"stamp"` // unique to the run
}

// NodeArchives are one node's backup archives.
type NodeArchives struct {
	Config string `json:"config"` // preparation: config files of the running node
	Data   string `json:"data"`   // preparation: data directory of the running node (best effort)
	// Stopped is taken in the node's rolling block once it stopped: data
	// directory and config files, the copy the rollback restores.
	Stopped string `json:"stopped"`
	// StoppedExtra holds the enabled-plugins and environment files, when
	// the node has them.
	StoppedExtra string `json:"stopped_extra"`
}

// Archives names node's archives: the one source of truth for "where is
// node X's backup".
func (l BackupLayout) Archives(node string) NodeArchives {
	base := path.Join(l.Dir, safeName(node)+"-"+l.Stamp)
	return NodeArchives{Config: base + "-config.tar.gz", Data: base + "-data.tar.gz",
		Stopped: base + "-stopped.tar.gz", StoppedExtra: base + "-stopped-extra.tar.gz"}
}

// LoadBackupLayout reads the layout the run's first build recorded.
func LoadBackupLayout(runDir string) (BackupLayout, error) {
	if runDir == "" {
		return BackupLayout{}, errors.New("no run directory configured")
	}
	var l BackupLayout
	if err := readJSONFile(filepath.Join(runDir, BackupsFile), &l); err != nil {
		return BackupLayout{}, err
	}
	if l.Dir == "" || l.Stamp == "" {
		return BackupLayout{}, fmt.Errorf("%s lacks the backup dir or stamp", filepath.Join(runDir, BackupsFile))
	}
	return l, nil
}

// backupLayout returns the run's recorded layout, recording a new one on
// the first build. Without a run directory there is nothing to resume, and
// the layout is not recorded.
func backupLayout(cfg PrepConfig) (BackupLayout, error) {
	fresh, err := newLayout(cfg)
	if err != nil || cfg.RunDir == "" {
		return fresh, err
	}
	l, err := LoadBackupLayout(cfg.RunDir)
	if !errors.Is(err, fs.ErrNotExist) {
		return l, err
	}
	if err := recordLayout(cfg.RunDir, fresh); err != nil {
		return BackupLayout{}, fmt.Errorf("record the backup names: %w", err)
	}
	// Another warren may have recorded its own in between: read the winner.
	return LoadBackupLayout(cfg.RunDir)
}

// newLayout stamps with the time (readable) and a random suffix (two runs
// started in the same second must not share archives).
func newLayout(cfg PrepConfig) (BackupLayout, error) {
	var b [3]byte
	if _, err := rand.Read(b[:]); err != nil {
		return BackupLayout{}, err
	}
	stamp := cfg.Now().UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
	return BackupLayout{Dir: cfg.BackupDir, Stamp: stamp}, nil
}

// recordLayout writes the layout unless one exists: the file is linked
// into place, which fails rather than replace an existing record.
func recordLayout(runDir string, l BackupLayout) error {
	if err := runDirOK(runDir); err != nil {
		return err
	}
	tmp := filepath.Join(runDir, "."+BackupsFile+".new."+l.Stamp)
	if err := writeJSONFile(tmp, l); err != nil {
		return err
	}
	defer os.Remove(tmp)
	if err := os.Link(tmp, filepath.Join(runDir, BackupsFile)); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	return nil
}
