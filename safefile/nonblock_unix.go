//go:build unix

package safefile

import "syscall"

const oNonBlock = syscall.O_NONBLOCK
