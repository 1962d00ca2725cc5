#!/usr/bin/env bash
# Runs the W1-W4 JMH benchmarks and prints one table: Leibniz, the same work by hand on EJML, their
# ratio, and the peers (PyTorch via DJL, SameDiff, numpy) when --peers names the results.tsv written by
# the harness in shared/bench/anchors. All arguments go to leibniz.examples.bench.BenchTable:
#
#   examples/bench.sh                                  # W1-W4, threads 1 and 2, GC profile, 10,000-step heap check
#   examples/bench.sh --only W2 --threads 1 --no-heap  # a subset
#   examples/bench.sh --peers /tmp/x/anchors/results/results.tsv --out bench.md
#   examples/bench.sh -wi 5 -i 10 -f 2                 # any JMH option
#
# Environment: JAVA (default: java on PATH), LEIBNIZ_TARGET (build folder, default target),
# SKIP_BUILD=1 to reuse the jar, JAVA_OPTS (added to the JVM options, which JMH's forks inherit).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
target=${LEIBNIZ_TARGET:-target}
java=${JAVA:-java}
jar="$root/examples/$target/leibniz-benchmarks.jar"
if [ -z "${SKIP_BUILD:-}" ]; then
    (cd "$root" && mvn -q -B -pl examples -am -Dleibniz.target="$target" -Dmaven.test.skip=true package)
fi
# The vector module lets a pure-Java BLAS use SIMD; the heap matches the peer harness's.
# shellcheck disable=SC2086
exec "$java" -Xms1g -Xmx4g --add-modules jdk.incubator.vector ${JAVA_OPTS:-} -jar "$jar" "$@"
