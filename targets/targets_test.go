package targets

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestResolveFromURLs(t *testing.T) {
	t.Setenv(DefaultPasswordEnv, "")
	os.Unsetenv(DefaultPasswordEnv)
	tests := []struct {
		name      string
		opts      Options
		env       map[string]string
		wantErr   string
		wantUser  string
		wantPass  string
		wantAMQP  string
		wantWarns int
	}{
		{name: "guest defaults on loopback", opts: Options{URLs: []string{"http://127.0.0.1:15672"}},
			wantUser: "guest", wantPass: "guest", wantAMQP: "amqp://127.0.0.1:5672/"},
		{name: "https means amqps on 5671", opts: Options{URLs: []string{"https://rmq1:15671/"}, Username: "ops"},
			env: map[string]string{DefaultPasswordEnv: "pw"}, wantUser: "ops", wantPass: "pw", wantAMQP: "amqps://rmq1:5671/"},
		{name: "password in the URL works and is warned about", opts: Options{URLs: []string{"http://ops:s3cret@rmq1:15672"}},
			wantUser: "ops", wantPass: "s3cret", wantAMQP: "amqp://rmq1:5672/", wantWarns: 1},
		{name: "named env var", opts: Options{URLs: []string{"http://rmq1:15672"}, Username: "ops", PasswordEnv: "PROD_PW"},
			env: map[string]string{"PROD_PW": "x"}, wantUser: "ops", wantPass: "x", wantAMQP: "amqp://rmq1:5672/"},
		{name: "named env var missing", opts: Options{URLs: []string{"http://rmq1:15672"}, Username: "ops", PasswordEnv: "NOPE_PW"},
			wantErr: "NOPE_PW is not set"},
		{name: "no password source for a real user", opts: Options{URLs: []string{"http://rmq1:15672"}, Username: "ops"},
			wantErr: "no password"},
		{name: "insecure is a warning", opts: Options{URLs: []string{"https://rmq1:15671"}, Insecure: true},
			wantUser: "guest", wantPass: "guest", wantAMQP: "amqps://rmq1:5671/", wantWarns: 1},
		{name: "not a URL", opts: Options{URLs: []string{"rmq1:15672"}}, wantErr: "must look like"},
		{name: "amqp URLs must match", opts: Options{URLs: []string{"http://a:15672", "http://b:15672"}, AMQPURLs: []string{"amqp://a/"}},
			wantErr: "one --amqp-url per --url"},
		{name: "target and url together", opts: Options{URLs: []string{"http://a:15672"}, Name: "prod"}, wantErr: "not both"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			res, err := Resolve(tt.opts)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tg := res.Target
			if tg.Username != tt.wantUser || tg.Password != tt.wantPass || tg.Nodes[0].AMQPURL != tt.wantAMQP {
				t.Fatalf("got user %q pass %q amqp %q", tg.Username, tg.Password, tg.Nodes[0].AMQPURL)
			}
			if strings.Contains(tg.Nodes[0].MgmtURL, "@") || strings.Contains(tg.String(), tt.wantPass+"@") {
				t.Fatalf("credentials left in the URL: %s", tg.Nodes[0].MgmtURL)
			}
			if len(res.Warnings) != tt.wantWarns {
				t.Fatalf("warnings %v, want %d", res.Warnings, tt.wantWarns)
			}
		})
	}
}

func TestResolveFromTargetsFile(t *testing.T) {
	dir := t.TempDir()
	pwFile := filepath.Join(dir, "pw")
	if err := os.WriteFile(pwFile, []byte("from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	good := `targets:
  prod:
    username: ops
    password_file: ` + pwFile + `
    nodes:
      - {name: rabbit@rmq1, url: "https://rmq1:15671", ssh_host: rmq1.example}
      - {name: rabbit@rmq2, url: "https://rmq2:15671", amqp_url: "amqps://rmq2:5999/"}
    ssh: {user: ops, known_hosts: /etc/ssh/ssh_known_hosts}
    tools: {dir: /usr/lib/rabbitmq/bin, env: {HOME: /var/lib/rabbitmq}}
`
	tests := []struct {
		name, content, target, wantErr string
	}{
		{"a full entry", good, "prod", ""},
		{"unknown target names the known ones", good, "staging", "known: prod"},
		{"malformed YAML", "targets: [oops", "prod", "malformed"},
		{"unknown key is refused, with its line", "targets:\n  prod:\n    nodez: []\n", "prod", `line 3: unknown key "nodez"`},
		{"a misspelt key deep inside", "targets:\n  prod:\n    nodes:\n      - {url: \"http://rmq1:15672\", ssh_hots: x}\n", "prod", `line 4: unknown key "ssh_hots"`},
		{"a malformed neighbour leaves this target usable", good + "  broken:\n    nodez: []\n", "prod", ""},
		{"the malformed neighbour itself says why", good + "  broken:\n    nodez: []\n", "broken", `target "broken": line`},
		{"a password file that is a device is refused", strings.Replace(good, pwFile, "/dev/zero", 1), "prod", "password file"},
		{"no nodes", "targets:\n  prod:\n    username: ops\n", "prod", "has no nodes"},
		{"a tools env name a shell cannot read", strings.Replace(good, "{HOME:", "{HOME-DIR:", 1), "prod", `"HOME-DIR" is not a variable name`},
		{"a relative tools dir", strings.Replace(good, "dir: /usr/lib/rabbitmq/bin", "dir: bin", 1), "prod", "tools dir"},
		{"password in a URL", "targets:\n  prod:\n    nodes:\n      - {url: \"http://u:p@rmq1:15672\"}\n", "prod", "no password in a URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "targets.yaml")
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			res, err := Resolve(Options{Name: tt.target, File: path})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tg := res.Target
			if tg.Password != "from-file" || tg.Username != "ops" || len(tg.Nodes) != 2 || tg.Nodes[1].AMQPURL != "amqps://rmq2:5999/" || tg.Nodes[0].Name != "rabbit@rmq1" {
				t.Fatalf("target %+v", tg)
			}
			ssh := res.Entry.SSHNodes()
			if len(ssh) != 1 || ssh[0].SSHHost != "rmq1.example" || res.Entry.SSH.User != "ops" {
				t.Fatalf("ssh mapping %+v / %+v", ssh, res.Entry.SSH)
			}
			if tools := res.Entry.CLITools(); tools.Dir != "/usr/lib/rabbitmq/bin" || tools.Env["HOME"] != "/var/lib/rabbitmq" {
				t.Fatalf("tools %+v", tools)
			}
		})
	}
}
