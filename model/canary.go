package model

import (
	"fmt"
	"strconv"
	"strings"
)

// CanaryQueuePrefix starts the name of every queue warren's canary declares
// (warren.canary.<host>.<pid>). A killed warren leaves its queue behind
// until x-expires removes it (or, on versions whose quorum queues refuse
// x-expires, until the next warren on that host sweeps it), so checks that
// compare the cluster with a backup must not count these queues.
const CanaryQueuePrefix = "warren.canary."

// IsCanaryQueue reports whether a queue is one of warren's own canaries.
func IsCanaryQueue(name string) bool { return strings.HasPrefix(name, CanaryQueuePrefix) }

// CanaryQueueName names the canary queue of process pid on host.
func CanaryQueueName(host string, pid int) string {
	return fmt.Sprintf("%s%s.%d", CanaryQueuePrefix, host, pid)
}

// CanaryQueueOwner reads back the host and pid a canary queue was named
// after; ok is false for any other name.
func CanaryQueueOwner(name string) (host string, pid int, ok bool) {
	rest, found := strings.CutPrefix(name, CanaryQueuePrefix)
	dot := strings.LastIndexByte(rest, '.')
	if !found || dot <= 0 {
		return "", 0, false
	}
	pid, err := strconv.Atoi(rest[dot+1:])
	if err != nil || pid <= 0 {
		return "", 0, false
	}
	return rest[:dot], pid, true
}
