package labtest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/warren-sre/warren/lab"
)

// GetJSON reads a management API URL as guest (5 s at most) into into.
func GetJSON(u string, into any) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	req.SetBasicAuth("guest", "guest")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	return json.NewDecoder(resp.Body).Decode(into)
}

// WaitDepths waits, polling each second for at most within, until every
// named queue of vhost lists want messages (the listing lags by a
// statistics interval). It returns the last depths read — a queue never
// read is absent — and whether all reached want.
func WaitDepths(cfg lab.Config, vhost string, queues []string, want int64, within time.Duration) (map[string]int64, bool) {
	got := map[string]int64{}
	for deadline := time.Now().Add(within); ; time.Sleep(time.Second) {
		all := true
		for _, name := range queues {
			var q struct {
				Messages int64 `json:"messages"`
			}
			u := cfg.Node(1).MgmtURL() + "/api/queues/" + url.PathEscape(vhost) + "/" + url.PathEscape(name)
			if err := GetJSON(u, &q); err != nil {
				all = false
				continue
			}
			got[name] = q.Messages
			all = all && q.Messages == want
		}
		if all || time.Now().After(deadline) {
			return got, all
		}
	}
}
