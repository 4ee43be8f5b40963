"""The Flask backend this project replaces, traced as the original was.

Serves GET /api/activities/home with the home feed that bench/flask.ts saved
from our service (HOME_FEED_FILE), so that both answer with the same body.
OTEL_SDK_DISABLED=true leaves out the tracer provider and both
instrumentations: the untraced baseline. `npm run bench` starts it with
`python -m flask run`, as the original Cruddur backend was started.
"""
import json
import os
from datetime import datetime, timezone

from flask import Flask
from flask_cors import CORS
from opentelemetry import trace

TRACED = os.getenv("OTEL_SDK_DISABLED", "false").lower() != "true"

if TRACED:
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import (
        OTLPSpanExporter,
    )
    from opentelemetry.instrumentation.flask import FlaskInstrumentor
    from opentelemetry.instrumentation.requests import RequestsInstrumentor
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    # Endpoint, service name and batch settings come from the OTEL_* variables.
    provider = TracerProvider()
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)

# Without a provider this is the API's no-op tracer.
tracer = trace.get_tracer(__name__)

with open(os.environ["HOME_FEED_FILE"], encoding="utf-8") as feed_file:
    HOME_FEED = json.load(feed_file)

app = Flask(__name__)
# Our service's key order, so that the bodies differ only in Flask's last
# newline.
app.json.sort_keys = False

if TRACED:
    FlaskInstrumentor().instrument_app(app)
    RequestsInstrumentor().instrument()

FRONTEND_URL = os.getenv("FRONTEND_URL", "http://localhost:3000")
CORS(
    app,
    resources={r"/api/*": {"origins": [FRONTEND_URL]}},
    expose_headers="location,link",
    allow_headers="content-type,if-modified-since",
    methods="OPTIONS,GET,HEAD,POST",
)


@app.route("/api/activities/home", methods=["GET"])
def home_activities():
    with tracer.start_as_current_span("home-activities-mock-data") as span:
        span.set_attribute("app.now", datetime.now(timezone.utc).isoformat())
        span.set_attribute("app.result_length", len(HOME_FEED))
        return HOME_FEED, 200
