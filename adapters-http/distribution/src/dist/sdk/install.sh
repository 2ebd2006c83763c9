#!/usr/bin/env bash
# Installs the Flowgate plugin SDK (sdk/repository/: the plugin API, the testkit, what the testkit runs, and the
# parent POMs they name) into your local Maven repository, so that a plugin project built outside the Flowgate
# source tree resolves io.flowgate:flowgate-spi and io.flowgate:flowgate-plugin-testkit.
#   sdk/install.sh [MAVEN_OPTIONS...]      e.g. sdk/install.sh -Dmaven.repo.local=/path/to/repository
# Uses MVN if set (e.g. MVN=./mvnw), else mvn on the PATH (Maven 3.8 or newer).
set -euo pipefail

SDK="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MVN="${MVN:-mvn}"
command -v "$MVN" >/dev/null 2>&1 || { echo "sdk/install.sh: $MVN not found: install Maven 3.8+ or set MVN" >&2; exit 2; }

# One Maven run with an install:install-file execution per artifact (Maven's own way to install a jar and its
# POM), rather than one run each: a Maven start costs seconds.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
executions="" count=0 names=""
# Parent POMs first, then the jars: Maven reads a jar's parent POM when it installs the jar.
for pom in $(find "$SDK/repository" -name '*.pom' | sort); do
  file="${pom%.pom}.jar"; order=2
  [[ -f "$file" ]] || { file="$pom"; order=1; }
  count=$((count + 1))
  names="$names $(basename "${pom%.pom}")"
  executions="$executions$order<execution><id>sdk-$count</id><phase>validate</phase><goals><goal>install-file</goal></goals><configuration><file>$file</file><pomFile>$pom</pomFile></configuration></execution>
"
done
[[ "$count" -gt 0 ]] || { echo "sdk/install.sh: no artifact found in $SDK/repository" >&2; exit 2; }
cat > "$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>io.flowgate.sdk</groupId>
  <artifactId>flowgate-sdk-install</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <build><plugins><plugin>
    <groupId>org.apache.maven.plugins</groupId>
    <artifactId>maven-install-plugin</artifactId>
    <version>3.2.0</version>
    <executions>
$(printf '%s' "$executions" | sort -s -k1.1,1.1 | cut -c2-)
    </executions>
  </plugin></plugins></build>
</project>
POM
"$MVN" -B -q -f "$work/pom.xml" "$@" validate
for name in $names; do echo "installed $name"; done
echo "the Flowgate plugin SDK ($count artifacts) is in your local Maven repository"
