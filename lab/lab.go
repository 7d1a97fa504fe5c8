package lab

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// NodeStatus is what Status reports for one node.
type NodeStatus struct {
	Node
	PID    int
	State  string // running, frozen, booting, stopped
	Joined bool
}

// Status inspects the lab's processes and ports without talking Erlang, so it
// is instant and works on a sick lab.
func (c Config) Status() []NodeStatus {
	var out []NodeStatus
	for _, n := range c.AllNodes() {
		pid, procState := n.processState()
		st := NodeStatus{Node: n, PID: pid, State: "stopped"}
		_, err := os.Stat(n.joinedMarker())
		st.Joined = n.Index == 1 || err == nil
		switch {
		case pid == 0:
		case procState == "T":
			st.State = "frozen"
		case PortOpen(n.AMQPPort) && PortOpen(n.MgmtPort):
			st.State = "running"
		default:
			st.State = "booting"
		}
		out = append(out, st)
	}
	return out
}

// Up starts every stopped node, clusters new ones and waits until the whole
// cluster reports running. On a running lab it returns at once.
func (c Config) Up(ctx context.Context, log func(string)) error {
	c, err := c.Prepare("", 0)
	if err != nil {
		return err
	}
	if c.RootDir != "" {
		rel, err := ReleaseFor(c.Series)
		if err != nil {
			return err
		}
		if _, err := RootOf(rel).Ensure(ctx, false, log); err != nil {
			return err
		}
	}
	if err := c.checkInstalled(); err != nil {
		return err
	}
	if c.allRunning() {
		log("lab already up")
		return nil
	}
	if err := c.writeNodeFiles(); err != nil {
		return err
	}
	c.repairPIDFiles()
	if err := c.startStopped(ctx, log); err != nil {
		return err
	}
	if err := c.reviveSilent(ctx, log); err != nil {
		return err
	}
	if err := c.joinNew(ctx, log); err != nil {
		return err
	}
	return c.waitClusterRunning(ctx)
}

func (c Config) allRunning() bool {
	for _, st := range c.Status() {
		if st.State != "running" || !st.Joined {
			return false
		}
	}
	return true
}

// startStopped starts all stopped nodes in parallel: a clustered node waits
// for its peers' tables at boot, so starting them one by one would deadlock.
// Booting together has its own race: a 3.10 node syncs feature flags with a
// peer whose registry is not loaded yet and dies (incompatible_feature_flags
// with badmap undefined). A node that died so gets one more start once its
// peers are up, as an operator would do.
func (c Config) startStopped(ctx context.Context, log func(string)) error {
	errs := c.startInParallel(ctx, log)
	for i, err := range errs {
		if err == nil || !errors.Is(err, errBootExited) {
			continue
		}
		n := c.Node(i + 1)
		log(fmt.Sprintf("%s exited while booting together with its peers; starting it again", n.Name))
		exited, serr := c.startProcess(n)
		if serr != nil {
			continue
		}
		if werr := c.waitReady(ctx, n, exited); werr == nil {
			errs[i] = nil
		} else {
			errs[i] = fmt.Errorf("%w (first start: %v)", werr, err)
		}
	}
	return errors.Join(errs...)
}

func (c Config) startInParallel(ctx context.Context, log func(string)) []error {
	var wg sync.WaitGroup
	errs := make([]error, c.Nodes)
	for i, st := range c.Status() {
		if st.State == "running" || st.State == "booting" {
			continue
		}
		if st.State == "frozen" {
			errs[i] = fmt.Errorf("lab: %s is frozen (SIGSTOP); thaw it first", st.Name)
			continue
		}
		log("starting " + st.Name)
		wg.Add(1)
		go func(i int, n Node) {
			defer wg.Done()
			exited, err := c.startProcess(n)
			if err != nil {
				errs[i] = err
				return
			}
			errs[i] = c.waitReady(ctx, n, exited)
		}(i, st.Node)
	}
	wg.Wait()
	return errs
}

