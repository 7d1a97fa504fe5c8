package lab

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// FromEnv returns Default adjusted by WARREN_LAB_* variables, so tests and
// scripts can point every tool at a second lab without repeating flags:
// WARREN_LAB_DIR, WARREN_LAB_NODES, WARREN_LAB_PREFIX, WARREN_LAB_AMQP_PORT,
// WARREN_LAB_MGMT_PORT, WARREN_LAB_DIST_PORT, WARREN_LAB_STATS_MS.
func FromEnv() (Config, error) {
	c := Default()
	if v := os.Getenv("WARREN_LAB_DIR"); v != "" {
		c.BaseDir = v
	}
	if v := os.Getenv("WARREN_LAB_PREFIX"); v != "" {
		c.Prefix = v
	}
	ints := []struct {
		name string
		dst  *int
	}{
		{"WARREN_LAB_NODES", &c.Nodes},
		{"WARREN_LAB_AMQP_PORT", &c.AMQPPort},
		{"WARREN_LAB_MGMT_PORT", &c.MgmtPort},
		{"WARREN_LAB_DIST_PORT", &c.DistPort},
	}
	for _, e := range ints {
		v := strings.TrimSpace(os.Getenv(e.name))
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return c, fmt.Errorf("lab: %s=%q is not a number", e.name, v)
		}
		*e.dst = n
	}
	if v := os.Getenv("WARREN_LAB_STATS_MS"); v != "" {
		ms, err := strconv.Atoi(v)
		if err != nil || ms < 100 {
			return c, fmt.Errorf("lab: WARREN_LAB_STATS_MS=%q must be a number of milliseconds ≥ 100", v)
		}
		c.StatsInterval = time.Duration(ms) * time.Millisecond
	}
	return c, c.Validate()
}
