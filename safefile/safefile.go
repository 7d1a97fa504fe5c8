// Package safefile reads files whose path someone else chose (a path the
// management API reports, a password or CA file named on the command line
// or in a targets file, a config to convert): only regular files, and only
// up to a size that makes sense for what they hold. /dev/zero, a FIFO or a
// 40 GB log must be an error, never a hang or an exhausted memory.
package safefile

import (
	"fmt"
	"io"
	"os"
)

// Size limits for the kinds of file warren reads.
const (
	SecretLimit = 64 << 10 // a password file
	CertLimit   = 1 << 20  // a CA bundle, a key
	ConfigLimit = 16 << 20 // rabbitmq.conf, rabbitmq.config, a targets file
)

// Read returns the content of the regular file at path, refusing anything
// else and anything larger than limit bytes.
func Read(path string, limit int64) ([]byte, error) {
	// Non-blocking: opening a FIFO for reading would wait for a writer.
	f, err := os.OpenFile(path, os.O_RDONLY|oNonBlock, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file (%s)", path, info.Mode().Type())
	}
	if info.Size() > limit {
		return nil, fmt.Errorf("%s is %d bytes, more than the %d this file may hold", path, info.Size(), limit)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s grew past the %d bytes this file may hold", path, limit)
	}
	return data, nil
}
