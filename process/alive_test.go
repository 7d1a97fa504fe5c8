package process

import (
	"os"
	"testing"
)

func TestAliveProbesTheKernel(t *testing.T) {
	if !Alive(os.Getpid()) {
		t.Error("this process should be alive")
	}
	if Alive(1 << 30) {
		t.Error("a pid beyond pid_max should not be alive")
	}
}
