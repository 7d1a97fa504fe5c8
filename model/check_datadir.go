package model

import "fmt"

// DataDirRoom judges free disk against the data directory's size: a backup
// copy on the same disk, or a data layout migration at the upgrade, needs
// room for a full copy of it (facts §5.1, "keep free disk space for at
// least a full copy of the data directory") and must not reach the disk
// alarm, which blocks every publisher. dataDirBytes is measured on the node
// (the API does not report it); nil means the node has room.
func DataDirRoom(n Node, dataDirBytes int64) *Finding {
	if n.DiskFree <= 0 || dataDirBytes < 0 {
		return &Finding{Code: CodeNotChecked, Severity: Warning, Title: "disk room for a copy of " + n.Name + "'s data directory could not be checked",
			Evidence: []string{fmt.Sprintf("%s: free disk %d, data directory %d bytes", n.Name, n.DiskFree, dataDirBytes)}}
	}
	left := n.DiskFree - dataDirBytes
	if left >= n.DiskFreeLimit {
		return nil
	}
	return &Finding{Code: CodeDiskHeadroom, Severity: Warning, Title: "no room for a full copy of " + n.Name + "'s data directory",
		Evidence: []string{fmt.Sprintf("%s: %s free, data directory %s: a full copy would leave %s, below the disk alarm at %s",
			n.Name, bytesWord(n.DiskFree), bytesWord(dataDirBytes), bytesWord(max(left, 0)), bytesWord(n.DiskFreeLimit))},
		Remedy: "free disk on " + n.Name + " (or back up to another disk with --backup-dir) before the backup and the upgrade",
		Doc:    DocDiskAlarms,
	}
}
