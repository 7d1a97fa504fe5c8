package lab

import (
	"path/filepath"
	"syscall"
	"testing"
)

func cloexec(fd int) (bool, error) {
	flags, _, errno := syscall.Syscall(syscall.SYS_FCNTL, uintptr(fd), syscall.F_GETFD, 0)
	if errno != 0 {
		return false, errno
	}
	return flags&syscall.FD_CLOEXEC != 0, nil
}

// A descriptor inherited without close-on-exec (what flock(1) hands its
// command) is not passed on to the nodes this process starts.
func TestInheritedDescriptorsStayOutOfNodes(t *testing.T) {
	fd, err := syscall.Open(filepath.Join(t.TempDir(), "lock"), syscall.O_CREAT|syscall.O_RDWR, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(fd)
	if on, _ := cloexec(fd); on {
		t.Fatal("the test descriptor is close-on-exec already: it proves nothing")
	}
	keepInheritedFromNodes()
	if on, err := cloexec(fd); err != nil || !on {
		t.Fatalf("close-on-exec %v, err %v: the descriptor would reach a node", on, err)
	}
}
