//go:build !unix

package executor

import "os/exec"

// killProcessGroupOnCancel keeps os/exec's default: kill the process itself.
func killProcessGroupOnCancel(*exec.Cmd) {}
