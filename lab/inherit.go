package lab

import (
	"os"
	"strconv"
	"syscall"
)

// keepInheritedFromChildren marks every descriptor this process inherited
// beyond stdin, stdout and stderr close-on-exec, so the nodes (and the
// epmd) a lab starts never hold them. Go closes its own descriptors on
// exec, but not those its parent left open: run as
// `flock LOCK warren lab up`, the nodes kept the lock's descriptor and held
// the lock for as long as they ran, long after warren exited. Where
// /proc/self/fd cannot be read there is nothing to do it with.
func keepInheritedFromChildren() {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return
	}
	for _, e := range entries {
		if fd, err := strconv.Atoi(e.Name()); err == nil && fd > 2 {
			syscall.CloseOnExec(fd)
		}
	}
}
