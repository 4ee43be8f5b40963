/**
 * Preloaded with `node --require ./dist/telemetry/preload.js` so that instrumentation is
 * in place before Koa, http and winston are first required. Telemetry must never stop
 * the service: a failure here is reported and the service runs untraced.
 */
import { ConfigError, loadConfig } from '../config.js';
import { startTelemetry } from './sdk.js';

try {
  startTelemetry(loadConfig());
} catch (error) {
  // An invalid configuration is reported by main, which then exits.
  if (!(error instanceof ConfigError)) {
    process.stderr.write(
      `telemetry: not started: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
}
