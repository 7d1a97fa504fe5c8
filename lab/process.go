package lab

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/warren-sre/warren/model"
)

// ErrNotInstalled says how to get the server when it is missing.
var ErrNotInstalled = errors.New("rabbitmq-server is not installed; install it with: " +
	"apt-get update && apt-get install -y rabbitmq-server")

// checkInstalled fails when the lab's RabbitMQ is not there: the host's
// package (ErrNotInstalled) or the lab's release root.
func (c Config) checkInstalled() error {
	if c.RootDir != "" {
		if _, err := (Root{Dir: c.RootDir}).Info(); err != nil {
			return fmt.Errorf("%w; `warren lab up --version %s` builds it", err, c.Series)
		}
		return nil
	}
	if _, err := os.Stat(filepath.Join(c.BinDir, "rabbitmq-server")); err != nil {
		return ErrNotInstalled
	}
	return nil
}

// command runs one of the real RabbitMQ scripts for the lab: directly from
// the host's package, or inside the lab's release root with chroot. The
// lab directory is bind-mounted at the same path inside the root, so
// environment paths mean the same thing in both.
func (c Config) command(ctx context.Context, root, tool string, args ...string) *exec.Cmd {
	program := filepath.Join(c.BinDir, tool)
	if root == "" {
		return exec.CommandContext(ctx, program, args...)
	}
	return exec.CommandContext(ctx, "chroot", append([]string{root, program}, args...)...)
}

// enterRoot makes the root ready to run the lab's nodes: its mounts, and
// an epmd started on the host, so the one every lab shares does not live
// inside a root (it would keep that root busy forever).
func (c Config) enterRoot(root string) error {
	if root == "" {
		return nil
	}
	if epmd, err := exec.LookPath("epmd"); err == nil {
		_ = exec.Command(epmd, "-daemon").Run()
	}
	// Nodes start in parallel: one mounts, the others see it mounted.
	unlock, err := lockFile(filepath.Join(c.BaseDir, ".mounts.lock"))
	if err != nil {
		return err
	}
	defer unlock()
	return ensureMounts(root, c.BaseDir)
}

// leaveRoot releases the lab's mounts in every release root none of its
// nodes runs in any more (a node moved to another version may have left
// one behind).
func (c Config) leaveRoot() {
	if _, err := os.Stat(c.BaseDir); err != nil {
		return
	}
	unlock, err := lockFile(filepath.Join(c.BaseDir, ".mounts.lock"))
	if err != nil {
		return
	}
	defer unlock()
	inUse := map[string]bool{}
	for _, n := range c.AllNodes() {
		if pid, _ := n.processState(); pid != 0 {
			inUse[processRoot(pid)] = true
		}
	}
	for _, rel := range Releases {
		root := RootOf(rel).Dir
		if isMountPoint(filepath.Join(root, c.BaseDir)) || isMountPoint(filepath.Join(root, "proc")) {
			releaseMounts(root, c.BaseDir, inUse[root])
		}
	}
}

// processRoot is the root directory a process runs in.
func processRoot(pid int) string {
	dir, err := os.Readlink(fmt.Sprintf("/proc/%d/root", pid))
	if err != nil {
		return ""
	}
	return filepath.Clean(dir)
}

// pid reads the node's beam PID from its pid file; 0 when there is none.
func (n Node) pid() int {
	raw, err := os.ReadFile(n.PIDFile())
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(raw)))
	if err != nil {
		return 0
	}
	return pid
}

// processState returns the node's server beam PID and its /proc state
// letter (R, S, T for stopped by a signal, ...), or pid 0 when none runs.
// The pid file is written late in boot and lost if a start is interrupted,
// so when it is missing or stale the process table is searched instead: a
// booting node must never look stopped (a second start would crash it).
func (n Node) processState() (pid int, state string) {
	if pid := n.pid(); pid != 0 && n.isServerBeam(pid) {
		return pid, procState(pid)
	}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0, ""
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err == nil && n.isServerBeam(pid) {
			return pid, procState(pid)
		}
	}
	return 0, ""
}

// isServerBeam reports whether pid is this node's server (not a CLI tool,
// which runs with the same environment): a beam booting the rabbit app.
func (n Node) isServerBeam(pid int) bool {
	environ, err := os.ReadFile(fmt.Sprintf("/proc/%d/environ", pid))
	if err != nil || !bytes.Contains(environ, []byte("RABBITMQ_NODENAME="+n.Name+"\x00")) {
		return false
	}
	cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil {
		return false
	}
	return bytes.Contains(cmdline, []byte("beam")) && bytes.Contains(cmdline, []byte("-s\x00rabbit\x00boot"))
}

