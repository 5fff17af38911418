# Sourced by bin/infrakit and bin/test: sets JAVA_HOME to a JDK >= 21 or exits with advice.
# Order: $JAVA_HOME if it is >= 21, else the newest JDK >= 21 under /usr/lib/jvm.

_infrakit_java_major() { # $1 = java home; prints the feature version or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  local rel="$1/release" v=""
  if [ -f "$rel" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$rel")
  fi
  if [ -z "$v" ]; then
    v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  fi
  echo "$v"
}

infrakit_find_jdk() {
  local major
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(_infrakit_java_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      export JAVA_HOME
      return 0
    fi
  fi
  local best="" best_major=0 d
  for d in /usr/lib/jvm/*; do
    [ -d "$d" ] || continue
    major=$(_infrakit_java_major "$d")
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
}
