//go:build tools

// Package build pins etcd for the kind node image (scripts/tools.d/etcd.sh). etcd's server
// module replaces its sibling modules with local folders, so `go install` refuses it; as a
// dependency of this module it builds with the siblings' published releases.
package build

import (
	_ "go.etcd.io/etcd/server/v3"
)