// procState is the state letter of /proc/PID/stat; "" when it is gone, and
// "" for a zombie (it no longer runs).
func procState(pid int) string {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return ""
	}
	fields := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
	if len(fields) == 0 || fields[0] == "Z" {
		return ""
	}
	return fields[0]
}

// PortOpen reports whether something accepts TCP connections on the
// loopback port (300 ms at most).
func PortOpen(port int) bool {
	conn, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), 300*time.Millisecond)
	if err != nil {
		return false
	}
	conn.Close()
	return true
}

// busyPort is a port of n that still accepts connections after waiting up
// to limit: a node killed a moment ago can leave its listeners answering
// for a short while (seen once in a few runs right after SIGKILL), and a
// start must not be refused for that; a port another process holds stays
// busy and is reported.
func busyPort(n Node, limit time.Duration) int {
	deadline := time.Now().Add(limit)
	for {
		busy := 0
		for _, port := range []int{n.AMQPPort, n.MgmtPort, n.DistPort} {
			if PortOpen(port) {
				busy = port
				break
			}
		}
		if busy == 0 || time.Now().After(deadline) {
			return busy
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// startProcess launches the node's server in its own session so it outlives
// the warren process that started it. The returned channel closes when the
// server process exits, which during boot means the boot failed.
func (c Config) startProcess(n Node) (<-chan struct{}, error) {
	if port := busyPort(n, 5*time.Second); port != 0 {
		return nil, fmt.Errorf("lab: %s: port %d is already in use by another process", n.Name, port)
	}
	logFile, err := os.OpenFile(n.StdoutLog(), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lab: %s: %w", n.Name, err)
	}
	defer logFile.Close()
	// The log keeps every boot; this line tells where this one begins, so
	// a failure is explained by this boot's words, not an older one's.
	fmt.Fprintf(logFile, "%s%s at %s\n", bootMarker, n.Name, time.Now().UTC().Format(time.RFC3339))
	keepInheritedFromChildren()
	root := c.RootOf(n)
	if err := c.enterRoot(root); err != nil {
		return nil, err
	}
	cmd := c.command(context.Background(), root, "rabbitmq-server")
	cmd.Env = c.Env(n)
	cmd.Dir = n.Dir
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("lab: start %s: %w", n.Name, err)
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait() // also reaps it if this process lives on (tests)
		close(exited)
	}()
	return exited, nil
}

// Ctl runs one of the real CLI scripts (rabbitmqctl, rabbitmq-upgrade…)
// of node i's root against node i, as an operator on its host would.
func (c Config) Ctl(ctx context.Context, i int, tool string, args ...string) (string, error) {
	n, err := c.node(i)
	if err != nil {
		return "", err
	}
	return c.ctl(ctx, n, tool, args...)
}

// ctl runs one of the real CLI scripts against node n.
func (c Config) ctl(ctx context.Context, n Node, tool string, args ...string) (string, error) {
	argv := append([]string{"-n", n.Name}, args...)
	cmd := c.command(ctx, c.RootOf(n), tool, argv...)
	cmd.Env = c.Env(n)
	cmd.Dir = n.Dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("lab: %s %s on %s: %w: %s", tool, strings.Join(args, " "), n.Name, err, lastLines(string(out), 5))
	}
	return string(out), nil
}

// lastLines returns the last n non-empty lines of s, joined by " | ".
func lastLines(s string, n int) string {
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			lines = append(lines, strings.TrimSpace(l))
		}
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}

// bootMarker starts each boot's part of the stdout log.
const bootMarker = "=== warren lab: starting "

// logTail explains a failed boot: the node's own reason first (what
// model.BootFailure finds in its logs), then the tail of each log.
func (n Node) logTail() string {
	var reason, parts []string
	for _, f := range []string{n.StdoutLog(), n.LogFile()} {
		raw, err := readTail(f, 256<<10)
		if err != nil || len(raw) == 0 {
			continue
		}
		if i := strings.LastIndex(raw, bootMarker); i >= 0 {
			raw = raw[i:]
		}
		if reason == nil {
			reason = model.BootFailure(raw)
		}
		parts = append(parts, filepath.Base(f)+": "+lastLines(raw, 6))
	}
	// The reason goes last: callers keep the tail of long output.
	if len(reason) > 0 {
		parts = append(parts, "the node says: "+strings.Join(reason, " | "))
	}
	return strings.Join(parts, "\n")
}

// readTail reads at most the last max bytes of a file: a crash-looping
// node's log grows without bound.
func readTail(path string, max int64) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "", err
	}
	if off := st.Size() - max; off > 0 {
		if _, err := f.Seek(off, 0); err != nil {
			return "", err
		}
	}
	raw, err := io.ReadAll(io.LimitReader(f, max))
	return string(raw), err
}
