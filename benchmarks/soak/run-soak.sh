#!/usr/bin/env bash
# Soak test of the core pipeline (not part of the default build).
#
#   benchmarks/soak/run-soak.sh [minutes] [events-per-second]   steady rate with periodic faults (default 10, 2000)
#   benchmarks/soak/run-soak.sh --stress-full [perProducer]     StressTest alone, 8 x perProducer (default 200 000)
#
# The soak prints counters, retained heap and thread count every 10 s and ends with PASS (exit 0) when the
# accounting invariant holds, heap and threads stayed flat and no SDK thread survived close().
set -euo pipefail
cd "$(dirname "$0")/../.."

if [[ "${1:-}" == "--stress-full" ]]; then
  exec ./mvnw -q -B -ntp -pl posthog-core test -Dtest=StressTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dposthog.stress.perProducer="${2:-200000}" -DtrimStackTrace=false -Dsurefire.redirectTestOutputToFile=false
fi

minutes="${1:-10}"
rate="${2:-2000}"
./mvnw -q -B -ntp -pl posthog-core test-compile
classpath_file="$(mktemp)"
trap 'rm -f "$classpath_file"' EXIT
./mvnw -q -B -ntp -pl posthog-core dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$classpath_file" >/dev/null
exec java -Xmx256m -cp "posthog-core/target/classes:posthog-core/target/test-classes:$(cat "$classpath_file")" \
  io.github.posthogcommunity.posthog.reliability.SoakMain "$minutes" "$rate"
