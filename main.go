// Command warren is a terminal cockpit for upgrading RabbitMQ clusters.
package main

import (
	"os"

	"github.com/warren-sre/warren/cli"
)

func main() {
	os.Exit(cli.Execute())
}
