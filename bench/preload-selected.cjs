// Benchmark preload: a bare NodeSDK with the instrumentations this service selects.
const { NodeSDK } = require('@opentelemetry/sdk-node');
const {
  createInstrumentations,
  DEFAULT_INSTRUMENTATIONS,
} = require('../dist/telemetry/instrumentations.js');

new NodeSDK({
  instrumentations: createInstrumentations(DEFAULT_INSTRUMENTATIONS),
  spanProcessors: [],
  metricReaders: [],
  logRecordProcessors: [],
}).start();
