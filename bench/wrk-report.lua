-- Loaded by bench/wrk.ts: after the run, wrk's own summary as one JSON line (latencies in
-- microseconds), so that nothing is read from its human-readable text.
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'wrk-report {"requests":%d,"durationMicros":%d,"connectErrors":%d,"readErrors":%d,' ..
      '"writeErrors":%d,"timeouts":%d,"httpErrors":%d,' ..
      '"p50Micros":%d,"p90Micros":%d,"p99Micros":%d}\n',
    summary.requests, summary.duration, errors.connect, errors.read, errors.write,
    errors.timeout, errors.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99)))
end
