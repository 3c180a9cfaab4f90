#!/usr/bin/env sh
# Builds the benchmarks jar (reactor build, nothing installed) and runs one benchmark suite.
#   benchmarks/run.sh e2e [runner options]    end-to-end comparison (all scenarios, all SDKs by default)
#   benchmarks/run.sh smoke [runner options]  the same, small and bounded (about a minute)
#   benchmarks/run.sh ceiling [events] [threads]  the machine's ceiling: a raw HTTP client posting pre-built bodies
#   benchmarks/run.sh jmh [JMH options]       JMH capture, serialization and flag local evaluation benchmarks (with -prof gc)
#   benchmarks/run.sh caller-cost [bursts] [events per burst]  an accepted capture's CPU and preemptions on the caller
# Results go to benchmarks/results/ (git-ignored). Run from anywhere; uses $JAVA_HOME/bin/java if set.
set -eu
cd "$(dirname "$0")/.."
suite="${1:-e2e}"
[ $# -gt 0 ] && shift
./mvnw -q -B -ntp -pl benchmarks -am package -DskipTests
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jar=benchmarks/target/posthog-benchmarks.jar
mkdir -p benchmarks/results
case "$suite" in
  e2e)   exec "$java" -jar "$jar" e2e "$@" ;;
  ceiling) exec "$java" -jar "$jar" ceiling "$@" ;;
  caller-cost) exec "$java" -jar "$jar" caller-cost "$@" ;;
  smoke) exec "$java" -jar "$jar" e2e --smoke "$@" ;;
  jmh)   exec "$java" -jar "$jar" jmh -prof gc -rf json \
           -rff "benchmarks/results/jmh-$(date -u +%Y%m%d-%H%M%S).json" "$@" ;;
  *)     echo "usage: $0 e2e|smoke|ceiling|jmh|caller-cost [options]" >&2; exit 2 ;;
esac
