package lab

import (
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// A descriptor left open by whoever started warren (flock's lock, say) is
// not passed on to the processes a lab starts.
func TestInheritedDescriptorsStayOutOfNodes(t *testing.T) {
	fd, err := syscall.Open(t.TempDir(), syscall.O_RDONLY, 0) // no O_CLOEXEC: as inherited
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(fd)
	seen := func() bool {
		out, err := exec.Command("sh", "-c", "ls /proc/self/fd").Output()
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range strings.Fields(string(out)) {
			if f == strconv.Itoa(fd) {
				return true
			}
		}
		return false
	}
	if !seen() {
		t.Skip("this system does not pass such descriptors on anyway")
	}
	keepInheritedFromChildren()
	if seen() {
		t.Fatalf("descriptor %d still reaches a child process", fd)
	}
}
