// Command coredns is the cluster DNS of the kind node image built here: CoreDNS with only
// the plugins a cluster-names-only server needs. Leaving out `forward` (and every plugin that talks to
// a cloud API) means no query can leave the machine, and the build stays small.
package main

import (
	"log"

	"github.com/coredns/coredns/core/dnsserver"
	"github.com/coredns/coredns/coremain"

	_ "github.com/coredns/coredns/plugin/cache"
	_ "github.com/coredns/coredns/plugin/errors"
	_ "github.com/coredns/coredns/plugin/health"
	_ "github.com/coredns/coredns/plugin/kubernetes"
	_ "github.com/coredns/coredns/plugin/loop"
	_ "github.com/coredns/coredns/plugin/ready"
	_ "github.com/coredns/coredns/plugin/reload"
)

func main() {
	// Execution order, as in CoreDNS's own plugin.cfg.
	if err := dnsserver.SetDirectives([]string{
		"reload", "ready", "health", "errors", "cache", "kubernetes", "loop",
	}); err != nil {
		log.Fatal(err)
	}
	coremain.Run()
}
