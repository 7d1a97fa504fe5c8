package executor

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/warren-sre/warren/model"
)

func TestToolsBuilders(t *testing.T) {
	lab := Tools{Dir: "/usr/lib/rabbitmq/bin", Env: map[string]string{"HOME": "/srv/lab"}}
	path := Tools{}
	const node = "rabbit-1@localhost"
	tests := []struct {
		name        string
		build       func() ([]Command, error)
		wantArgv    []string
		wantTimeout time.Duration
	}{
		{"drain", func() ([]Command, error) { return path.Drain(node) },
			[]string{"rabbitmq-upgrade", "-n", node, "drain"}, drainTimeout},
		{"revive", func() ([]Command, error) { return path.Revive(node) },
			[]string{"rabbitmq-upgrade", "-n", node, "revive"}, checkTimeout},
		{"quorum critical", func() ([]Command, error) { return path.CheckQuorumCritical(node) },
			[]string{"rabbitmq-queues", "-n", node, "check_if_node_is_quorum_critical"}, checkTimeout},
		{"quorum plus one", func() ([]Command, error) { return path.AwaitQuorumPlusOne(node, 2*time.Minute) },
			[]string{"rabbitmq-upgrade", "-n", node, "await_online_quorum_plus_one", "-t", "120"}, 3 * time.Minute},
		{"stop with pid file, lab tools", func() ([]Command, error) { return lab.Stop(node, "/srv/lab/n1/rabbit.pid") },
			[]string{"/usr/lib/rabbitmq/bin/rabbitmqctl", "-n", node, "stop", "/srv/lab/n1/rabbit.pid"}, stopTimeout},
		{"stop without pid file", func() ([]Command, error) { return path.Stop(node, "") },
			[]string{"rabbitmqctl", "-n", node, "stop"}, stopTimeout},
		{"await startup", func() ([]Command, error) { return path.AwaitStartup(node, 90*time.Second) },
			[]string{"rabbitmqctl", "-n", node, "await_startup", "--timeout", "90"}, 150 * time.Second},
		{"read a file", func() ([]Command, error) { return ReadFile("/etc/rabbitmq/rabbitmq.conf") },
			[]string{"cat", "--", "/etc/rabbitmq/rabbitmq.conf"}, checkTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmds, err := tt.build()
			if err != nil {
				t.Fatal(err)
			}
			if len(cmds) != 1 || !reflect.DeepEqual(cmds[0].Argv, tt.wantArgv) || cmds[0].Timeout != tt.wantTimeout {
				t.Fatalf("got %+v, want argv %q timeout %s", cmds, tt.wantArgv, tt.wantTimeout)
			}
			if cmds[0].Description == "" || cmds[0].Validate() != nil {
				t.Errorf("command without description or invalid: %+v", cmds[0])
			}
		})
	}
}

func TestToolsEnvIsCopied(t *testing.T) {
	tools := Tools{Env: map[string]string{"HOME": "/srv/lab"}}
	cmds, err := tools.Drain("rabbit@h")
	if err != nil {
		t.Fatal(err)
	}
	cmds[0].Env["HOME"] = "/changed"
	if tools.Env["HOME"] != "/srv/lab" {
		t.Error("a command shares its env map with Tools")
	}
}

func TestToolsBuildersRefuse(t *testing.T) {
	old := Tools{Running: model.V(3, 8, 5)}
	tests := []struct {
		name    string
		build   func() ([]Command, error)
		wantErr string
	}{
		{"hostile node", func() ([]Command, error) { return Tools{}.Drain("rabbit@h; rm -rf /") }, "invalid node name"},
		{"drain before 3.8.8", func() ([]Command, error) { return old.Drain("rabbit@h") }, "needs RabbitMQ 3.8.8 or later"},
		{"relative pid file", func() ([]Command, error) { return Tools{}.Stop("rabbit@h", "rabbit.pid") }, "not absolute"},
		{"relative CLI dir", func() ([]Command, error) { return Tools{Dir: "bin"}.Revive("rabbit@h") }, "CLI directory"},
		{"sub-second timeout", func() ([]Command, error) { return Tools{}.AwaitStartup("rabbit@h", time.Millisecond) }, "shorter than one second"},
		{"relative file to read", func() ([]Command, error) { return ReadFile("rabbitmq.conf") }, "not absolute"},
		{"file to read climbing out", func() ([]Command, error) { return ReadFile("/etc/rabbitmq/../shadow") }, "'..'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.build()
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v, want %q", err, tt.wantErr)
			}
		})
	}
	if _, err := old.CheckQuorumCritical("rabbit@h"); err != nil {
		t.Errorf("3.8.5 has check_if_node_is_quorum_critical: %v", err)
	}
}

