# Relay runtime image: a jlink'd JRE plus relay.jar, running as UID 10001 on a read-only root
# filesystem with every capability dropped. Build from the repository root after
# `./mvnw -B -ntp package -DskipTests` (the jar is built outside the image, so the image build
# needs no network and no Maven cache):
#
#   docker build -t relay:dev .
#   docker run --rm --read-only --cap-drop ALL --security-opt no-new-privileges \
#     -v "$PWD/relay-config.yaml:/etc/relay/relay-config.yaml:ro" -e RELAY_TOKEN relay:dev
#
# The relay listens on no port: it dials out to the control plane.

FROM eclipse-temurin:17-jdk AS jre
# a minimal runtime: only the modules relay.jar needs
RUN jlink --add-modules java.base,java.desktop,java.logging,java.management,java.naming,java.security.jgss,java.security.sasl,java.sql,jdk.crypto.ec,jdk.jfr,jdk.naming.dns,jdk.unsupported \
      --strip-debug --no-header-files --no-man-pages --compress=2 --output /opt/jre

FROM debian:12-slim
RUN groupadd --system --gid 10001 relay \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin relay \
 && rm -rf /var/lib/apt/lists/*
COPY --from=jre /opt/jre /opt/jre
COPY relay-runtime/target/relay.jar /opt/relay/relay.jar
COPY deploy/relay-config.example.yaml /etc/relay/relay-config.yaml
ENV PATH=/opt/jre/bin:$PATH \
    JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -XX:MaxRAMPercentage=75 -XX:-UsePerfData -Djava.io.tmpdir=/tmp"
USER 10001:10001
WORKDIR /opt/relay
# no EXPOSE: the relay only dials out
HEALTHCHECK --interval=30s --timeout=5s CMD ["sh", "-c", "find /tmp/relay-health -mmin -1 | grep -q ."]
ENTRYPOINT ["java", "-jar", "/opt/relay/relay.jar"]
CMD ["run", "--config", "/etc/relay/relay-config.yaml", "--health-file", "/tmp/relay-health"]
