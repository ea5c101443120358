# syntax=docker/dockerfile:1
#
# The ticket server as a static, non-root image.
#
#   docker build -t wecom-ticket .
#   docker run -p 8080:8080 -v ticket-data:/app/data wecom-ticket            # embedded stack
#   docker run --env-file .env wecom-ticket migrate                           # a subcommand
#
# Configuration is the TICKET_* environment (see configs/config.example.yaml;
# -config /app/configs/FILE for a YAML file). With the defaults the server
# keeps its SQLite database in /app/data, writable by the non-root user:
# mount a volume there to keep it. docker-compose.yml runs it on MySQL and
# Redis instead.
#
# No HEALTHCHECK: the distroless image has no shell or curl. Orchestrators
# should probe GET /healthz (liveness) and GET /readyz (readiness: 200 when
# the database and the store answer) on port 8080.

ARG GO_IMAGE=golang:1.26-bookworm

FROM ${GO_IMAGE} AS build
WORKDIR /src
ENV CGO_ENABLED=0
# Modules in their own layer, reused until go.mod or go.sum change.
COPY go.mod go.sum ./
RUN go mod download && go mod verify
COPY . .
RUN --mount=type=cache,target=/root/.cache/go-build \
	go build -trimpath -ldflags "-s -w" -o /out/ ./cmd/server ./cmd/wecomsim
# configs/ without its Go sources; an empty data dir for the SQLite default.
RUN mkdir -p /out/data /out/configs \
	&& cp -R configs/. /out/configs/ \
	&& find /out/configs \( -name '*.go' -o -name testdata \) -prune -exec rm -rf {} +

# distroless static: CA certificates and tzdata, no shell; uid 65532 is "nonroot".
FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /app
COPY --from=build /out/server /out/wecomsim /app/
COPY --from=build /out/configs /app/configs
COPY --from=build --chown=65532:65532 /out/data /app/data
USER 65532:65532
ENV TICKET_HTTP_ADDR=:8080
EXPOSE 8080
ENTRYPOINT ["/app/server"]
