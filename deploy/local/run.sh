#!/usr/bin/env bash
# The whole platform on one machine, no Docker (docs/public-surface.md): one KRaft Kafka broker and PostgreSQL (both from Maven
# Central, inside the launcher's JVM), an S3-compatible object store (S3Mock, in the launcher's JVM too), the five
# services and the sandbox as separate JVMs; the operators' tool (admin-cli) is built with them. Builds what is missing or
# older than its sources first. Ready when it prints the webhook URLs and tokens; Ctrl-C or SIGTERM stops everything.
#
# Environment (docs/public-surface.md): SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS (use that Kafka instead of starting one),
# SWITCHBOARD_WINDOW_DURATION (PT24H), SWITCHBOARD_REMINDER_DELAY (PT23H), SWITCHBOARD_GRAPH_BASE_URL and
# SWITCHBOARD_TWILIO_BASE_URL (the sandbox). Ours: SWITCHBOARD_LOCAL_JAVA_OPTS (each service's JVM options),
# SWITCHBOARD_LOCAL_LAUNCHER_OPTS (the launcher's, with Kafka in it), SWITCHBOARD_REBUILD=1 (build even if up to date).
set -euo pipefail
cd "$(dirname "$0")/../.."

version=0.1.0-SNAPSHOT
modules=(schemas media-store ingress-service ticket-service outbound-service reminder-service media-service sandbox admin-cli local-stack)

needs_build() {
  [ "${SWITCHBOARD_REBUILD:-0}" = 1 ] && return 0
  for module in "${modules[@]}"; do
    jar="$module/target/$module-$version.jar"
    [ -f "$jar" ] || return 0
    [ -n "$(find "$module/src/main" "$module/pom.xml" pom.xml -newer "$jar" -print -quit 2>/dev/null)" ] && return 0
  done
  return 1
}

if ! command -v java >/dev/null; then
  echo "run.sh needs a JDK 17 or newer on the PATH (java not found)." >&2
  exit 1
fi

if needs_build; then
  echo "stack    | building the services, the sandbox and the admin tool (./mvnw -q -B -DskipTests package -pl ingress-service,ticket-service,outbound-service,reminder-service,media-service,sandbox,admin-cli,local-stack -am)..."
  ./mvnw -q -B -DskipTests package -pl ingress-service,ticket-service,outbound-service,reminder-service,media-service,sandbox,admin-cli,local-stack -am
fi

# exec: Ctrl-C and SIGTERM reach the launcher directly; its shutdown hook stops what it started.
exec java ${SWITCHBOARD_LOCAL_LAUNCHER_OPTS:--Xms128m -Xmx512m -XX:+UseSerialGC} \
  -jar "local-stack/target/local-stack-$version.jar"
