package executor

import (
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

func TestResolveEndpoint(t *testing.T) {
	defaults := SSHConfig{User: "deploy", Port: 2200}
	tests := []struct {
		host    string
		want    string
		wantErr string
	}{
		{"host1.example", "deploy@host1.example:2200", ""},
		{"admin@host1.example", "admin@host1.example:2200", ""},
		{"host1.example:22", "deploy@host1.example:22", ""},
		{"admin@[::1]:2222", "admin@[::1]:2222", ""},
		{"[::1]", "deploy@[::1]:2200", ""},
		{"10.0.0.5", "deploy@10.0.0.5:2200", ""},
		{"", "", "no ssh_host"},
		{"host1:99999", "", "invalid port"},
		{"host1;id", "", "invalid SSH host"},
		{"-oProxyCommand=x@host1", "", "SSH user"},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			got, err := resolveEndpoint(NodeSSH{Name: "rabbit@host1", SSHHost: tt.host}, defaults)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got.String() != tt.want {
				t.Fatalf("got %s, %v; want %s", got, err, tt.want)
			}
		})
	}
}

// TestTargetsYAMLShape decodes the targets-file shape the loader embeds.
func TestTargetsYAMLShape(t *testing.T) {
	doc := `
ssh: {user: deploy, port: 22, known_hosts: ~/.ssh/known_hosts, identity_file: ~/.ssh/id_ed25519, connect_timeout: 5s}
nodes:
  - {name: rabbit@host1, ssh_host: host1.example}
  - {name: rabbit@host2, ssh_host: "admin@host2.example:2222"}
`
	var target struct {
		SSH   SSHConfig `yaml:"ssh"`
		Nodes []NodeSSH `yaml:"nodes"`
	}
	if err := yaml.Unmarshal([]byte(doc), &target); err != nil {
		t.Fatal(err)
	}
	want := SSHConfig{User: "deploy", Port: 22, KnownHosts: "~/.ssh/known_hosts", IdentityFile: "~/.ssh/id_ed25519", ConnectTimeout: 5 * time.Second}
	if target.SSH != want || len(target.Nodes) != 2 || target.Nodes[1].SSHHost != "admin@host2.example:2222" {
		t.Fatalf("decoded %+v", target)
	}
}

func TestNewSSHRefusesBadConfig(t *testing.T) {
	f := newSSHFixture(t)
	knownHosts := writeKnownHosts(t, f.server.addr, f.server.hostKey.PublicKey())
	_, private := newSigner(t)
	locked := writeIdentity(t, private, "hunter2")
	tests := []struct {
		name    string
		mutate  func(*Options)
		wantErr string
	}{
		{"no credentials", func(o *Options) { o.SSH.IdentityFile = "" }, "no SSH credentials"},
		{"missing known_hosts", func(o *Options) { o.SSH.KnownHosts = "/nonexistent/known_hosts" }, "read known_hosts"},
		{"passphrase-protected identity", func(o *Options) { o.SSH.IdentityFile = locked }, "passphrase-protected"},
		{"bad node name", func(o *Options) { o.Nodes[0].Name = "rabbit;id@h" }, "invalid node name"},
		{"duplicate node", func(o *Options) { o.Nodes = append(o.Nodes, o.Nodes[0]) }, "listed twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := f.options(knownHosts)
			opts.Nodes = append([]NodeSSH(nil), opts.Nodes...)
			tt.mutate(&opts)
			_, err := New(KindSSH, opts)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v, want %q", err, tt.wantErr)
			}
		})
	}
}
