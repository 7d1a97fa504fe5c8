//go:build !unix

package checklist

// processAlive cannot tell here, so it assumes alive: a lock is never called
// stale by guesswork.
func processAlive(int) bool { return true }
