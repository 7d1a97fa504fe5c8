package steps

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/warren-sre/warren/confmig"
	"github.com/warren-sre/warren/model"

	"github.com/warren-sre/warren/safefile"
)

// ConfigSource says where the nodes' config files are read from. The paths
// come from /api/nodes (config_files) unless the operator points to others.
type ConfigSource struct {
	// Paths overrides the files of a node (by node name), e.g. a copy
	// fetched from a remote node.
	Paths map[string][]string
	// Read reads one file of a node; nil reads the local file system, which
	// is right when warren runs on the node or the paths are local copies.
	// Wire it to an executor (cat PATH over SSH) for remote nodes.
	Read func(ctx context.Context, node, path string) ([]byte, error)
}

func (s ConfigSource) read(ctx context.Context, node, path string) ([]byte, error) {
	if s.Read != nil {
		return s.Read(ctx, node, path)
	}
	// The path is the one /api/nodes reports: someone else chose it.
	return safefile.Read(path, safefile.ConfigLimit)
}

// ReadConfigFiles reads and classifies every config file of every node: a
// rabbitmq.conf is split into key = value pairs for the key checks; a
// classic rabbitmq.config is converted with confmig, whose report and
// version findings travel with it; advanced.config is left alone.
func ReadConfigFiles(ctx context.Context, nodes []model.Node, src ConfigSource, target model.Version) []model.ConfigFile {
	var out []model.ConfigFile
	for _, n := range nodes {
		paths := n.ConfigFiles
		if override, ok := src.Paths[n.Name]; ok {
			paths = override
		}
		for _, p := range paths {
			out = append(out, readConfigFile(ctx, n.Name, p, src, target))
		}
	}
	return out
}

func readConfigFile(ctx context.Context, node, path string, src ConfigSource, target model.Version) model.ConfigFile {
	cf := model.ConfigFile{Node: node, Path: path}
	data, err := src.read(ctx, node, path)
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
