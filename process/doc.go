// Package process answers questions about local processes that several
// packages share: whether the process that left a lock, or named a canary
// queue, still runs.
package process
