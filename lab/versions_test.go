package lab

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReleaseFor(t *testing.T) {
	tests := []struct {
		in, codename, err string
	}{
		{"3.8", "bullseye", ""},
		{"3.10", "bookworm", ""},
		{"4.0.5", "trixie", ""},
		{"4.3", "forky", ""},
		{"4.1", "", "no Debian release ships RabbitMQ 4.1"},
		{"", "", "no Debian release"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			r, err := ReleaseFor(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || r.Codename != tt.codename {
				t.Fatalf("got %q, %v; want %q", r.Codename, err, tt.codename)
			}
		})
	}
}

func TestUpstreamVersion(t *testing.T) {
	tests := map[string]string{
		"3.8.9-3+deb11u1":   "3.8.9",
		"4.0.5-6+deb13u2":   "4.0.5",
		"1:25.2.3+dfsg-1":   "25.2.3",
		"1:27.3.4.1+dfsg-1": "27.3.4.1",
		"4.3.6-1":           "4.3.6",
		"1:29.1.1~rc1-2":    "29.1.1",
		"":                  "",
	}
	for in, want := range tests {
		if got := upstream(in); got != want {
			t.Errorf("upstream(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReadPackagesFromDpkgStatus(t *testing.T) {
	root := t.TempDir()
	status := `Package: rabbitmq-server
Status: install ok installed
Version: 4.0.5-6+deb13u2

Package: erlang-base
Status: install ok installed
Version: 1:27.3.4.1+dfsg-1

Package: erlang-removed
Status: deinstall ok config-files
Version: 1:20.0
`
	if err := os.MkdirAll(filepath.Join(root, "var/lib/dpkg"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "var/lib/dpkg/status"), []byte(status), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := ReadPackages(root)
	if err != nil || p.RabbitMQ != "4.0.5" || p.Erlang != "27.3.4.1" || p.Package != "4.0.5-6+deb13u2" {
		t.Fatalf("got %+v, %v", p, err)
	}
	if v := installedVersions(status)["erlang-removed"]; v != "" {
		t.Errorf("a removed package reads as installed: %q", v)
	}
}

// A root is used only when its build finished: the marker is written last.
func TestRootInfoRefusesHalfBuiltRoots(t *testing.T) {
	tests := []struct {
		name   string
		marker string
		binary bool
		want   string
	}{
		{"interrupted before the marker", "", true, "not built"},
		{"corrupt marker", "{", true, "corrupt"},
		{"marker but no server", `{"release":"trixie"}`, false, "lacks rabbitmq-server"},
		{"finished", `{"release":"trixie","packages":{"rabbitmq":"4.0.5"}}`, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.binary {
				bin := filepath.Join(dir, DefaultBinDir)
				if err := os.MkdirAll(bin, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(bin, "rabbitmq-server"), nil, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			if tt.marker != "" {
				if err := os.WriteFile(filepath.Join(dir, rootMarker), []byte(tt.marker), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			info, err := Root{Dir: dir}.Info()
			switch {
			case tt.want == "" && (err != nil || info.Packages.RabbitMQ != "4.0.5"):
				t.Fatalf("got %+v, %v", info, err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("err %v, want %q", err, tt.want)
			}
		})
	}
}

func TestDebootstrapUsesSidScriptForUnknownReleases(t *testing.T) {
	forky, _ := ReleaseFor("4.3")
	args := RootOf(forky).debootstrapArgs("/x")
	if _, err := os.Stat("/usr/share/debootstrap/scripts/forky"); err == nil {
		t.Skip("this debootstrap knows forky itself")
	}
	if last := args[len(args)-1]; !strings.HasSuffix(last, "/sid") {
		t.Fatalf("args %v: want sid's script last", args)
	}
}

func TestExactlyShipped(t *testing.T) {
	trixie, _ := ReleaseFor("4.0")
	pkgs := Packages{RabbitMQ: "4.0.5"}
	tests := []struct {
		version string
		ok      bool
	}{{"4.0", true}, {"4.0.5", true}, {"4.0.9", false}}
	for _, tt := range tests {
		err := exactlyShipped(tt.version, trixie, pkgs)
		if (err == nil) != tt.ok || (err != nil && !strings.Contains(err.Error(), "Debian trixie ships 4.0.5")) {
			t.Errorf("exactlyShipped(%s) = %v, want ok=%v", tt.version, err, tt.ok)
		}
	}
}
