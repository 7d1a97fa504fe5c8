package model

import (
	"strings"
	"testing"
)

func defsWith(kind string, objs ...map[string]any) Definitions {
	list := make([]any, len(objs))
	for i, o := range objs {
		list[i] = o
	}
	return Definitions{"vhosts": []any{}, kind: list}
}

func user(name, hash, algo string) map[string]any {
	u := map[string]any{"name": name, "password_hash": hash, "tags": "", "limits": map[string]any{}}
	if algo != "" {
		u["hashing_algorithm"] = algo
	}
	return u
}

func TestPasswordHashingFindings(t *testing.T) {
	cases := []struct {
		name  string
		users []map[string]any
		want  map[Severity]string // severity → text in its evidence
	}{
		{"sha256 and sha512 are shipped everywhere",
			[]map[string]any{user("a", "h", "rabbit_password_hashing_sha256"), user("b", "h", "rabbit_password_hashing_sha512")}, nil},
		{"a plugin's module: imported, never logs in",
			[]map[string]any{user("app", "h", "rabbit_password_hashing_bcrypt")}, map[Severity]string{Blocker: `user "app" is hashed with rabbit_password_hashing_bcrypt`}},
		{"no algorithm in the export",
			[]map[string]any{user("old", "h", "")}, map[Severity]string{Warning: `user "old" has a password hash but no hashing_algorithm`}},
		{"MD5 is legacy but verified",
			[]map[string]any{user("legacy", "h", "rabbit_password_hashing_md5")}, map[Severity]string{Info: `user "legacy" is hashed with MD5`}},
		{"no password at all: nothing to hash",
			[]map[string]any{user("x509", "", "")}, nil},
		{"all three at once",
			[]map[string]any{user("p", "h", "my_hash"), user("q", "h", ""), user("r", "h", "rabbit_password_hashing_md5")},
			map[Severity]string{Blocker: `"p"`, Warning: `"q"`, Info: `"r"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := PasswordHashingFindings(defsWith("users", c.users...), V(4, 0, 5))
			if len(fs) != len(c.want) {
				t.Fatalf("want %d findings, got %+v", len(c.want), fs)
			}
			for _, f := range fs {
				if f.Code != CodeBGPasswordHashing || !strings.Contains(strings.Join(f.Evidence, "\n"), c.want[f.Severity]) || c.want[f.Severity] == "" {
					t.Errorf("unexpected %s finding %q: %v", f.Severity, f.Title, f.Evidence)
				}
			}
		})
	}
}

func queue(name string, args map[string]any) map[string]any {
	return map[string]any{"name": name, "vhost": "shop", "durable": true, "auto_delete": false, "arguments": args}
}

func TestQueueArgumentFindings(t *testing.T) {
	lazy := queue("lazy", map[string]any{"x-queue-mode": "lazy"})
	v1 := queue("v1", map[string]any{"x-queue-version": float64(1)})
	v2 := queue("v2", map[string]any{"x-queue-version": float64(2)})
	canary := queue(CanaryQueuePrefix+"h.1", map[string]any{"x-queue-mode": "lazy"})
	cases := []struct {
		name   string
		green  Version
		queues []map[string]any
		want   Severity
		text   string
	}{
		{"4.3 refuses: dropped, a warning", V(4, 3, 5), []map[string]any{lazy, v1, v2}, Warning, "queue lazy in vhost shop declared with x-queue-mode=lazy"},
		{"4.3 names x-queue-version=1", V(4, 3, 0), []map[string]any{v1}, Warning, "x-queue-version=1"},
		{"4.0 accepts and ignores", V(4, 0, 5), []map[string]any{lazy}, Info, "do nothing"},
		{"3.10 still has CQv1", V(3, 10, 8), []map[string]any{lazy, v1}, "", ""},
		{"v2 and the canary are nothing to report", V(4, 3, 5), []map[string]any{v2, canary}, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := QueueArgumentFindings(defsWith("queues", c.queues...), c.green)
			if c.want == "" {
				if len(fs) != 0 {
					t.Fatalf("want none, got %+v", fs)
				}
				return
			}
			if len(fs) != 1 || fs[0].Severity != c.want || !strings.Contains(fs[0].Title+strings.Join(fs[0].Evidence, "\n"), c.text) {
				t.Fatalf("want one %s finding with %q, got %+v", c.want, c.text, fs)
			}
		})
	}
}

// The transform drops exactly the arguments 4.3 refuses, keeps the rest of
// the queue's arguments, and reports each drop; before 4.3 it keeps them.
func TestTransformDropsCQv1ArgumentsFor43(t *testing.T) {
	d := defsWith("queues", queue("lazy", map[string]any{"x-queue-mode": "lazy", "x-max-length": float64(10)}), queue("v2", map[string]any{"x-queue-version": float64(2)}))
	out, changes := TransformForTarget(d, V(4, 3, 5), TransformOptions{})
	args := out.objects("queues")[0]["arguments"].(map[string]any)
	if _, ok := args["x-queue-mode"]; ok || args["x-max-length"] != float64(10) {
		t.Errorf("arguments after the transform: %v", args)
	}
	if len(changes) != 1 || !strings.Contains(changes[0].String(), "queue lazy in vhost shop: dropped x-queue-mode") {
		t.Errorf("changes: %v", changes)
	}
	if d.objects("queues")[0]["arguments"].(map[string]any)["x-queue-mode"] != "lazy" {
		t.Error("the transform changed blue's own definitions")
	}
	if _, changes := TransformForTarget(d, V(4, 2, 10), TransformOptions{}); len(changes) != 0 {
		t.Errorf("4.2 accepts them, yet: %v", changes)
	}
}
