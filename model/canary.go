package model

import "strings"

// CanaryQueuePrefix starts the name of every queue warren's canary declares
// (warren.canary.<host>.<pid>). A killed warren leaves its queue behind
// until x-expires removes it, so checks that compare the cluster with a
// backup must not count these queues.
const CanaryQueuePrefix = "warren.canary."

// IsCanaryQueue reports whether a queue is one of warren's own canaries.
func IsCanaryQueue(name string) bool { return strings.HasPrefix(name, CanaryQueuePrefix) }
