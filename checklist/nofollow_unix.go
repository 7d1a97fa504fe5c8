//go:build unix

package checklist

import "syscall"

// oNoFollow makes opening a journal that is a symbolic link fail: a link
// planted in a run directory must not make warren append to, or cut, a file
// elsewhere.
const oNoFollow = syscall.O_NOFOLLOW
