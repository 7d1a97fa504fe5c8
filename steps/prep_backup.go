package steps

import (
	"context"
	"fmt"
	"os"
	"path"
	"strings"

	"github.com/warren-sre/warren/executor"
	"github.com/warren-sre/warren/model"
)

// nodeBackupStep gives the exact commands that archive one node's config
// files and data directory. warren cannot see another host's disk, so the
// step passes when the archives are found on this machine, and otherwise
// waits for the operator to run the commands and acknowledge the step.
func nodeBackupStep(cfg PrepConfig, n model.Node) Step {
	when := cfg.Now().UTC().Format("20060102T150405Z")
	base := path.Join(cfg.BackupDir, safeName(n.Name)+"-"+when)
	var commands [][]string
	var archives []string
	var problems []string
	add := func(archive string, paths ...string) {
		cmds, err := executor.Backup(archive, paths...)
		if err != nil {
			problems = append(problems, err.Error())
			return
		}
		commands = append(commands, commandArgvs(cmds)...)
		archives = append(archives, archive)
	}
	if len(n.ConfigFiles) > 0 {
		add(base+"-config.tar.gz", n.ConfigFiles...)
	}
	if n.DataDir != "" {
		add(base+"-data.tar.gz", n.DataDir)
	} else {
		problems = append(problems, "the API did not report the data directory (db_dir) of "+n.Name)
	}
	return Step{
		ID: "prep.backup." + n.Name, Phase: Preparation, Block: n.Name, Title: "Back up config and data directory of " + n.Name,
		Why: "the only way back from a failed upgrade of this node is its files as they were; " +
			"the data directory copy is consistent only while the node is stopped (take it during this node's rolling block, before the package upgrade)",
		Gate: true, Commands: commands,
		Check: func(_ context.Context, env Env) Result {
			return stampResult(env, checkArchives(n.Name, archives, problems))
		},
	}
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
