//go:build unix

package executor

import (
	"os/exec"
	"syscall"
)

// killProcessGroupOnCancel runs the command in its own process group and kills
// the whole group on timeout, so `sh -c 'sleep 600'` does not leave the sleep
// running after its shell is gone.
func killProcessGroupOnCancel(proc *exec.Cmd) {
	proc.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	proc.Cancel = func() error {
		return syscall.Kill(-proc.Process.Pid, syscall.SIGKILL)
	}
}
