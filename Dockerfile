# Bryggan: small, non-root. Migrates the database, then serves HTTP mode on :3000
# (or Socket Mode: override the command with `bryggan run`).
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot bot
COPY handlers handlers
COPY storage storage
COPY templates templates
COPY scheduler scheduler
COPY localslack localslack
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 BRYGGAN_LOG_FORMAT=json
RUN useradd --system --uid 10001 --home-dir /app --create-home bryggan
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
USER bryggan
WORKDIR /app
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s CMD ["python", "-c", "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:3000/healthz', timeout=2).status != 200)"]
CMD ["sh", "-c", "bryggan db upgrade && exec bryggan run --http --port 3000"]
