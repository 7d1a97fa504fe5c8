//go:build integration

package broker

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/warren-sre/warren/lab"
	"github.com/warren-sre/warren/lab/labtest"
	"github.com/warren-sre/warren/model"
)

// Each queue answers for itself the moment it is asked: 30 messages
// published a moment ago to a queue in "/" and 4 in another vhost are
// counted (the listing may still say 0 for a statistics interval), and a
// queue that does not exist is left out, not counted as empty. On every
// lab version: the default lab (3.10) and single-node 3.8, 4.0 and 4.3.
func TestLabReadyCountsAskTheQueues(t *testing.T) {
	for _, series := range []string{"", "3.8", "4.0", "4.3"} {
		t.Run(cmp.Or(series, "default lab"), func(t *testing.T) {
			cfg, c := labCluster(t)
			if series != "" {
				cfg = labtest.RequireVersion(t, "rdy"+strings.ReplaceAll(series, ".", ""), series, 1)
				c = clusterOf(t, cfg)
			}
			readyCountsOn(t, cfg, c)
		})
	}
}

func clusterOf(t *testing.T, cfg lab.Config) *Cluster {
	t.Helper()
	c, err := Connect(labTargetOf(cfg))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func readyCountsOn(t *testing.T, cfg lab.Config, c *Cluster) {
	const vhost = "warren-ready-vh"
	labtest.API(t, cfg, http.MethodPut, "vhosts/"+vhost, "")
	labtest.API(t, cfg, http.MethodPut, "permissions/"+vhost+"/guest", `{"configure":".*","write":".*","read":".*"}`)
	t.Cleanup(func() {
		labtest.API(t, cfg, http.MethodDelete, "queues/%2F/warren-test-ready", "")
		labtest.API(t, cfg, http.MethodDelete, "vhosts/"+vhost, "")
	})
	// Published as a client does, with confirms: the management API's
	// publish answered 500 once on a 3.8.9 node a moment after its boot.
	publish := func(vhost, queue string, n int) {
		u, _ := url.Parse(cfg.Node(1).AMQPURL())
		u.User, u.Path, u.RawPath = url.UserPassword("guest", "guest"), "/"+vhost, "/"+url.PathEscape(vhost)
		conn, err := amqp.Dial(u.String())
		if err != nil {
			t.Fatalf("dial %s: %v", vhost, err)
		}
		defer conn.Close()
		ch, err := conn.Channel()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ch.QueueDeclare(queue, true, false, false, false, nil); err != nil {
			t.Fatal(err)
		}
		if err := ch.Confirm(false); err != nil {
			t.Fatal(err)
		}
		for i := range n {
			dc, err := ch.PublishWithDeferredConfirm("", queue, false, false, amqp.Publishing{Body: []byte(fmt.Sprintf("m%d", i))})
			if err != nil || !dc.Wait() {
				t.Fatalf("publish %d to %s/%s: %v", i, vhost, queue, err)
			}
		}
	}
	publish("/", "warren-test-ready", 30)
	publish(vhost, "orders", 4)

	qs := []model.Queue{{VHost: "/", Name: "warren-test-ready"}, {VHost: vhost, Name: "orders"}, {VHost: "/", Name: "warren-test-none"}}
	got, err := c.ReadyCounts(context.Background(), qs)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{"//warren-test-ready": 30, vhost + "/orders": 4}
	if len(got) != len(want) || got["//warren-test-ready"] != 30 || got[vhost+"/orders"] != 4 {
		t.Fatalf("ready counts %v, want %v (a missing queue left out)", got, want)
	}
	listed, _ := c.QueueLoad(context.Background())
	for _, q := range listed {
		if q.Name == "warren-test-ready" {
			t.Logf("the listing said %d ready at the same moment", q.Ready)
		}
	}
}
