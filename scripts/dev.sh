#!/usr/bin/env bash
# The service in watch mode with readable logs: `npm run dev`, and the command of the dev
# image that Tilt runs. exec, so that tsx (and through it the service) gets SIGINT/SIGTERM
# directly, also as a container's PID 1.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export LOG_FORMAT=${LOG_FORMAT:-pretty}
exec node_modules/.bin/tsx watch --require ./service/src/telemetry/preload.ts service/src/main.ts
