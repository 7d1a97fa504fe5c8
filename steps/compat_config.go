package steps

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/warren-sre/warren/confmig"
	"github.com/warren-sre/warren/executor"
	"github.com/warren-sre/warren/model"

	"github.com/warren-sre/warren/safefile"
)

// ConfigSource says where the nodes' config files are read from. The paths
// come from /api/nodes (config_files) unless the operator points to others.
type ConfigSource struct {
	// Paths overrides the files of a node (by node name): copies the
	// operator fetched, always read here.
	Paths map[string][]string
	// Read reads one of a node's own files; nil reads the local file
	// system, which is right when warren runs on the node. ReadThrough
	// wires it to the run's executor (cat PATH on the node).
	Read func(ctx context.Context, node, path string) ([]byte, error)
}

func (s ConfigSource) read(ctx context.Context, node, path string, copied bool) ([]byte, error) {
	if s.Read != nil && !copied {
		return s.Read(ctx, node, path)
	}
	// The path is the one /api/nodes reports (someone else chose it) or
	// the operator's copy.
	return safefile.Read(path, safefile.ConfigLimit)
}

// ReadThrough reads a node's files with the executor that drives the run:
// on the node itself over SSH, here with the local one. The manual
// executor runs nothing, so its nodes' files are read where warren runs
// (nil), as before. A file that cannot be read whole is an error: the
// config check then says it was not checked instead of passing.
func ReadThrough(ex executor.Executor) func(ctx context.Context, node, path string) ([]byte, error) {
	if ex == nil || ex.Name() == executor.KindManual {
		return nil
	}
	return func(ctx context.Context, node, path string) ([]byte, error) {
		cmds, err := executor.ReadFile(path)
		if err != nil {
			return nil, err
		}
		r := ex.Run(ctx, node, cmds[0])
		switch {
		case r.ConfirmationRequired:
			return nil, fmt.Errorf("the %s executor runs nothing here: read %s on %s by hand", ex.Name(), path, node)
		case !r.Succeeded():
			return nil, fmt.Errorf("read through the %s executor on %s: %s", ex.Name(), node, failure(r))
		case r.Stdout.OmittedBytes > 0:
			return nil, fmt.Errorf("%s on %s is %d bytes, more than the executor keeps of a command's output: point warren at a copy (--config NODE=PATH)",
				path, node, r.Stdout.TotalBytes)
		}
		return []byte(r.Stdout.Text), nil
	}
}

// ReadConfigFiles reads and classifies every config file of every node: a
// rabbitmq.conf is split into key = value pairs for the key checks; a
// classic rabbitmq.config is converted with confmig, whose report and
// version findings travel with it; advanced.config is left alone.
func ReadConfigFiles(ctx context.Context, nodes []model.Node, src ConfigSource, target model.Version) []model.ConfigFile {
	var out []model.ConfigFile
	for _, n := range nodes {
		paths := n.ConfigFiles
		override, copied := src.Paths[n.Name]
		if copied {
			paths = override
		}
		for _, p := range paths {
			out = append(out, readConfigFile(ctx, n.Name, p, src, copied, target))
		}
	}
	return out
}

func readConfigFile(ctx context.Context, node, path string, src ConfigSource, copied bool, target model.Version) model.ConfigFile {
	cf := model.ConfigFile{Node: node, Path: path}
	data, err := src.read(ctx, node, path, copied)
	if err != nil {
		cf.Err = err.Error()
		return cf
	}
	switch {
	case filepath.Base(path) == "advanced.config":
		cf.Format = model.AdvancedFormat
	case confmig.IsClassicFormat(path, data):
		cf.Format = model.ClassicFormat
		convertClassic(&cf, data, target)
	default:
		cf.Format = model.ConfFormat
		cf.Pairs = model.ParseConfPairs(string(data))
	}
	return cf
}

func convertClassic(cf *model.ConfigFile, data []byte, target model.Version) {
	res, err := confmig.Convert(data, confmig.Options{Target: target.String(), Source: cf.Path})
	if err != nil {
		cf.Err = "classic config does not convert: " + err.Error()
		return
	}
	var report bytes.Buffer
	confmig.WriteReport(&report, res, nil)
	cf.Report = nonEmptyLines(report.String())
	cf.ConvertedConf, cf.ConvertedAdvanced = res.Conf, res.Advanced
	for _, f := range res.Findings {
		cf.Findings = append(cf.Findings, confmigFinding(cf.Node, cf.Path, f, target))
	}
}

// confmigFinding maps a conversion finding onto the check's codes: a key
// that fails the boot is a blocker, the rest are warnings or notes.
func confmigFinding(node, path string, f confmig.Finding, target model.Version) model.Finding {
	out := model.Finding{Code: model.CodeConfigKeyChanged, Severity: model.Warning,
		Title:    fmt.Sprintf("%s: %s is %s on %s", node, f.Key, f.Severity, target),
		Evidence: []string{fmt.Sprintf("%s: %s (since %s, %s): %s", path, f.Key, f.Since, f.Source, f.Message)},
		Remedy:   "fix it in the converted config before upgrading " + node, Doc: model.DocConfiguration}
	switch f.Severity {
	case confmig.FailsBoot:
		out.Code, out.Severity = model.CodeConfigKeyBreaksBoot, model.Blocker
		out.Title = fmt.Sprintf("%s: %s makes %s fail to boot", node, f.Key, target)
	case confmig.Deprecated, confmig.Changed:
		out.Severity = model.Info
	}
	return out
}

func nonEmptyLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}
