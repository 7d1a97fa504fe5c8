package model

import (
	"strings"
	"testing"
)

func TestLinkTLSRisk(t *testing.T) {
	cases := []struct{ uri, want string }{
		{"amqp://u:p@blue:5672/%2F", ""},
		{"amqps://u:p@blue:5671/%2F", "breaks"},
		{"AMQPS://blue", "breaks"},
		{"amqps://blue/%2F?heartbeat=5", "breaks"},
		{"amqps://blue/%2F?cacertfile=/etc/ca.pem", "verifies"},
		{"amqps://blue/%2F?cacertfile=/etc/ca.pem&verify=verify_peer", ""},
		{"amqps://blue/%2F?verify=verify_none", ""},
		{"amqp:///%2F", ""},
		{"not a uri", ""},
	}
	for _, c := range cases {
		if got := LinkTLSRisk(c.uri); got != c.want {
			t.Errorf("LinkTLSRisk(%q) = %q, want %q", c.uri, got, c.want)
		}
	}
}

func TestRedactURI(t *testing.T) {
	cases := []struct{ uri, want string }{
		{"amqps://guest:secret@blue:5671/%2F?x=1", "amqps://***@blue:5671/%2F?x=1"},
		{"amqps://blue:5671", "amqps://blue:5671"},
		{"amqps://u:p@blue", "amqps://***@blue"},
		{"amqp:///%2F", "amqp:///%2F"},
	}
	for _, c := range cases {
		if got := RedactURI(c.uri); got != c.want {
			t.Errorf("RedactURI(%q) = %q, want %q", c.uri, got, c.want)
		}
	}
}

func TestLinkURIs(t *testing.T) {
	params := []Parameter{
		{Component: "shovel", VHost: "shop", Name: "s1", Value: map[string]any{"src-uri": "amqps://a", "dest-uri": []any{"amqp://b", "amqps://c"}}},
		{Component: "federation-upstream", VHost: "/", Name: "up", Value: map[string]any{"uri": []any{"amqps://d"}}},
		{Component: "other", VHost: "/", Name: "x", Value: map[string]any{"uri": "amqps://e"}},
	}
	var got []string
	for _, l := range LinkURIs(params) {
		got = append(got, l.Kind+" "+l.Name+" "+l.Side+" "+l.URI)
	}
	want := "shovel s1 src-uri amqps://a|shovel s1 dest-uri amqp://b|shovel s1 dest-uri amqps://c|federation upstream up uri amqps://d"
	if strings.Join(got, "|") != want {
		t.Errorf("LinkURIs = %q, want %q", strings.Join(got, "|"), want)
	}
}

func TestMovesOntoErlang26(t *testing.T) {
	cases := []struct {
		erlangs           []string
		target            Version
		certain, possible bool
	}{
		{[]string{"25.2.3"}, V(4, 0, 5), true, true},   // 4.0 needs 26.2
		{[]string{"25.2.3"}, V(3, 13, 7), true, true},  // 3.13 needs 26.0
		{[]string{"25.3"}, V(3, 12, 14), false, true},  // 3.12 runs on 25 or 26
		{[]string{"24.3"}, V(3, 11, 28), false, false}, // 3.11 stops at 25.3
		{[]string{"26.2.5"}, V(4, 0, 5), false, false}, // already verifying
		{[]string{"26.2.5", "25.3"}, V(4, 0, 5), true, true},
		{nil, V(4, 0, 5), true, true}, // unknown counts as older
	}
	for _, c := range cases {
		certain, possible := MovesOntoErlang26(c.erlangs, c.target)
		if certain != c.certain || possible != c.possible {
			t.Errorf("%v → %s: certain=%v possible=%v, want %v %v", c.erlangs, c.target, certain, possible, c.certain, c.possible)
		}
	}
}

func TestLinkFindings(t *testing.T) {
	broken := LinkURI{Kind: "shovel", VHost: "/", Name: "tls", Side: "src-uri", URI: "amqps://guest:secret@blue:5671/%2F"}
	withCA := LinkURI{Kind: "federation upstream", VHost: "/", Name: "ca", Side: "uri", URI: "amqps://blue?cacertfile=/ca.pem"}
	plain := LinkURI{Kind: "shovel", VHost: "/", Name: "plain", Side: "src-uri", URI: "amqp://blue"}
	static := LinkURI{Kind: "static shovel", VHost: "/", Name: "cfg"}
	cases := []struct {
		name     string
		erlang   string
		target   Version
		links    []LinkURI
		linksErr string
		want     Severity // "" for no finding
		evidence string
	}{
		{"amqps without verify, to 4.0", "25.2.3", V(4, 0, 5), []LinkURI{broken, plain}, "", Blocker, "shovel \"tls\" in vhost \"/\", src-uri amqps://***@blue:5671/%2F"},
		{"only cacertfile: starts verifying", "25.2.3", V(4, 0, 5), []LinkURI{withCA}, "", Warning, "will now verify the peer"},
		{"static shovel: URI not visible", "25.2.3", V(3, 13, 7), []LinkURI{static}, "", Warning, "its URIs are not visible"},
		{"3.12 may run on 26", "25.3", V(3, 12, 14), []LinkURI{broken}, "", Warning, "release-notes/3.13.0.md"},
		{"plain amqp only", "25.2.3", V(4, 0, 5), []LinkURI{plain}, "", "", ""},
		{"already on 26", "26.2.5", V(4, 3, 6), []LinkURI{broken}, "", "", ""},
		{"stays on 25", "25.2.3", V(3, 11, 28), nil, "could not read", "", ""},
		{"unreadable, moving to 26: fails closed", "25.2.3", V(4, 0, 5), nil, "HTTP 500", Blocker, "HTTP 500"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := LinkFindings(CheckFacts{Target: c.target, Snapshot: cluster("3.10.8", c.erlang, "rabbit@a"), Links: c.links, LinksErr: c.linksErr})
			if c.want == "" {
				if len(fs) != 0 {
					t.Fatalf("want no finding, got %+v", fs)
				}
				return
			}
			if len(fs) != 1 || fs[0].Severity != c.want {
				t.Fatalf("want one %s finding, got %+v", c.want, fs)
			}
			if all := strings.Join(fs[0].Evidence, "\n"); !strings.Contains(all, c.evidence) || strings.Contains(all, "secret") {
				t.Errorf("evidence %q lacks %q or shows the password", all, c.evidence)
			}
		})
	}
}
