# The Rasa environment: Rasa 3.6 with the project's channels (connectors/) and the trained model.
# Build from the repository root after `make model`:
#   docker build -f deploy/docker/rasa.Dockerfile -t vpt-meldbot-rasa:0.1.0 .
FROM python:3.10.16-slim-bookworm AS build

WORKDIR /src
COPY requirements/rasa.txt requirements/rasa.lock requirements/
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-cache-dir --upgrade "pip==25.3" \
    && /opt/venv/bin/pip install --no-cache-dir -r requirements/rasa.txt -c requirements/rasa.lock

FROM python:3.10.16-slim-bookworm

RUN useradd --system --uid 10001 --home-dir /app vpt
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
# connectors/ may import only bot/wire of the core (an import-linter contract keeps it so).
COPY --chown=vpt:vpt connectors connectors
COPY --chown=vpt:vpt bot/wire bot/wire
COPY --chown=vpt:vpt models/vpt.tar.gz models/vpt.tar.gz
COPY --chown=vpt:vpt models/spacy-nl models/spacy-nl

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    PYTHONUNBUFFERED=1 \
    RASA_TELEMETRY_ENABLED=false \
    TF_CPP_MIN_LOG_LEVEL=2 \
    OMP_NUM_THREADS=1 \
    TF_NUM_INTRAOP_THREADS=1 \
    TF_NUM_INTEROP_THREADS=1 \
    HOME=/tmp

USER 10001
EXPOSE 5005
# Rasa's HTTP API stays off (connectors/rasa_run.py refuses --enable-api); the tokens come from
# a Secret, never from the command line;
# endpoints.yml and credentials.yml come from a ConfigMap (deploy/k8s/base/rasa-config.yaml).
CMD ["python", "-m", "connectors.rasa_run", "--model", "models/vpt.tar.gz", \
     "--endpoints", "/etc/vpt/endpoints.yml", "--credentials", "/etc/vpt/credentials.yml", \
     "--interface", "0.0.0.0", "--port", "5005"]
