package steps

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/warren-sre/warren/executor"
	"github.com/warren-sre/warren/model"
)

// roomForACopy measures the node's data directory through the executor and
// refuses the backup when a full copy would bring the disk to its alarm
// (which blocks every publisher): the disk check the API alone cannot do.
// With the manual executor nothing runs and the operator is shown the
// command. A size that cannot be measured fails closed.
func roomForACopy(ctx context.Context, env Env, ex executor.Executor, n model.Node) (string, error) {
	if n.DataDir == "" {
		return "", nil // planNodeBackup already refused it
	}
	cmds, err := executor.DiskUsage(n.DataDir)
	if err != nil {
		return "", err
	}
	res := ex.Run(ctx, n.Name, cmds[0])
	if env.LogCommand != nil {
		env.LogCommand(commandRun(res))
	}
	if res.ConfirmationRequired {
		return res.Instructions, nil
	}
	kib, ok := duKiB(res.Stdout.Text)
	if !ok {
		return "", fmt.Errorf("could not measure the data directory of %s (%s): %s; check that a full copy fits, then back it up by hand and acknowledge this step",
			n.Name, n.DataDir, failure(res))
	}
	if f := model.DataDirRoom(n, kib*1024); f != nil {
		return "", fmt.Errorf("%s: %s", f.Title, strings.Join(append(f.Evidence, f.Remedy), "; "))
	}
	return fmt.Sprintf("data directory of %s: %d KiB, %d KiB free: room for a full copy\n", n.Name, kib, n.DiskFree/1024), nil
}

// duKiB reads the total of `du -sk DIR`: "<KiB>\t<DIR>". du may exit 1
// when files vanish under a running node and still print its total.
func duKiB(stdout string) (int64, bool) {
	fields := strings.Fields(stdout)
	if len(fields) == 0 {
		return 0, false
	}
	kib, err := strconv.ParseInt(fields[0], 10, 64)
	return kib, err == nil && kib >= 0
}
