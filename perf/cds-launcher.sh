#!/bin/sh
# Prototype (measured by perf/startup.py, not shipped): how the app's launcher could use AppCDS.
#
# A dynamic CDS archive only works with the very JVM build and the very jar (path, size, mtime)
# that made it, so it cannot ship in the package: it is made on the first run on each server
# and kept where splunkd's user can write and the app upgrade does not reach:
#   $SPLUNK_HOME/var/run/splunk/o365_concurrent_sessions/   (CS_CDS_DIR overrides; no SPLUNK_HOME:
#   no archive). Its name carries the jar's and the JVM's size+mtime, so an upgrade of either
#   makes a new one. The first run dumps to a temporary name and renames it (atomic): two
#   searches starting together never read a half-written archive. If the folder is not
#   writable, the command simply runs without AppCDS.
# -Xlog:all=warning:stderr matters: a stale archive makes the JVM print a warning, and the
# unified log writes warnings to STDOUT by default, which would corrupt the protocol.
jar=${CS_JAR:?CS_JAR must name concurrentsessions.jar}
java=${JAVA:-java}
opts="-Xlog:disable -Xlog:all=warning:stderr -XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto"
dir=${CS_CDS_DIR:-${SPLUNK_HOME:+$SPLUNK_HOME/var/run/splunk/o365_concurrent_sessions}}
if [ -z "$dir" ]; then
    exec "$java" $opts -jar "$jar" "$@"
fi
jvm=$(command -v "$java")
jvm=$(readlink -f "$jvm" 2>/dev/null || printf '%s' "$jvm")
key=$( (stat -c '%s-%Y' "$jar" "$jvm" 2>/dev/null || stat -f '%z-%m' "$jar" "$jvm") | tr '\n' '-')
archive="$dir/concurrentsessions-${key}jsa"
if [ -f "$archive" ]; then
    exec "$java" $opts -XX:SharedArchiveFile="$archive" -jar "$jar" "$@"
fi
if ! mkdir -p "$dir" 2>/dev/null || [ ! -w "$dir" ]; then
    exec "$java" $opts -jar "$jar" "$@"
fi
tmp="$archive.$$.tmp"
"$java" $opts -XX:ArchiveClassesAtExit="$tmp" -jar "$jar" "$@"
rc=$?
if [ -s "$tmp" ]; then
    rm -f "$dir"/concurrentsessions-*jsa 2>/dev/null
    mv -f "$tmp" "$archive"
else
    rm -f "$tmp"
fi
exit $rc
