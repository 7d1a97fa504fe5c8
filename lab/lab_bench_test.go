//go:build integration

package lab

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkLabUp measures a cold `up` (fresh directory: boot, cluster), a
// warm `up` (existing cluster, all nodes stopped) and `up` on a running lab,
// on a second lab so the shared one is left alone. Run with -benchtime 1x.
func BenchmarkLabUp(b *testing.B) {
	cfg := Default()
	cfg.BaseDir = filepath.Join(os.TempDir(), "warren-lab-bench")
	cfg.Prefix = "bench"
	cfg.AMQPPort, cfg.MgmtPort, cfg.DistPort = 5810, 15810, 25810
	if err := cfg.checkInstalled(); err != nil {
		if os.Getenv("CI") != "" {
			b.Fatal(err)
		}
		b.Skip(err)
	}
	logf := func(s string) { b.Log(s) }
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		_ = cfg.Destroy(logf)
		cold := timeIt(b, func() error { return cfg.Up(ctx, logf) })
		if err := cfg.Down(ctx, logf); err != nil {
			b.Fatal(err)
		}
		warm := timeIt(b, func() error { return cfg.Up(ctx, logf) })
		noop := timeIt(b, func() error { return cfg.Up(ctx, logf) })
		b.ReportMetric(cold.Seconds(), "cold-s")
		b.ReportMetric(warm.Seconds(), "warm-s")
		b.ReportMetric(noop.Seconds()*1000, "already-up-ms")
	}
	if err := cfg.Destroy(logf); err != nil {
		b.Fatal(err)
	}
}

func timeIt(b *testing.B, f func() error) time.Duration {
	start := time.Now()
	if err := f(); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}
