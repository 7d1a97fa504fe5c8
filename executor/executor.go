package executor

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Executor runs one command on one node. Run never panics and never returns
// a Go error: every outcome, including refusals, is a Result for the journal.
type Executor interface {
	Name() string
	Run(ctx context.Context, node string, cmd Command) Result
}

// Executor kinds accepted by New.
const (
	KindManual = "manual"
	KindLocal  = "local"
	KindSSH    = "ssh"
)

// DefaultCommandTimeout bounds a command whose Command.Timeout is zero.
const DefaultCommandTimeout = 10 * time.Minute

// Options configures the executors; each kind reads only what it needs.
type Options struct {
	// CommandTimeout replaces DefaultCommandTimeout when non-zero.
	CommandTimeout time.Duration
	// OutputLimit is the bytes kept at each end of stdout and stderr.
	OutputLimit int
	// SSH is the target's ssh block; Nodes maps node names to SSH hosts.
	SSH   SSHConfig
	Nodes []NodeSSH
}

var constructors = map[string]func(Options) (Executor, error){
	KindManual: func(Options) (Executor, error) { return Manual{}, nil },
	KindLocal:  func(o Options) (Executor, error) { return NewLocal(o), nil },
	KindSSH:    func(o Options) (Executor, error) { return NewSSH(o) },
}

// New builds the executor of the given kind; an empty kind means manual.
func New(kind string, opts Options) (Executor, error) {
	if kind == "" {
		kind = KindManual
	}
	build, ok := constructors[kind]
	if !ok {
		return nil, fmt.Errorf("unknown executor %q (want one of: %s)", kind, strings.Join(Kinds(), ", "))
	}
	return build(opts)
}

// Kinds lists the executor kinds New accepts, for flag help.
func Kinds() []string {
	kinds := make([]string, 0, len(constructors))
	for kind := range constructors {
		kinds = append(kinds, kind)
	}
	sort.Strings(kinds)
	return kinds
}

// commandTimeout picks the command's own timeout, then the configured one.
func commandTimeout(cmd Command, configured time.Duration) time.Duration {
	switch {
	case cmd.Timeout > 0:
		return cmd.Timeout
	case configured > 0:
		return configured
	}
	return DefaultCommandTimeout
}

// contextErrorKind tells a timeout from a cancellation once ctx is done.
func contextErrorKind(parent context.Context) ErrorKind {
	if parent.Err() != nil {
		return ErrorCancelled
	}
	return ErrorTimeout
}
