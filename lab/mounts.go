package lab

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// A lab that runs from a release root needs two mounts inside it while its
// nodes run: /proc (the Erlang VM reads it) and the lab's own directory,
// bind-mounted at the same path. With the bind mount every path — pid file,
// logs, data, cookie — is the same inside the root and on the host, so
// status, logs and backups work from the host, and a node can move to
// another root keeping its data.

// ensureMounts mounts /proc and the lab directory inside root.
func ensureMounts(root, labDir string) error {
	proc := filepath.Join(root, "proc")
	if !isMountPoint(proc) {
		if err := syscall.Mount("proc", proc, "proc", 0, ""); err != nil {
			return fmt.Errorf("lab: mount /proc in %s: %w", root, err)
		}
	}
	inside := filepath.Join(root, labDir)
	if isMountPoint(inside) {
		return nil
	}
	if err := os.MkdirAll(inside, 0o755); err != nil {
		return fmt.Errorf("lab: %w", err)
	}
	if err := syscall.Mount(labDir, inside, "", syscall.MS_BIND, ""); err != nil {
		return fmt.Errorf("lab: bind-mount %s into %s: %w", labDir, root, err)
	}
	return nil
}

// releaseMounts unmounts the lab directory from root once none of the
// lab's nodes runs there, and /proc once nothing at all runs there. Lazy
// unmounts: a CLI tool finishing its exit must not make this fail.
func releaseMounts(root, labDir string, labRuns bool) {
	if root == "" {
		return
	}
	inside := filepath.Join(root, labDir)
	// Bounded: a mount stacked twice (by an older warren) comes off too.
	for i := 0; i < 4 && !labRuns && isMountPoint(inside); i++ {
		_ = syscall.Unmount(inside, syscall.MNT_DETACH)
	}
	proc := filepath.Join(root, "proc")
	if len(processesIn(root)) == 0 && isMountPoint(proc) {
		_ = syscall.Unmount(proc, syscall.MNT_DETACH)
	}
}

// isMountPoint reports whether path is a mount point of this namespace.
func isMountPoint(path string) bool {
	for _, m := range mountPoints() {
		if m == filepath.Clean(path) {
			return true
		}
	}
	return false
}

// mountsUnder lists the mount points at or below dir.
func mountsUnder(dir string) []string {
	dir = filepath.Clean(dir)
	var out []string
	for _, m := range mountPoints() {
		if m == dir || strings.HasPrefix(m, dir+"/") {
			out = append(out, m)
		}
	}
	return out
}

// mountPoints reads this namespace's mount table (field 5 of mountinfo;
// spaces are escaped as \040).
func mountPoints() []string {
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) > 4 {
			out = append(out, strings.ReplaceAll(fields[4], `\040`, " "))
		}
	}
	return out
}

// processesIn lists the processes whose root directory is root, except
// epmd: an Erlang VM starts one if none runs, it is shared by every lab on
// the machine and outlives them by design.
func processesIn(root string) []int {
	root = filepath.Clean(root)
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var out []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		dir, err := os.Readlink(fmt.Sprintf("/proc/%d/root", pid))
		if err != nil || filepath.Clean(dir) != root {
			continue
		}
		comm, _ := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
		if strings.TrimSpace(string(comm)) == "epmd" {
			continue
		}
		out = append(out, pid)
	}
	return out
}
