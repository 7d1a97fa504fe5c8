package steps

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/warren-sre/warren/executor"
	"github.com/warren-sre/warren/model"
)

// nodeBackupStep gives the exact commands that archive one node's config
// files and data directory. warren cannot see another host's disk, so the
// step passes when the archives are found on this machine, and otherwise
// waits for the operator to run the commands and acknowledge the step.
// With an executor, the step's action runs (or, manual, shows) them.
//
// The paths come from the node as the latest snapshot reports it, re-read
// by the action and the check alike: a node restarted just before the run
// was built has no db_dir yet, and must not stay "no backup command" for
// good. The commands shown are the plan from when the run was built.
func nodeBackupStep(layout BackupLayout, layoutErr error, first model.Node, ex executor.Executor) Step {
	planNow := func(env Env) nodeBackup { return planNodeBackup(layout, layoutErr, latestNode(env, first)) }
	shown := planNodeBackup(layout, layoutErr, first)
	var action *Action
	if ex != nil && layoutErr == nil {
		action = &Action{Commands: commandArgvs(shown.cmds), Run: func(ctx context.Context, env Env) (string, error) {
			plan := planNow(env)
			if len(plan.problems) > 0 {
				return "", fmt.Errorf("no backup command for %s: %s", plan.node, strings.Join(plan.problems, "; "))
			}
			room, err := roomForACopy(ctx, env, ex, latestNode(env, first))
			if err != nil {
				return room, err
			}
			out, err := runBackup(ctx, env, ex, plan.node, plan.cmds)
			return room + out, err
		}}
	}
	return Step{
		ID: "prep.backup." + first.Name, Phase: Preparation, Block: first.Name, Title: "Back up config and data directory of " + first.Name,
		Why: "the only way back from a failed upgrade of this node is its files as they were; " +
			"the data directory copy is consistent only while the node is stopped (take it during this node's rolling block, before the package upgrade). " +
			"The action first measures the data directory (du -sk) and refuses when a full copy would bring the disk to its alarm.",
		Gate: true, Commands: commandArgvs(shown.cmds), Action: action,
		Check: func(_ context.Context, env Env) Result {
			plan := planNow(env)
			return stampResult(env, checkArchives(plan.node, plan.archives, plan.problems))
		},
	}
}

// latestNode is first as the latest snapshot reports it: paths the API did
// not report then (a node still booting) are taken from now; what it no
// longer reports (a node now down) keeps the earlier answer.
func latestNode(env Env, first model.Node) model.Node {
	for _, n := range env.Snapshot.Nodes.Value {
		if n.Name != first.Name {
			continue
		}
		if n.DataDir != "" {
			first.DataDir = n.DataDir
		}
		if len(n.ConfigFiles) > 0 {
			first.ConfigFiles = n.ConfigFiles
		}
	}
	return first
}

// nodeBackup is what backing one node up takes, or why it cannot be done.
type nodeBackup struct {
	node     string
	cmds     []executor.Command
	archives []string
	problems []string
}

// planNodeBackup builds the commands writing the archives the run's layout
// names (layoutErr: the layout could not be read or recorded).
func planNodeBackup(layout BackupLayout, layoutErr error, n model.Node) nodeBackup {
	plan := nodeBackup{node: n.Name}
	if n.DataDir == "" {
		plan.problems = append(plan.problems, "the API did not report the data directory (db_dir) of "+n.Name)
	}
	if layoutErr == nil {
		layoutErr = executor.ValidatePath(layout.Dir)
	}
	if layoutErr != nil {
		plan.problems = append(plan.problems, "no archive names for this run: "+layoutErr.Error())
		return plan
	}
	names := layout.Archives(n.Name)
	plan.cmds = append(plan.cmds, makeBackupDir(layout.Dir))
	if len(n.ConfigFiles) > 0 {
		plan.add(names.Config, n.ConfigFiles...)
	}
	if n.DataDir != "" {
		plan.add(names.Data, n.DataDir)
	}
	return plan
}

// makeBackupDir creates the archives' directory, private: the archives
// hold password hashes and config secrets. tar does not create it.
func makeBackupDir(dir string) executor.Command {
	return executor.Command{Argv: []string{"mkdir", "-p", "-m", "0700", dir},
		Description: "create the backup directory " + dir}
}

func (p *nodeBackup) add(archive string, paths ...string) {
	cmds, err := executor.Backup(archive, paths...)
	if err != nil {
		p.problems = append(p.problems, err.Error())
		return
	}
	p.cmds = append(p.cmds, cmds...)
	p.archives = append(p.archives, archive)
}

func checkArchives(node string, archives, problems []string) Result {
	if len(problems) > 0 {
		return Result{Verdict: Fail, Summary: "no backup command for " + node, Evidence: problems,
			Remedy: "back the node up by hand, then acknowledge this step with where the archive is"}
	}
	var ev, missing []string
	for _, a := range archives {
		info, err := os.Stat(a)
		if err != nil || info.Size() == 0 {
			missing = append(missing, a)
			continue
		}
		ev = append(ev, fmt.Sprintf("%s: %d bytes", a, info.Size()))
	}
	if len(missing) > 0 {
		return Result{Verdict: Fail, Summary: fmt.Sprintf("%d archive(s) of %s not found on this machine", len(missing), node),
			Evidence: append(ev, "missing: "+strings.Join(missing, ", ")),
			Remedy:   "run the commands on " + node + ", then re-check here, or acknowledge this step saying where the archives are"}
	}
	return Result{Verdict: Pass, Summary: "backups of " + node + " found", Evidence: ev}
}
