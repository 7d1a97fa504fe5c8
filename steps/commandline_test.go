package steps

import "testing"

func TestCommandLineIsCopyable(t *testing.T) {
	tests := []struct {
		argv []string
		want string
	}{
		{[]string{"rabbitmq-upgrade", "-n", "rabbit@rmq1", "drain"}, "rabbitmq-upgrade -n rabbit@rmq1 drain"},
		{[]string{"tar", "-C", "/", "-czf", "/var/backups/a b.tgz"}, "tar -C / -czf '/var/backups/a b.tgz'"},
		{[]string{"echo", "it's $HOME"}, `echo 'it'\''s $HOME'`},
	}
	for _, tt := range tests {
		if got := CommandLine(tt.argv); got != tt.want {
			t.Errorf("CommandLine(%q) = %s, want %s", tt.argv, got, tt.want)
		}
	}
}
