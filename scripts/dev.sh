#!/usr/bin/env bash
# The service in watch mode with readable logs: `npm run dev`, and the command of the dev
# image that Tilt runs (scripts/dev.js says how). exec, so that it gets SIGINT/SIGTERM
# directly, also as a container's PID 1, and passes them on to the service.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export LOG_FORMAT=${LOG_FORMAT:-pretty}
exec node scripts/dev.js
