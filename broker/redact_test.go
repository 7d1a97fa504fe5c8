package broker

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestRedactURL(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"no userinfo", "http://rmq1:15672", "http://rmq1:15672"},
		{"user only", "http://ops@rmq1:15672", "http://ops@rmq1:15672"},
		{"password replaced", "http://ops:s3cret@rmq1:15672", "http://ops:xxxxx@rmq1:15672"},
		{"bad escape in the password", "http://ops:se%zzret@rmq1:15672", "http://xxxxx@rmq1:15672"},
		{"bad port", "http://ops:s3cret@rmq1:nope", "http://xxxxx@rmq1:nope"},
		{"no scheme: user reads as the scheme", "ops:s3cret@rmq1:15672", "xxxxx@rmq1:15672"},
		{"unparsable without userinfo", "http://rmq1:%zz", "http://rmq1:%zz"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := RedactURL(tt.in)
			if got != tt.want {
				t.Errorf("RedactURL(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if strings.Contains(got, "s3cret") || strings.Contains(got, "se%zzret") {
				t.Errorf("password survived: %q", got)
			}
		})
	}
}

func TestTargetEncodingHasNoPassword(t *testing.T) {
	b, err := json.Marshal(Target{Name: "prod", Username: "ops", Password: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "s3cret") {
		t.Errorf("JSON of a Target carries the password: %s", b)
	}
}
