//go:build unix

package checklist

import (
	"errors"
	"syscall"
)

// processAlive asks the kernel; EPERM means it exists but is someone else's.
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
