#!/usr/bin/env bash
# Builds the project twice from clean and checks that every module jar is byte-identical.
set -euo pipefail
cd "$(dirname "$0")/.."
sums() { find . -path '*/target/*' -name '*.jar' -not -path '*/target/*/*' | sort | xargs sha256sum; }
./mvnw -B -ntp -q clean package -DskipTests
sums > target-sums-1.txt
./mvnw -B -ntp -q clean package -DskipTests
sums > target-sums-2.txt
if diff target-sums-1.txt target-sums-2.txt; then
  echo "reproducible: $(wc -l < target-sums-1.txt) jars identical"
  rm -f target-sums-1.txt target-sums-2.txt
else
  echo "NOT reproducible (see diff above)" >&2
  exit 1
fi
