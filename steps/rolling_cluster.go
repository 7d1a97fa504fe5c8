package steps

// RollingCluster is what the rolling, post-upgrade and rollback phases need
// from the live cluster beyond the snapshot.
type RollingCluster interface{}