func TestUpgradePackage(t *testing.T) {
	erlang := []PackagePin{{Name: "erlang-base", Version: "1:26.2.5-1"}}
	confOpts := []string{"-o", "Dpkg::Options::=--force-confdef", "-o", "Dpkg::Options::=--force-confold"}
	tests := []struct {
		name string
		spec PackageUpgrade
		want [][]string
	}{
		{"apt, same Erlang", PackageUpgrade{Method: InstallApt, Version: "3.10.8-1.1+deb12u1"}, [][]string{
			{"apt-get", "update"},
			append(append([]string{"apt-get", "install", "-y", "--allow-downgrades"}, confOpts...), "rabbitmq-server=3.10.8-1.1+deb12u1"),
		}},
		{"apt, Erlang moves", PackageUpgrade{Method: InstallApt, Version: "3.13.7-1", Erlang: erlang}, [][]string{
			{"apt-get", "update"},
			append(append([]string{"apt-get", "install", "-y", "--allow-downgrades"}, confOpts...), "rabbitmq-server=3.13.7-1", "erlang-base=1:26.2.5-1"),
		}},
		{"dnf", PackageUpgrade{Method: InstallDnf, Version: "3.13.7-1.el8"}, [][]string{
			{"dnf", "install", "-y", "rabbitmq-server-3.13.7-1.el8"},
		}},
		{"yum with Erlang", PackageUpgrade{Method: InstallYum, Version: "3.13.7-1.el8", Erlang: []PackagePin{{Name: "erlang", Version: "26.2.5-1.el8"}}}, [][]string{
			{"yum", "install", "-y", "rabbitmq-server-3.13.7-1.el8", "erlang-26.2.5-1.el8"},
		}},
		{"container", PackageUpgrade{Method: InstallContainer, Image: "rabbitmq:3.13.7-management"}, [][]string{
			{"docker", "pull", "rabbitmq:3.13.7-management"},
		}},
		{"podman", PackageUpgrade{Method: InstallContainer, Image: "rabbitmq:3.13.7", Engine: "podman"}, [][]string{
			{"podman", "pull", "rabbitmq:3.13.7"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmds, err := UpgradePackage(tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			if got := argvs(cmds); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestUpgradePackageRefuses(t *testing.T) {
	tests := []struct {
		name    string
		spec    PackageUpgrade
		wantErr string
	}{
		{"unknown method", PackageUpgrade{Method: "snap", Version: "3.13.7"}, "unknown install method"},
		{"hostile version", PackageUpgrade{Method: InstallApt, Version: "3.13.7 -o APT::Get::AllowUnauthenticated=1"}, "invalid version"},
		{"missing version", PackageUpgrade{Method: InstallDnf}, "invalid version"},
		{"hostile Erlang package", PackageUpgrade{Method: InstallApt, Version: "3.13.7-1", Erlang: []PackagePin{{Name: "-y", Version: "1"}}}, "invalid package name"},
		{"bad image", PackageUpgrade{Method: InstallContainer, Image: "--rm"}, "invalid image"},
		{"bad engine", PackageUpgrade{Method: InstallContainer, Image: "rabbitmq:4", Engine: "sh"}, "unknown container engine"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := UpgradePackage(tt.spec)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestBackupAndRestore(t *testing.T) {
	cmds, err := Backup("/var/backups/rabbit@h1.tgz", "/etc/rabbitmq", "/var/lib/rabbitmq/mnesia/")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"tar", "-C", "/", "-czf", "/var/backups/rabbit@h1.tgz", "--", "etc/rabbitmq", "var/lib/rabbitmq/mnesia"}}
	if got := argvs(cmds); !reflect.DeepEqual(got, want) {
		t.Errorf("backup: got %q", got)
	}
	restore, err := Restore("/var/backups/rabbit@h1.tgz")
	if err != nil || !restore[0].Irreversible || !reflect.DeepEqual(restore[0].Argv, []string{"tar", "-C", "/", "-xzf", "/var/backups/rabbit@h1.tgz"}) {
		t.Errorf("restore: %+v %v", restore, err)
	}
	for _, bad := range [][]string{{"relative.tgz", "/etc"}, {"/b.tgz"}, {"/b.tgz", "/"}, {"/b.tgz", "etc"}, {"/b.tgz", "/var/../etc"}} {
		if _, err := Backup(bad[0], bad[1:]...); err == nil {
			t.Errorf("Backup(%q) accepted", bad)
		}
	}
}

func TestStartCommands(t *testing.T) {
	if got := argvs(StartService()); !reflect.DeepEqual(got, [][]string{{"systemctl", "start", "rabbitmq-server"}}) {
		t.Errorf("StartService: %q", got)
	}
	cmds, err := StartWith("rabbit-1@localhost", []string{"/srv/lab/start.sh", "1"}, map[string]string{"HOME": "/srv/lab"})
	if err != nil || cmds[0].Env["HOME"] != "/srv/lab" || cmds[0].Argv[0] != "/srv/lab/start.sh" {
		t.Errorf("StartWith: %+v %v", cmds, err)
	}
	if _, err := StartWith("rabbit-1@localhost", nil, nil); err == nil {
		t.Error("StartWith accepted an empty command")
	}
}

func TestBootLog(t *testing.T) {
	since := time.Date(2026, 11, 28, 9, 3, 20, 0, time.UTC)
	cmds, err := BootLog("rabbit@mq1", since)
	want := [][]string{
		{"journalctl", "--unit", "rabbitmq-server", "--no-pager", "--output", "cat", "--since", "@1795856600"},
		{"tail", "--bytes", "262144", "--", "/var/log/rabbitmq/rabbit@mq1.log"},
	}
	if err != nil || !reflect.DeepEqual(argvs(cmds), want) {
		t.Fatalf("BootLog: %q %v, want %q", argvs(cmds), err, want)
	}
	if _, err := BootLog("rabbit@mq1/../../etc", since); err == nil {
		t.Error("BootLog put a hostile node name into a path")
	}
}

func argvs(cmds []Command) [][]string {
	out := make([][]string, len(cmds))
	for i, cmd := range cmds {
		out[i] = cmd.Argv
	}
	return out
}
