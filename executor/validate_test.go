package executor

import "testing"

func TestValidators(t *testing.T) {
	tests := []struct {
		name     string
		validate func(string) error
		good     []string
		bad      []string
	}{
		{"node", ValidateNodeName,
			[]string{"rabbit@host1", "rabbit-1@localhost", "rabbit_2@host1.example.com", "rabbit@10.0.0.1"},
			[]string{"", "rabbit", "@host", "rabbit@", "rabbit@host;id", "rabbit@-host", "rab bit@host",
				"rabbit@host\n", "rabbit@@host", "$(id)@host", "rabbit@host.", "-n@host"}},
		{"version", ValidateVersion,
			[]string{"3.10.8", "3.10.8-1.1+deb12u1", "1:25.2.3+dfsg-1", "3.13.7-1.el8", "4.0.0~rc1"},
			[]string{"", "v3.10.8", "latest", "3.10.8 ", "3.10.8;id", "3.10.8\n", "-1", "3.10.8$(id)", "3.10/8"}},
		{"package", ValidatePackageName,
			[]string{"rabbitmq-server", "erlang-base", "erlang", "libstdc++6", "esl-erlang_compat"},
			[]string{"", "-y", "rabbitmq server", "pkg;rm", "pkg=1.0", "../pkg"}},
		{"image", ValidateImageRef,
			[]string{"rabbitmq:3.13-management", "registry.local:5000/team/rabbitmq@sha256:abc123"},
			[]string{"", "-rm", "rabbitmq latest", "img;id", "img\n"}},
		{"path", ValidatePath,
			[]string{"/var/lib/rabbitmq", "/etc/rabbitmq/rabbitmq.conf", "/srv/backup dir/x.tgz"},
			[]string{"", "relative/path", "/var/../etc", "/tmp/x\ny", "/tmp/\x00", "~/x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, value := range tt.good {
				if err := tt.validate(value); err != nil {
					t.Errorf("%q rejected: %v", value, err)
				}
			}
			for _, value := range tt.bad {
				if err := tt.validate(value); err == nil {
					t.Errorf("%q accepted", value)
				}
			}
		})
	}
}
