# shellcheck shell=bash
# Sourced by scripts/cellar, scripts/test and .ci/run. The project needs JDK >= 21,
# but the machine default may be older, so we pick one explicitly.

# Prints the major version of the JDK at $1, or nothing if $1 is not a JDK
# (javac is required: the launcher may have to build the project).
cellar_jdk_major() {
  local dir=$1 ver=""
  [[ -x $dir/bin/java && -x $dir/bin/javac ]] || return 0
  if [[ -f $dir/release ]]; then  # cheap: no JVM start
    ver=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$dir/release")
  fi
  if [[ -z $ver ]]; then
    ver=$("$dir/bin/java" -version 2>&1 | sed -n '/version "/{s/.*version "\([^"]*\)".*/\1/p;q;}') || true
  fi
  ver=${ver#1.}           # JDK 8 and older report "1.8.0_x"
  printf '%s\n' "${ver%%[!0-9]*}"
}

# Sets and exports CELLAR_JAVA_HOME (and CELLAR_JAVA_MAJOR) to a JDK >= 21:
# $JAVA_HOME if it qualifies, else the newest one under /usr/lib/jvm
# (CELLAR_JDK_SEARCH_DIR overrides that directory, mainly for testing).
cellar_find_jdk() {
  local dir major best="" best_major=0
  if [[ -n ${JAVA_HOME:-} ]]; then
    major=$(cellar_jdk_major "${JAVA_HOME%/}")
    if (( ${major:-0} >= 21 )); then best=${JAVA_HOME%/} best_major=$major; fi
  fi
  if [[ -z $best ]]; then
    for dir in "${CELLAR_JDK_SEARCH_DIR:-/usr/lib/jvm}"/*/; do
      dir=${dir%/}
      major=$(cellar_jdk_major "$dir")
      if (( ${major:-0} > best_major )); then best=$dir best_major=$major; fi
    done
  fi
  if (( best_major < 21 )); then
    echo "cellar: no JDK 21 or newer found (set JAVA_HOME to one, or install e.g. openjdk-21-jdk / Temurin 21+)" >&2
    return 1
  fi
  export CELLAR_JAVA_HOME=$best CELLAR_JAVA_MAJOR=$best_major
  # Maven's own libraries call sun.misc.Unsafe; on JDK 23+ that prints warnings on
  # every build unless allowed (older JVMs refuse the flag, so only add it there).
  if (( best_major >= 23 )) && [[ ${MAVEN_OPTS:-} != *sun-misc-unsafe-memory-access* ]]; then
    export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
  fi
}

# Prints the JVM flags of $1 (graalpy: a JVM that runs GraalPy; daemon: the daemon's, which
# include graalpy's) for JDK $CELLAR_JAVA_MAJOR, one per line, from the one file that lists them
# (the daemon's kernel/JvmFlags reads the same file; JvmFlagsTest checks both agree).
cellar_jvm_flags() {
  local file
  file="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)/daemon/src/main/resources/dev/cellar/daemon/kernel/jvm-flags"
  awk -v who="$1" -v jdk="${CELLAR_JAVA_MAJOR:?cellar_find_jdk first}" \
    '!/^#/ && NF >= 3 && ($1 == who || ($1 == "graalpy" && who == "daemon")) && jdk + 0 >= $2 + 0 { print $3 }' "$file"
}

# Runs Maven: the machine's `mvn` when there is one, else the repository's Maven Wrapper
# (./mvnw fetches the Maven version .mvn/wrapper/maven-wrapper.properties names, once), so a
# machine with only a JDK builds the project.
cellar_mvn() {
  if command -v mvn >/dev/null 2>&1; then
    mvn "$@"
  else
    "$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)/mvnw" "$@"
  fi
}
