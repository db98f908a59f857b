#!/usr/bin/env bash
# Every benchmark in one command, about 10 minutes on 2 cores:
#   1. builds relay.jar and the benchmark jar;
#   2. the end-to-end driver (relay vs direct JDBC side by side, heap growth, idle RSS; ~3 minutes);
#   3. one short pass of every JMH suite (policy, masking, audit, protocol), each with its baseline
#      in the same run (CCJSqlParserUtil, the naive regex chain, audit off...). The per-area pages
#      in docs/benchmarks/ give the longer runs behind the official figures.
# Output: relay-benchmarks/target/results/{e2e.md,jmh.txt,jmh.json}. Extra arguments go to the
# driver (--quick for a smoke run).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -ntp -q -Pbenchmarks package -DskipTests
out=relay-benchmarks/target/results
mkdir -p "$out"
java -cp relay-benchmarks/target/benchmarks.jar dev.relay.benchmarks.e2e.EndToEndDriver "$@" 2>"$out/e2e.log" | tee "$out/e2e.md"
java -jar relay-benchmarks/target/benchmarks.jar 'dev\.relay\.benchmarks\.(policy|masking|audit|protocol)\..*' \
    -f 1 -wi 1 -w 1s -i 2 -r 1s -rf json -rff "$out/jmh.json" | tee "$out/jmh.txt"
echo "results in $out"
