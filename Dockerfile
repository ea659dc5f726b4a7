# Together in a container: `docker build -t together .` then
#   docker run -d --name together --env-file .env -v together-data:/data -p 8080:8080 together
# (README: "Going live"). Stop it with `docker stop -t 40 together`: SIGTERM, then up to SHUTDOWN_GRACE_SECONDS
# for in-flight work, before Docker's default 10 s would cut it short.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
# Only what the package needs (.dockerignore keeps out .venv, .together, tests and caches).
COPY pyproject.toml README.md ./
COPY actors ./actors
COPY features ./features
COPY gateway ./gateway
COPY migrations ./migrations
COPY store ./store
COPY telemetry ./telemetry
COPY together ./together
RUN pip install . && rm -rf /src

# A user of its own: the bot (and the embedded PostgreSQL it starts when DATABASE_URL is unset) never runs as root.
RUN useradd --system --create-home --home-dir /home/together --uid 10001 together \
    && mkdir -p /data && chown together:together /data

# DATA_DIR holds the embedded database and the offline emulator's world: keep it on a volume.
ENV DATA_DIR=/data \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080
VOLUME ["/data"]
WORKDIR /data
USER together

# 8080: /healthz, /livez, /readyz, /metrics. 8081: the local Discord emulator and its browser client, only
# when DISCORD_TOKEN is unset (a demo; publish it on a trusted network only).
EXPOSE 8080 8081

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/livez', timeout=4)"]

STOPSIGNAL SIGTERM
CMD ["together", "run"]
