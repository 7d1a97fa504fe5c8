package broker

import (
	"strings"
	"testing"

	"github.com/warren-sre/warren/model"
)

func TestAMQPVHost(t *testing.T) {
	cases := map[string]string{
		"amqp://127.0.0.1:5672/":     "/",
		"amqp://127.0.0.1:5672":      "/",
		"amqp://h:5672/%2F":          "/",
		"amqps://h:5671/shop":        "shop",
		"amqp://h/a%20b":             "a b",
		"amqp://u:p@h:5672/prod%2Fx": "prod/x",
	}
	for in, want := range cases {
		if got := AMQPVHost(in); got != want {
			t.Errorf("AMQPVHost(%q) = %q, want %q", in, got, want)
		}
	}
}

// The canary's sessions take their nodes in turn on each cluster, and a
// split route takes a blue node to publish and a green one to consume.
func TestCanaryEndsFollowTheRoute(t *testing.T) {
	blue := Target{Nodes: []Endpoint{{Name: "b1"}, {Name: "b2"}}}
	green := Target{Nodes: []Endpoint{{Name: "g1"}, {Name: "g2"}, {Name: "g3"}}}
	c := NewCanary(blue, CanaryOptions{Move: &CanaryMove{Green: green}})
	turn := map[bool]int{}
	var got []string
	for _, r := range []model.CanaryRoute{{}, model.CanaryRouteFor(true, false), model.CanaryRouteFor(true, false), model.CanaryRouteFor(true, true)} {
		pub, sub, ok := c.ends(r, turn)
		if !ok {
			t.Fatalf("route %s: no ends", r)
		}
		got = append(got, pub.e.Name+">"+sub.e.Name)
	}
	if want := "b1>b1 b2>g1 b1>g2 g3>g3"; strings.Join(got, " ") != want {
		t.Errorf("ends %q, want %q", strings.Join(got, " "), want)
	}
	if _, _, ok := NewCanary(blue, CanaryOptions{Move: &CanaryMove{}}).ends(model.CanaryRouteFor(true, true), map[bool]int{}); ok {
		t.Error("a green without nodes gave ends")
	}
}
