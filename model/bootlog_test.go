package model

import (
	"strings"
	"testing"
)

// Recorded from a real 3.10.8 node started from 4.0.5 on its own data.
const skippedPathLog = `2026-11-28 06:26:02.041000+00:00 [info] <0.216.0> Feature flags: list of feature flags found:
2026-11-28 06:26:02.051319+00:00 [error] <0.216.0> Feature flags: ` + "`stream_single_active_consumer`" + `: required feature flag not enabled! It must be enabled before upgrading RabbitMQ.
2026-11-28 06:26:02.057948+00:00 [error] <0.216.0> Failed to initialize feature flags registry: {disabled_required_feature_flag,
2026-11-28 06:26:02.057948+00:00 [error] <0.216.0>                                               stream_single_active_consumer}

BOOT FAILED
===========
Error during startup: {error,failed_to_initialize_feature_flags_registry}

2026-11-28 06:26:02.063402+00:00 [error] <0.216.0> 
2026-11-28 06:26:02.063402+00:00 [error] <0.216.0> BOOT FAILED
2026-11-28 06:26:02.063402+00:00 [error] <0.216.0> ===========
2026-11-28 06:26:02.063402+00:00 [error] <0.216.0> Error during startup: {error,failed_to_initialize_feature_flags_registry}
2026-11-28 06:26:03.064834+00:00 [error] <0.215.0>   crasher:
2026-11-28 06:26:03.064834+00:00 [error] <0.215.0>     initial call: application_master:init/3
Kernel pid terminated (application_controller) ("{application_start_failure,rabbit,{failed_to_initialize_feature_flags_registry,{rabbit,start,[normal,[]]}}}")
`

func TestBootFailure(t *testing.T) {
	tests := []struct {
		name string
		log  string
		want []string
	}{
		{"skipped path", skippedPathLog, []string{
			"Error during startup: {error,failed_to_initialize_feature_flags_registry}",
			"Feature flags: `stream_single_active_consumer`: required feature flag not enabled! It must be enabled before upgrading RabbitMQ.",
			"Failed to initialize feature flags registry: {disabled_required_feature_flag, stream_single_active_consumer}",
		}},
		{"a clean boot", "2026-11-28 06:26:02.041000+00:00 [info] <0.216.0> Server startup complete\n", nil},
		{"only the kernel's last words", `Kernel pid terminated (application_controller) ("{application_start_failure,rabbit,x}")`,
			[]string{`Kernel pid terminated (application_controller) ("{application_start_failure,rabbit,x}")`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := BootFailure(tt.log)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
