# syntax=docker/dockerfile:1
# Build: the same `cargo build --release --locked` that .ci/run runs natively. No database is
# needed at build time (migrations are embedded; no query is checked against a live schema).
FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
# Dependencies first, in a layer of their own, so that editing loket rebuilds only loket.
COPY Cargo.toml Cargo.lock ./
RUN mkdir src && echo 'fn main() {}' > src/main.rs && touch src/lib.rs \
    && cargo build --release --locked \
    && rm -rf src target/release/deps/loket-* target/release/deps/libloket-* target/release/.fingerprint/loket-*
COPY src src
COPY migrations migrations
# The font /grafik draws with is compiled into the binary.
COPY assets assets
RUN cargo build --release --locked --bin loket

# Run: a slim Debian with one static-ish binary. TLS roots are compiled in (rustls with
# webpki roots), so the image needs no CA bundle or curl; `loket healthcheck` probes /healthz.
FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --user-group --no-create-home --shell /usr/sbin/nologin loket
COPY --from=build /src/target/release/loket /usr/local/bin/loket
USER loket:loket
ENV HTTP_ADDR=0.0.0.0:8080
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["loket", "healthcheck"]
ENTRYPOINT ["loket"]
CMD ["serve"]
