//go:build !unix

package process

// Alive cannot tell here, so it assumes alive: a lock or a canary queue is
// never called stale by guesswork.
func Alive(int) bool { return true }
