# coalitiond + the coalition CLI on Debian 12. Two stages: the builder has the
# compiler and -dev packages; the runtime image has only the shared libraries.
#   docker build -t coalition:latest .        (here: add --network=host, see README)
#   docker run --rm -p 7700:7700 coalition:latest
FROM debian:bookworm-slim AS build
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      build-essential cmake pkg-config \
      libnng-dev libprotobuf-c-dev protobuf-c-compiler protobuf-compiler \
      libicu-dev libjson-c-dev libstemmer-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# .dockerignore keeps build trees, tests and .git out of the context.
COPY . .
# Only the two programs (not bench/); copied from the build tree, stripped.
RUN cmake -S . -B /build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF \
 && cmake --build /build -j "$(nproc)" --target coalitiond coalition \
 && for b in coalitiond coalition; do \
      f=$(find /build -path '*/CMakeFiles' -prune -o -type f -name "$b" -perm -u+x -print | head -1); \
      [ -n "$f" ] || { echo "missing binary: $b" >&2; exit 1; }; \
      install -s -m 0755 "$f" "/usr/local/bin/$b"; \
    done

FROM debian:bookworm-slim
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libnng1 libprotobuf-c1 libicu72 libjson-c5 libstemmer0d \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 coalition \
 && useradd --system --uid 10001 --gid coalition --no-create-home \
      --home-dir /nonexistent --shell /usr/sbin/nologin coalition
COPY --from=build /usr/local/bin/coalitiond /usr/local/bin/coalition /usr/local/bin/
COPY corpus/ /usr/share/coalition/corpus/
# Both binaries must find every shared library they link.
RUN ! ldd /usr/local/bin/coalitiond /usr/local/bin/coalition | grep 'not found'
USER coalition:coalition
ENV COALITION_ADDR=tcp://127.0.0.1:7700
EXPOSE 7700
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["coalition", "--addr", "tcp://127.0.0.1:7700", "health"]
ENTRYPOINT ["coalitiond", "--listen", "tcp://0.0.0.0:7700", "--corpus", "/usr/share/coalition/corpus"]