// repairPIDFiles rewrites the pid file of a node that runs without one (an
// interrupted start loses it), so `rabbitmqctl stop PIDFILE` works again.
func (c Config) repairPIDFiles() {
	for _, n := range c.AllNodes() {
		if pid, _ := n.processState(); pid != 0 && n.pid() != pid {
			_ = os.WriteFile(n.PIDFile(), []byte(fmt.Sprintf("%d\n", pid)), 0o644)
		}
	}
}

// reviveSilent brings back nodes whose process runs but whose listeners are
// closed: a drained node (maintenance mode) left behind by an interrupted
// rehearsal, or one still booting. revive is a no-op on a node that is not
// drained, so it is safe on a booting one; then wait for it to serve.
func (c Config) reviveSilent(ctx context.Context, log func(string)) error {
	var errs []error
	for _, st := range c.Status() {
		if st.State != "booting" {
			continue
		}
		log("reviving " + st.Name + " (process up, listeners closed: drained or booting)")
		_, _ = c.ctl(ctx, st.Node, "rabbitmq-upgrade", "revive")
		errs = append(errs, c.waitReady(ctx, st.Node, nil))
	}
	return errors.Join(errs...)
}

// joinNew clusters nodes 2..N that have never joined node 1.
func (c Config) joinNew(ctx context.Context, log func(string)) error {
	first := c.Node(1)
	for _, n := range c.AllNodes()[1:] {
		if _, err := os.Stat(n.joinedMarker()); err == nil {
			continue
		}
		log(fmt.Sprintf("joining %s to %s", n.Name, first.Name))
		if _, err := c.ctl(ctx, n, "rabbitmqctl", "stop_app"); err != nil {
			return err
		}
		// A freshly booted node joins without a reset; reset only if refused.
		if _, err := c.ctl(ctx, n, "rabbitmqctl", "join_cluster", first.Name); err != nil {
			if _, rerr := c.ctl(ctx, n, "rabbitmqctl", "reset"); rerr != nil {
				return err
			}
			if _, err := c.ctl(ctx, n, "rabbitmqctl", "join_cluster", first.Name); err != nil {
				return err
			}
		}
		if _, err := c.ctl(ctx, n, "rabbitmqctl", "start_app"); err != nil {
			return err
		}
		if err := c.waitReady(ctx, n, nil); err != nil {
			return err
		}
		if err := os.WriteFile(n.joinedMarker(), []byte(first.Name+"\n"), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Down stops every running node gracefully, in parallel.
func (c Config) Down(ctx context.Context, log func(string)) error {
	var wg sync.WaitGroup
	errs := make([]error, c.Nodes)
	for i, n := range c.AllNodes() {
		wg.Add(1)
		go func(i int, n Node) {
			defer wg.Done()
			errs[i] = c.stopNode(ctx, n, log)
		}(i, n)
	}
	wg.Wait()
	c.leaveRoot()
	return errors.Join(errs...)
}

// node checks the 1-based index and returns the node.
func (c Config) node(i int) (Node, error) {
	if i < 1 || i > c.Nodes {
		return Node{}, fmt.Errorf("lab: no node %d (the lab has nodes 1..%d)", i, c.Nodes)
	}
	return c.Node(i), nil
}

// StopNode stops node i gracefully and waits until its process is gone.
func (c Config) StopNode(ctx context.Context, i int, log func(string)) error {
	n, err := c.node(i)
	if err != nil {
		return err
	}
	defer c.leaveRoot()
	return c.stopNode(ctx, n, log)
}

func (c Config) stopNode(ctx context.Context, n Node, log func(string)) error {
	pid, state := n.processState()
	if pid == 0 {
		return nil
	}
	if state == "T" {
		_ = syscall.Kill(pid, syscall.SIGCONT)
	}
	log("stopping " + n.Name)
	_, err := c.ctl(ctx, n, "rabbitmqctl", "stop", n.PIDFile())
	return err
}

// StartNode starts node i (rejoining its cluster) and waits until it serves.
func (c Config) StartNode(ctx context.Context, i int, log func(string)) error {
	n, err := c.node(i)
	if err != nil {
		return err
	}
	if err := c.checkInstalled(); err != nil {
		return err
	}
	if pid, state := n.processState(); pid != 0 {
		if state == "T" {
			return fmt.Errorf("lab: %s is frozen (SIGSTOP); thaw it first", n.Name)
		}
		return c.waitReady(ctx, n, nil)
	}
	if err := c.writeNodeFiles(); err != nil {
		return err
	}
	log("starting " + n.Name)
	exited, err := c.startProcess(n)
	if err != nil {
		return err
	}
	return c.waitReady(ctx, n, exited)
}

// KillNode sends SIGKILL to node i's beam, for fault rehearsal.
func (c Config) KillNode(i int) error { return c.signal(i, syscall.SIGKILL) }

// FreezeNode sends SIGSTOP to node i's beam: the node hangs without dying,
// which is what makes a sick node hard to see.
func (c Config) FreezeNode(i int) error { return c.signal(i, syscall.SIGSTOP) }

// ThawNode sends SIGCONT to a frozen node.
func (c Config) ThawNode(i int) error { return c.signal(i, syscall.SIGCONT) }

func (c Config) signal(i int, sig syscall.Signal) error {
	n, err := c.node(i)
	if err != nil {
		return err
	}
	pid, _ := n.processState()
	if pid == 0 {
		return fmt.Errorf("lab: %s is not running", n.Name)
	}
	if err := syscall.Kill(pid, sig); err != nil {
		return fmt.Errorf("lab: signal %s: %w", n.Name, err)
	}
	switch sig {
	case syscall.SIGKILL:
		_ = os.Remove(n.PIDFile())
		waitGone(pid, 5*time.Second)
		c.leaveRoot()
	case syscall.SIGSTOP:
		// The signal is delivered asynchronously: return once the process
		// shows as stopped, so what follows sees a frozen node (bounded).
		for deadline := time.Now().Add(2 * time.Second); procState(pid) != "T" && time.Now().Before(deadline); {
			time.Sleep(20 * time.Millisecond)
		}
	}
	return nil
}

// waitGone waits (bounded) until pid no longer runs.
func waitGone(pid int, limit time.Duration) {
	for deadline := time.Now().Add(limit); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if procState(pid) == "" {
			return
		}
	}
}

// Destroy kills every node and removes the lab's directory, then stops epmd
// when no other Erlang node is registered with it.
func (c Config) Destroy(log func(string)) error {
	for _, n := range c.AllNodes() {
		if pid, _ := n.processState(); pid != 0 {
			log("killing " + n.Name)
			_ = syscall.Kill(pid, syscall.SIGCONT)
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
	for _, n := range c.AllNodes() {
		if pid, _ := n.processState(); pid != 0 {
			waitGone(pid, 5*time.Second)
		}
	}
	// Unmount first: removing the lab through its bind mount would be the
	// same files, but the mount point inside the root must go too.
	c.leaveRoot()
	if err := os.RemoveAll(c.BaseDir); err != nil {
		return fmt.Errorf("lab: remove %s: %w", c.BaseDir, err)
	}
	for _, rel := range Releases {
		inside := filepath.Join(RootOf(rel).Dir, c.BaseDir)
		if !isMountPoint(inside) {
			_ = os.Remove(inside) // the empty mount point only
		}
	}
	stopIdleEpmd()
	return nil
}

// stopIdleEpmd stops epmd only if no names remain registered.
func stopIdleEpmd() {
	out, err := exec.Command("epmd", "-names").CombinedOutput()
	if err != nil || strings.Contains(string(out), "name ") {
		return
	}
	_ = exec.Command("epmd", "-kill").Run()
}
