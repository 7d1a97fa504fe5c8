package steps

import (
	"context"
	"errors"
	"net/url"

	"github.com/warren-sre/warren/executor"
	"github.com/warren-sre/warren/model"
)

// MigrationCluster is what the blue-green runbook needs of each of its two
// clusters. broker.Cluster implements it.
type MigrationCluster interface {
	Nodes(ctx context.Context) model.NodesSample
	Connections(ctx context.Context) model.ConnectionsSample
	ExportDefinitions(ctx context.Context) ([]byte, error)
	ImportDefinitions(ctx context.Context, defs []byte) error
	MigrationPlugins(ctx context.Context) (map[string][]string, error)
	PutParameter(ctx context.Context, component, vhost, name string, value any) error
	DeleteParameter(ctx context.Context, component, vhost, name string) error
	Parameters(ctx context.Context, component string) ([]model.Parameter, error)
	Policies(ctx context.Context) ([]model.Policy, error)
	PutPolicy(ctx context.Context, p model.Policy) error
	DeletePolicy(ctx context.Context, vhost, name string) error
	Shovels(ctx context.Context) ([]model.ShovelStatus, error)
	QueueLoad(ctx context.Context) ([]model.Queue, error)
	ReadyCounter
	Consumers(ctx context.Context) ([]model.Consumer, error)
}

// Access is how green's federation links and shovels reach blue (or, on
// the way back, blue's): every node's AMQP URL and the credentials.
type Access struct {
	AMQPURLs []string
	User     string
	Password string
}

// URIs are the AMQP URIs of every node for one vhost, credentials in.
func (a Access) URIs(vhost string) ([]string, error) {
	if len(a.AMQPURLs) == 0 {
		return nil, errors.New("no AMQP URL known for blue's nodes")
	}
	var out []string
	for _, u := range a.AMQPURLs {
		uri, err := amqpURIFor(u, a.User, a.Password, vhost)
		if err != nil {
			return nil, err
		}
		out = append(out, uri)
	}
	return out, nil
}

// PluginPlan enables the federation and shovel plugins on one green node.
type PluginPlan struct {
	Node     string
	Commands []executor.Command
}

// BlueGreenConfig configures the blue-green runbook: blue is the cluster
// in service (the run's --target), green the new one on the target version.
type BlueGreenConfig struct {
	RunDir string
	// Target is the version green must run.
	Target model.Version
	// GreenName names green in the steps ("lab:green", a targets entry).
	GreenName   string
	Blue, Green MigrationCluster
	// BlueAccess is how green dials blue.
	BlueAccess Access
	// Plugins enable what the move needs, node by node, through Executor.
	Plugins  []PluginPlan
	Executor executor.Executor
	// Transform carries the operator's choices (--mirrored-to quorum).
	Transform model.TransformOptions
	// CanaryVHost is the vhost of warren's canary queue ("" when the run
	// has no canary): the federation step federates it too, so the canary
	// can publish on blue and consume on green, and the post-migration
	// gate judges what it measured across the move.
	CanaryVHost string
}

// BlueGreenRunbook is the whole blue-green runbook: preparation,
// compatibility, migration, post-migration, rollback. Its ids start with
// "bg." (the blue definitions backup is the rolling runbook's own step),
// stable for a run directory so it resumes.
func BlueGreenRunbook(cfg BlueGreenConfig) []Step {
	var out []Step
	out = append(out, bgPrepSteps(cfg)...)
	out = append(out, bgCompatSteps(cfg)...)
	out = append(out, bgMigrationSteps(cfg)...)
	out = append(out, bgPostSteps(cfg)...)
	out = append(out, bgRollbackSteps(cfg)...)
	return out
}

// errNoGreen: a blue-green step without its second cluster fails closed.
var errNoGreen = errors.New("no connection to green: start warren with --green-target")

// logCall journals one management API call an action made, as a command.
func logCall(env Env, argv []string, err error) {
	if env.LogCommand == nil {
		return
	}
	run := CommandRun{Argv: argv}
	if err != nil {
		run.ExitCode, run.Error = 1, err.Error()
	}
	env.LogCommand(run)
}

// amqpURIFor is an AMQP URI for one vhost of a node, with credentials:
// what a shovel or a federation upstream on green dials to reach blue.
// The password is in it: journal it only through the scrubber.
func amqpURIFor(amqpURL, user, password, vhost string) (string, error) {
	u, err := url.Parse(amqpURL)
	if err != nil {
		return "", err
	}
	u.User = url.UserPassword(user, password)
	u.Path, u.RawPath = "/"+vhost, "/"+url.PathEscape(vhost)
	return u.String(), nil
}

// localURIFor is the shovel destination URI of the cluster the shovel runs
// on, in one vhost ("amqp:///%2F" for the default one).
func localURIFor(vhost string) string { return "amqp:///" + url.PathEscape(vhost) }
