//go:build integration

package broker

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/warren-sre/warren/lab/labtest"
)

// The data-loss trigger judges durable queues on this listing: a durable
// queue is in it, a transient one is not, and the listing is never the top N.
func TestLabDurableQueuesListsEveryDurableQueue(t *testing.T) {
	cfg, c := labCluster(t)
	labtest.API(t, cfg, http.MethodPut, "queues/%2F/warren-test-durable", `{"durable":true}`)
	labtest.API(t, cfg, http.MethodPut, "queues/%2F/warren-test-transient", `{"durable":false}`)
	t.Cleanup(func() {
		labtest.API(t, cfg, http.MethodDelete, "queues/%2F/warren-test-durable", "")
		labtest.API(t, cfg, http.MethodDelete, "queues/%2F/warren-test-transient", "")
	})
	s := c.DurableQueues(context.Background())
	if !s.OK() {
		t.Fatalf("listing failed: %s", s.Err)
	}
	if !slices.Contains(s.Value, "//warren-test-durable") || slices.Contains(s.Value, "//warren-test-transient") {
		t.Fatalf("durable queues %v", s.Value)
	}
}
