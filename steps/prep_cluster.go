package steps

// PrepCluster is what the preparation and compatibility phases read from the
// live cluster beyond the snapshot.
type PrepCluster interface{}
