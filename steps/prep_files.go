package steps

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// writePrivate writes data atomically (temp file, fsync, rename) with mode
// 0600: run files may hold password hashes or secrets.
func writePrivate(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// writeJSONFile writes v as indented JSON, privately.
func writeJSONFile(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return writePrivate(path, append(data, '\n'))
}

// readJSONFile reads a JSON file written by writeJSONFile.
func readJSONFile(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s does not parse: %v", path, err)
	}
	return nil
}

// safeName turns a node name (rabbit@host) into a file name part.
func safeName(node string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, node)
}

// runDirOK fails a step early when the run directory is not usable.
func runDirOK(dir string) error {
	if dir == "" {
		return fmt.Errorf("no run directory configured")
	}
	return os.MkdirAll(dir, 0o700)
}
