package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/warren-sre/warren/lab"
	"github.com/warren-sre/warren/targets"
)

// labNodeJSON is one node of `warren lab status --json`.
type labNodeJSON struct {
	Name     string `json:"name"`
	State    string `json:"state"`
	PID      int    `json:"pid,omitempty"`
	Version  string `json:"version"`
	Erlang   string `json:"erlang"`
	AMQPPort int    `json:"amqp_port"`
	HTTPPort int    `json:"http_port"`
	DistPort int    `json:"dist_port"`
}

func newLabStatusCmd(existing func(labRun) func(*cobra.Command, []string) error) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{Use: "status", Short: "Show each node's process, version and ports", Args: cobra.NoArgs,
		RunE: existing(func(_ context.Context, cfg lab.Config, _ []string) error {
			nodes := labNodes(cfg)
			if asJSON {
				enc := json.NewEncoder(os.Stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(map[string]any{"lab": targets.LabTargetName(cfg.Name), "series": cfg.Series, "dir": cfg.BaseDir, "root": cfg.RootDir, "nodes": nodes})
			}
			w := tabwriter.NewWriter(os.Stdout, 0, 2, 2, ' ', 0)
			fmt.Fprintln(w, "NODE\tSTATE\tPID\tVERSION\tERLANG\tAMQP\tHTTP\tDIST")
			for _, n := range nodes {
				pid := "-"
				if n.PID != 0 {
					pid = strconv.Itoa(n.PID)
				}
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\n", n.Name, n.State, pid, n.Version, n.Erlang, n.AMQPPort, n.HTTPPort, n.DistPort)
			}
			return w.Flush()
		})}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func labNodes(cfg lab.Config) []labNodeJSON {
	var out []labNodeJSON
	for _, st := range cfg.Status() {
		pkgs, _ := cfg.NodePackages(st.Node)
		out = append(out, labNodeJSON{Name: st.Name, State: st.State, PID: st.PID, Version: orUnknown(pkgs.RabbitMQ),
			Erlang: orUnknown(pkgs.Erlang), AMQPPort: st.AMQPPort, HTTPPort: st.MgmtPort, DistPort: st.DistPort})
	}
	return out
}

func orUnknown(s string) string {
	if s == "" {
		return "?"
	}
	return s
}

// labVersionJSON is one row of `warren lab versions --json`.
type labVersionJSON struct {
	Series   string `json:"series"`
	Release  string `json:"release"`
	Debian   string `json:"debian"`
	Source   string `json:"source"` // "host" or the root's directory
	Built    bool   `json:"built"`
	RabbitMQ string `json:"rabbitmq,omitempty"`
	Erlang   string `json:"erlang,omitempty"`
	Moving   bool   `json:"moving,omitempty"`
}

func newLabVersionsCmd() *cobra.Command {
	var asJSON, build bool
	c := &cobra.Command{Use: "versions", Short: "List the RabbitMQ series a lab can run, and which roots are built", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if build {
				if err := buildRoots(cmd.Context()); err != nil {
					return withCode(ExitError, err)
				}
			}
			rows := labVersions()
			if asJSON {
				enc := json.NewEncoder(os.Stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(rows)
			}
			w := tabwriter.NewWriter(os.Stdout, 0, 2, 2, ' ', 0)
			fmt.Fprintln(w, "SERIES\tDEBIAN\tRELEASE\tSOURCE\tRABBITMQ\tERLANG")
			for _, r := range rows {
				source := r.Source
				if !r.Built {
					source = "not built (warren lab up --version " + r.Series + " builds it)"
				}
				debian := r.Debian
				if r.Moving {
					debian += " (moves)"
				}
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", r.Series, debian, r.Release, source, orUnknown(r.RabbitMQ), orUnknown(r.Erlang))
			}
			return w.Flush()
		}}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().BoolVar(&build, "build", false, "first build every root that is missing (a moving release that no longer ships RabbitMQ is reported, not fatal)")
	return c
}

// buildRoots builds every missing release root, timing each. Debian
// testing moves: when its archive stops shipping RabbitMQ, that is said
// loudly and the others still build.
func buildRoots(ctx context.Context) error {
	host := lab.HostSeries()
	for _, rel := range lab.Releases {
		if rel.Series == host {
			continue
		}
		start := time.Now()
		info, err := lab.RootOf(rel).Ensure(ctx, false, func(s string) { fmt.Fprintln(os.Stderr, s) })
		switch {
		case err != nil && rel.Moving && errors.Is(err, lab.ErrReleaseUnavailable):
			fmt.Fprintf(os.Stderr, "\n!!! RabbitMQ %s UNAVAILABLE: Debian %s no longer ships it (%v); going on without it\n\n", rel.Series, rel.Codename, err)
		case err != nil:
			return err
		default:
			fmt.Fprintf(os.Stderr, "root %s (RabbitMQ %s, Erlang %s) ready in %s\n", rel.Codename, info.Packages.RabbitMQ, info.Packages.Erlang, time.Since(start).Round(100*time.Millisecond))
		}
	}
	return nil
}

func labVersions() []labVersionJSON {
	host := lab.HostSeries()
	var out []labVersionJSON
	for _, rel := range lab.Releases {
		row := labVersionJSON{Series: rel.Series, Release: rel.Codename, Debian: rel.Debian, Moving: rel.Moving}
		if rel.Series == host {
			row.Source, row.Built = "host", true
			if p, err := lab.ReadPackages("/"); err == nil {
				row.RabbitMQ, row.Erlang = p.RabbitMQ, p.Erlang
			}
		} else {
			root := lab.RootOf(rel)
			row.Source = root.Dir
			if info, err := root.Info(); err == nil {
				row.Built, row.RabbitMQ, row.Erlang = true, info.Packages.RabbitMQ, info.Packages.Erlang
			}
		}
		out = append(out, row)
	}
	return out
}

func newLabListCmd() *cobra.Command {
	return &cobra.Command{Use: "list", Short: "List the labs on this machine (the default one and every named one)", Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			w := tabwriter.NewWriter(os.Stdout, 0, 2, 2, ' ', 0)
			fmt.Fprintln(w, "TARGET\tSERIES\tNODES\tRUNNING\tHTTP\tDIR")
			base, err := lab.FromEnv()
			if err != nil {
				return err
			}
			cfgs := []lab.Config{}
			if def, exists, err := base.WithRecord(); err == nil && exists {
				cfgs = append(cfgs, def)
			}
			for _, rec := range lab.NamedLabs() {
				if cfg, _, err := lab.Select(rec.Name); err == nil {
					cfgs = append(cfgs, cfg)
				}
			}
			for _, cfg := range cfgs {
				running := 0
				for _, st := range cfg.Status() {
					if st.State == "running" {
						running++
					}
				}
				fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%d..\t%s\n", targets.LabTargetName(cfg.Name), cfg.Series, cfg.Nodes, running, cfg.MgmtPort, cfg.BaseDir)
			}
			return w.Flush()
		}}
}
