package broker

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/warren-sre/warren/model"
	"github.com/warren-sre/warren/testnet"
)

// A node that accepts the connection and never answers (frozen) costs the
// read its dial timeout, not a hang; with no node to ask, the caller gets
// an error and falls back to the listing.
func TestReadyCountsAreBoundedOnAFrozenNode(t *testing.T) {
	silent := testnet.SilentListener(t)
	amqpURL := "amqp://" + strings.TrimPrefix(silent, "http://") + "/"
	c, err := Connect(Target{Nodes: []Endpoint{{MgmtURL: silent, AMQPURL: amqpURL}}, Username: "guest", Password: "s3cret", Timeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	got, err := c.ReadyCounts(ctx, []model.Queue{{VHost: "/", Name: "orders"}})
	took := time.Since(start)
	if err == nil || got != nil {
		t.Fatalf("counts %v from a node that never answered", got)
	}
	if took > 5*time.Second {
		t.Errorf("took %s: the dial timeout (300ms) should bound it", took)
	}
	if strings.Contains(err.Error(), "s3cret") {
		t.Errorf("the error shows the password: %v", err)
	}
}
