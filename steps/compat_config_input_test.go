//go:build unix

package steps

import (
	"context"
	"strings"
	"testing"

	"github.com/warren-sre/warren/model"
)

// config_files comes from the management API: whoever can change a node's
// environment chooses the path warren reads. /dev/zero used to be read
// until memory ran out.
func TestConfigFilesFromTheAPIAreBounded(t *testing.T) {
	nodes := []model.Node{{Name: "r1@h", ConfigFiles: []string{"/dev/zero"}}}
	files := ReadConfigFiles(context.Background(), nodes, ConfigSource{}, model.V(4, 0, 9))
	if len(files) != 1 || !strings.Contains(files[0].Err, "not a regular file") {
		t.Fatalf("config files %+v", files)
	}
}
