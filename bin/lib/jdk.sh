# Sourced by bin/infrakit and bin/test: sets JAVA_HOME to a JDK >= 21 or exits with advice.
# Order: $JAVA_HOME if it is >= 21, else the newest JDK >= 21 under /usr/lib/jvm.

_infrakit_java_major() { # $1 = java home; prints the feature version or nothing
  _infrakit_java_major_of "$1"
  echo "$_infrakit_major"
}

# As _infrakit_java_major, into $_infrakit_major, without a subshell: bin/infrakit runs this on every command, and
# each fork costs a millisecond or two of a daemon's start (docs/performance.md, "Start, fourth pass").
_infrakit_java_major_of() {
  _infrakit_major=""
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  local line
  if [ -f "$1/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case "$line" in
        JAVA_VERSION=\"*)
          line="${line#JAVA_VERSION=\"}"
          line="${line%%[!0-9]*}"
          _infrakit_major="$line"
          break ;;
      esac
    done <"$1/release"
  fi
  if [ -z "$_infrakit_major" ]; then
    _infrakit_major=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  fi
  return 0
}

infrakit_find_jdk() {
  local major
  if [ -n "${JAVA_HOME:-}" ]; then
    _infrakit_java_major_of "$JAVA_HOME"; major=$_infrakit_major
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      export JAVA_HOME
      INFRAKIT_JAVA_MAJOR=$major
      return 0
    fi
  fi
  local best="" best_major=0 d
  for d in /usr/lib/jvm/*; do
    [ -d "$d" ] || continue
    _infrakit_java_major_of "$d"; major=$_infrakit_major
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$d"; best_major="$major"
    fi
  done
  if [ -z "$best" ]; then
    echo "infrakit: needs a JDK 21 or newer and found none (JAVA_HOME=${JAVA_HOME:-unset}, nothing suitable under /usr/lib/jvm)." >&2
    echo "infrakit: install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 25, or set JAVA_HOME to it." >&2
    exit 1
  fi
  export JAVA_HOME="$best"
  INFRAKIT_JAVA_MAJOR=$best_major
}
