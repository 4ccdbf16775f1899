# syntax=docker/dockerfile:1
#
# cryptocloud-withdrawals: the service, and the CryptoCloud sandbox (same jar, other main class).
#
#   docker build -t cryptocloud-withdrawals .
#   docker run -e CRYPTOCLOUD_API_KEY=... -e KAFKA_BOOTSTRAP_SERVERS=broker:9092 -p 8080:8080 cryptocloud-withdrawals
#   docker run -e SANDBOX_API_KEY=... -e SANDBOX_HOST=0.0.0.0 -p 8089:8089 \
#     --entrypoint java cryptocloud-withdrawals \
#     -cp /app/app.jar io.github.cryptocloudwithdrawals.sandbox.CryptoCloudSandbox
#
# Behind a proxy that re-signs TLS with a corporate CA, mount a trust store holding that CA and
# point the JVM at it (docs/running.md, "HTTPS and a corporate CA"); certificate and host-name checks stay on:
#   docker run -v "$PWD/truststore:/etc/cryptocloud-withdrawals/truststore:ro" \
#     -e JAVA_TOOL_OPTIONS="-Djavax.net.ssl.trustStore=/etc/cryptocloud-withdrawals/truststore -Djavax.net.ssl.trustStorePassword=changeit" \
#     -e CRYPTOCLOUD_API_KEY=... -e KAFKA_BOOTSTRAP_SERVERS=broker:9092 cryptocloud-withdrawals
#
# Traces (docs/operations.md, Traces): off by default. Build with the OpenTelemetry Java agent in
# the image and attach it at run time with the settings the docs list:
#   docker build --build-arg OPENTELEMETRY_AGENT=true -t cryptocloud-withdrawals .
#   docker run -e JDK_JAVA_OPTIONS=-javaagent:/app/opentelemetry-javaagent.jar \
#     -e OTEL_SERVICE_NAME=cryptocloud-withdrawals -e OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318 ... cryptocloud-withdrawals
# or mount an agent into an image built without it:
#   docker run -v "$PWD/target/opentelemetry-javaagent.jar:/otel/opentelemetry-javaagent.jar:ro" \
#     -e JDK_JAVA_OPTIONS=-javaagent:/otel/opentelemetry-javaagent.jar ... cryptocloud-withdrawals

# --- build ------------------------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml ./
COPY routes ./routes
COPY src ./src
# The local repository is a BuildKit cache: dependencies are downloaded once, not on every build.
RUN --mount=type=cache,target=/root/.m2 mvn -B -ntp package -DskipTests

# --- run --------------------------------------------------------------------------------------
# The Ubuntu-based Temurin 17 images ship curl (adoptium/containers#255), which the health checks
# in docker-compose.yml use; an -alpine base would need them rewritten for busybox wget.
FROM eclipse-temurin:17-jre
# A fixed, non-root uid/gid (not 1000: Ubuntu 24.04 images already have user "ubuntu" there).
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --no-create-home --home-dir /nonexistent \
       --shell /usr/sbin/nologin app
WORKDIR /app
COPY --from=build /build/target/cryptocloud-withdrawals.jar /app/app.jar
# `mvn package` put the agent beside the jar; the image holds it only when asked
ARG OPENTELEMETRY_AGENT=false
RUN --mount=type=bind,from=build,source=/build/target,target=/mnt/target \
    if [ "$OPENTELEMETRY_AGENT" = true ]; then cp /mnt/target/opentelemetry-javaagent.jar /app/; fi
USER 10001:10001
# health: /observe/health, /observe/health/live, /observe/health/ready (MANAGEMENT_PORT)
EXPOSE 8080
# Exec form: java is PID 1 and gets SIGTERM itself, so Camel's graceful shutdown runs.
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
