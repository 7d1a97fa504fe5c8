package lab

import (
	"os"
	"strconv"
	"syscall"
)

// keepInheritedFromNodes marks every descriptor this process inherited
// close-on-exec before it starts a node. A node outlives whoever started
// it, so it must not hold what its starter was handed: flock(1) passes its
// lock to the command it runs, and a node that inherited it kept the lock
// held for every other test run long after the run that started it ended.
// Go opens its own files close-on-exec; only inherited ones need this.
func keepInheritedFromNodes() {
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
