//go:build unix

package process

import (
	"errors"
	"syscall"
)

// Alive asks the kernel; EPERM means it exists but is someone else's.
func Alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
