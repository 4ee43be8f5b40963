// Package build pins the AWS X-Ray daemon and its dependencies for scripts/tools.d/xray.sh.
// The Go module proxy serves the daemon only as v3.0.1+incompatible (its tags do not
// match its module path), so the daemon is built from this module's pinned graph.
package build

import _ "github.com/aws/aws-xray-daemon/daemon"
