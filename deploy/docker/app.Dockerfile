# The app environment: app server (web chat, internal API, dashboard), action server and
# follow-up worker, one image started with a different command each (deploy/k8s).
# Build from the repository root after `make model` (it needs models/classifier):
#   docker build -f deploy/docker/app.Dockerfile -t vpt-meldbot-app:0.1.0 .
FROM python:3.10.16-slim-bookworm AS build

WORKDIR /src
COPY pyproject.toml README.md ./
COPY requirements/app.lock requirements/app.lock
COPY bot bot
# The project and its pinned dependencies into one virtual environment, without the dev tools.
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-cache-dir --upgrade "pip==25.3" \
    && /opt/venv/bin/pip install --no-cache-dir -c requirements/app.lock .

FROM python:3.10.16-slim-bookworm

# WeasyPrint (letters, the aangifte sheet): pango, HarfBuzz's subsetter and the DejaVu fonts.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app vpt

COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY --chown=vpt:vpt actions actions
COPY --chown=vpt:vpt bot bot
COPY --chown=vpt:vpt models/classifier models/classifier

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    VPT_BIND_HOST=0.0.0.0 \
    VPT_DATA_DIR=/var/lib/vpt

USER 10001
EXPOSE 8080 5055
# The app server; the Deployments of the action server and the worker give their own command.
CMD ["python", "-m", "bot.web"]
