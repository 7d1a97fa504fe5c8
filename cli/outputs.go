package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// outputFile is one file a command writes, mode 0600 (reports and configs
// name hosts and can carry passwords).
type outputFile struct {
	name    string
	content []byte
}

// checkOutputs refuses outputs that are one of the inputs, that are the
// same file as another output (by path, link or hard link), or that exist
// and are not regular files (a device or a FIFO is not overwritten).
func checkOutputs(inputs []string, outputs []outputFile) error {
	for i, out := range outputs {
		if info, err := os.Stat(out.name); err == nil && !info.Mode().IsRegular() {
			return fmt.Errorf("%s is not a regular file: not overwriting it", out.name)
		}
		for _, in := range inputs {
			if sameFile(out.name, in) {
				return fmt.Errorf("%s is also an input (%s): choose another output", out.name, in)
			}
		}
		for _, other := range outputs[:i] {
			if sameFile(out.name, other.name) {
				return fmt.Errorf("%s and %s are the same file: give each output its own", other.name, out.name)
			}
		}
	}
	return nil
}

// sameFile: the same path once cleaned, or the same file on disk.
func sameFile(a, b string) bool {
	absA, errA := filepath.Abs(a)
	absB, errB := filepath.Abs(b)
	if errA == nil && errB == nil && absA == absB {
		return true
	}
	ia, errA := os.Stat(a)
	ib, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(ia, ib)
}

// writeOutputsAtomically writes every file to a temporary file beside it
// first and publishes them only when all are written: a failure leaves no
// half-written file and no half of a pair. Without overwrite an existing
// file is refused, at publishing too (a file that appeared meanwhile).
func writeOutputsAtomically(outputs []outputFile, overwrite bool) error {
	if !overwrite {
		for _, out := range outputs {
			if _, err := os.Lstat(out.name); err == nil {
				return fmt.Errorf("%s already exists; use --force to overwrite it", out.name)
			} else if !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
	}
	temps := make([]string, 0, len(outputs))
	defer func() {
		for _, tmp := range temps {
			os.Remove(tmp)
		}
	}()
	for _, out := range outputs {
		tmp, err := writeTemp(out)
		if err != nil {
			return err
		}
		temps = append(temps, tmp)
	}
	for i, out := range outputs {
		if err := publish(temps[i], out.name, overwrite); err != nil {
			return err
		}
	}
	return nil
}

func writeTemp(out outputFile) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(out.name), "."+filepath.Base(out.name)+".tmp-*")
	if err != nil {
		return "", fmt.Errorf("write %s: %w", out.name, err)
	}
	_, werr := f.Write(out.content)
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("write %s: %w", out.name, err)
	}
	return f.Name(), nil
}

// publish moves tmp to name. Without overwrite a hard link does it: it
// fails when name exists, where a rename would replace it.
func publish(tmp, name string, overwrite bool) error {
	var err error
	if overwrite {
		err = os.Rename(tmp, name)
	} else {
		err = os.Link(tmp, name)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}
