# Kawal production image: a build stage installs the package into /opt/venv, the runtime stage
# copies only that venv and runs it as an unprivileged user. No keys, no .env and no var/ ever
# enter the image: the root key and the database URL arrive at run time as Docker secrets
# (see docker-compose.yml). Both stages use the same pinned base so the venv's interpreter matches.
ARG PYTHON_IMAGE=python:3.11.13-slim-bookworm

FROM ${PYTHON_IMAGE} AS build

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

WORKDIR /src
# Only what the wheel is built from; the packages are listed explicitly, as in pyproject.toml.
COPY pyproject.toml constraints.txt README.md ./
COPY kawal/ kawal/
COPY vault/ vault/
COPY redaction/ redaction/
COPY auth/ auth/
COPY audit/ audit/
COPY compliance/ compliance/
COPY privacy/ privacy/
COPY policies/ policies/
COPY dbcore/ dbcore/
# Exact pins from constraints.txt (psycopg-binary included: no compiler or libpq needed).
RUN pip install --no-cache-dir -c constraints.txt .


FROM ${PYTHON_IMAGE} AS runtime

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    KAWAL_ENVIRONMENT=production

RUN groupadd --system --gid 10001 kawal \
 && useradd --system --uid 10001 --gid kawal --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin kawal

COPY --from=build /opt/venv /opt/venv

# The mount point of the audit checkpoint volume, owned by the app so a fresh named volume is writable.
RUN mkdir -p /var/lib/kawal/checkpoints && chown -R kawal:kawal /var/lib/kawal

# Owned by root and not writable by the app: the container can run with a read-only root fs.
WORKDIR /app
USER kawal

EXPOSE 8000

# slim has no curl; urlopen raises on a 503, so "not ready" makes the check fail.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4)"]

# 0.0.0.0 inside the container; docker-compose.yml publishes it on the host loopback for a TLS proxy.
CMD ["kawal", "serve", "--host", "0.0.0.0", "--port", "8000"]
