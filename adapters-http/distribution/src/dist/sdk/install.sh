#!/usr/bin/env bash
# Installs the Flowgate plugin SDK (sdk/repository/: the plugin API, the testkit, what the testkit runs, and the
# parent POMs they name) into your local Maven repository, so that a plugin project built outside the Flowgate
# source tree resolves io.flowgate:flowgate-spi and io.flowgate:flowgate-plugin-testkit.
#   sdk/install.sh [MAVEN_OPTIONS...]      e.g. sdk/install.sh -Dmaven.repo.local=/path/to/repository
# Uses MVN if set (e.g. MVN=./mvnw), else mvn on the PATH. Each artifact goes through install:install-file,
# Maven's own way to install a jar and its POM.
set -euo pipefail

SDK="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MVN="${MVN:-mvn}"
command -v "$MVN" >/dev/null 2>&1 || { echo "sdk/install.sh: $MVN not found: install Maven 3.8+ or set MVN" >&2; exit 2; }

INSTALL=org.apache.maven.plugins:maven-install-plugin:3.2.0:install-file
poms="$(find "$SDK/repository" -name '*.pom' | sort)"
count=0
# Parent POMs first, then the jars: Maven reads a jar's parent POM when it installs the jar.
for pom in $poms; do
  [[ -f "${pom%.pom}.jar" ]] && continue
  "$MVN" -B -q "$@" "$INSTALL" -Dfile="$pom" -DpomFile="$pom" -Dpackaging=pom
  echo "installed $(basename "${pom%.pom}")"; count=$((count + 1))
done
for pom in $poms; do
  [[ -f "${pom%.pom}.jar" ]] || continue
  "$MVN" -B -q "$@" "$INSTALL" -Dfile="${pom%.pom}.jar" -DpomFile="$pom"
  echo "installed $(basename "${pom%.pom}")"; count=$((count + 1))
done
[[ "$count" -gt 0 ]] || { echo "sdk/install.sh: no artifact found in $SDK/repository" >&2; exit 2; }
echo "the Flowgate plugin SDK ($count artifacts) is in your local Maven repository"
