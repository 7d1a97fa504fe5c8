package broker

import (
	"encoding/json"
	"testing"
)

// The management API gives a consumer's channel as an object, or as an
// empty list when the answering node does not know the channel; both decode.
func TestConsumerChannelDetailsDecode(t *testing.T) {
	tests := []struct {
		name, raw, want string
		bad             bool
	}{
		{name: "object", raw: `{"queue":{"name":"q","vhost":"/"},"channel_details":{"connection_name":"127.0.0.1:5 -> 127.0.0.1:5672"}}`, want: "127.0.0.1:5 -> 127.0.0.1:5672"},
		{name: "empty list", raw: `{"queue":{"name":"q","vhost":"/"},"channel_details":[]}`},
		{name: "absent", raw: `{"queue":{"name":"q","vhost":"/"}}`},
		{name: "garbage", raw: `{"channel_details":"x"}`, bad: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c apiConsumer
			err := json.Unmarshal([]byte(tt.raw), &c)
			if (err != nil) != tt.bad || c.Channel.ConnectionName != tt.want {
				t.Fatalf("decode = %+v, %v; want %q (error %v)", c, err, tt.want, tt.bad)
			}
		})
	}
}
