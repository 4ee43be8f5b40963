import { counterTotal } from '../support/collector-metrics';

// The Collector's own metrics, as its Prometheus endpoint prints them: a counter per label
// set, values in Go's shortest float form (the bench's long runs pass a million spans).
const METRICS = `# HELP otelcol_receiver_accepted_spans_total Number of spans successfully pushed into the pipeline.
# TYPE otelcol_receiver_accepted_spans_total counter
otelcol_receiver_accepted_spans_total{receiver="otlp",service_instance_id="a1",transport="grpc"} 68512
otelcol_receiver_accepted_spans_total{receiver="otlp",service_instance_id="a1",transport="http"} 1.234567e+06
otelcol_receiver_refused_spans_total{receiver="otlp",service_instance_id="a1",transport="http"} 7
`;

describe("the Collector's counters, read by the bench and the tests", () => {
  it('sums every label set, a count past a million included', () => {
    expect(counterTotal(METRICS, 'otelcol_receiver_accepted_spans')).toBe(68512 + 1234567);
  });

  it('reads only the counter named, and 0 when it is absent', () => {
    expect(counterTotal(METRICS, 'otelcol_receiver_refused_spans')).toBe(7);
    expect(counterTotal(METRICS, 'otelcol_exporter_sent_spans')).toBe(0);
  });
});
