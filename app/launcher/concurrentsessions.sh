#!/bin/sh
# Launcher of the concurrentsessions search command (Linux, macOS, any Unix splunkd runs on).
#
# splunkd starts it with an unrelated working directory, from the app folder or from a
# knowledge bundle on an indexer, so every path is found from this file's own location.
# stdout belongs to the chunked protocol: diagnostics go to stderr, which lands in search.log.
#
# Java 17+ is looked for, in this order:
#   1. [java] home = <JDK or JRE folder> in <app>/local/concurrentsessions.conf (see
#      README/concurrentsessions.conf.spec); [java] options there replace the JVM options below
#   2. JAVA_HOME
#   3. java on PATH
# A candidate that is missing or older than 17 is reported and skipped. When none fits, the
# launcher answers splunkd's getinfo itself with an ERROR frame telling the user what to do.

APP_ID=o365_concurrent_sessions
MIN_JAVA=17
# A search command lives for seconds: one collector thread (ParallelGC with one thread sizes its
# young generation so that fewer sessions are copied to old than with SerialGC: ~20% less CPU
# and ~25% more events/s at 10^6 events, the same getinfo latency and small-search RSS, half of
# G1's peak RSS), no perf-data file in /tmp, and the JDK's class-data archive. The JIT keeps both
# tiers (C1 only is 15-26% slower from 10^6 events with a spare core), but C2 compiles only what
# stays hot four times longer than by default: less compiling on a busy core, 3-20% more events/s
# at 10^4-10^6 on one core or two; and it inlines hot callees up to 150 bytecodes instead of 325:
# 15-20% less CPU from 10^5 events, 6-15% more events/s on one core (docs/performance.md).
DEFAULT_JAVA_OPTIONS="-XX:+UseParallelGC -XX:ParallelGCThreads=1 -Xshare:auto -XX:-UsePerfData -XX:Tier4InvocationThreshold=20000 -XX:Tier4MinInvocationThreshold=2400 -XX:Tier4CompileThreshold=60000 -XX:Tier4BackEdgeThreshold=160000 -XX:FreqInlineSize=150"
# Always first, whatever [java] options say: the JVM's unified log writes its warnings to STDOUT
# by default (a stale class-data archive, a recording started...), which would corrupt the
# protocol. Options given later (-Xlog:gc:file=...) still add their own outputs.
LOG_OPTIONS="-Xlog:disable -Xlog:all=warning:stderr"

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd -P)

# <app>/bin/this or <app>/<platform>/bin/this
app=''
for candidate in "$here/.." "$here/../.."; do
    if [ -f "$candidate/java/concurrentsessions.jar" ]; then
        app=$(CDPATH='' cd -- "$candidate" && pwd -P)
        break
    fi
done

json_string() {
    printf '%s' "$1" | tr -d '\000-\037' | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g'
}

# Answers the getinfo request with one fatal frame and exits. The request itself (which carries
# the session key) is read and thrown away, never echoed or stored.
reply_error() {
    message=$(json_string "$1")
    meta="{\"finished\":true,\"error\":\"$message\",\"inspector\":{\"messages\":[[\"ERROR\",\"$message\"]]}}"
    if IFS= read -r header; then
        counts=$(printf '%s' "$header" | tr -d ' \r')
        counts=${counts#chunked1.0,}
        m=${counts%%,*}
        b=${counts#*,}
        case "$m$b" in
            ''|*[!0-9]*) ;;
            *) n=$((m + b)); [ "$n" -gt 0 ] && head -c "$n" >/dev/null ;;
        esac
    fi
    length=$(printf '%s' "$meta" | wc -c | tr -d ' ')
    printf 'chunked 1.0,%s,0\n%s' "$length" "$meta"
    printf 'concurrentsessions: %s\n' "$1" >&2
    exit 1
}

if [ -z "$app" ]; then
    reply_error "The $APP_ID app is incomplete: java/concurrentsessions.jar was not found next to $here. Reinstall the app (on the indexers too if it is installed there)."
fi

# [java] home, options and cds from the app's concurrentsessions.conf (local over default), one
# per line, in one pass. Positional parameters inside a function are the function's own: the
# command's "$@" survives.
java_settings() {
    set --
    for f in "$app/default/concurrentsessions.conf" "$app/local/concurrentsessions.conf"; do
        [ -f "$f" ] && set -- "$@" "$f"
    done
    [ "$#" -gt 0 ] || return 0
    awk '
        FNR == 1 { current = "" }
        /^[ \t]*[#;]/ { next }
        /^[ \t]*\[/ {
            current = $0
            sub(/^[ \t]*\[/, "", current); sub(/\][ \t\r]*$/, "", current)
            next
        }
        current == "java" {
            line = $0; sub(/\r$/, "", line)
            eq = index(line, "=")
            if (eq == 0) next
            k = substr(line, 1, eq - 1); gsub(/^[ \t]+|[ \t]+$/, "", k)
            v = substr(line, eq + 1); gsub(/^[ \t]+|[ \t]+$/, "", v)
            value[k] = v
        }
        END { print value["home"]; print value["options"]; print value["cds"] }' "$@"
}

settings=$(java_settings)
{ IFS= read -r conf_home; IFS= read -r conf_options; IFS= read -r conf_cds; } <<EOF
$settings
EOF

# Sets major to the major version in <home>/release (JAVA_VERSION="17.0.15", "1.8.0_392" -> 8),
# present in every JDK and JRE since 9. Read by the shell itself: no process started.
release_major() {
    major=''
    [ -f "$1/release" ] || return 0
    while IFS= read -r line || [ -n "$line" ]; do
        case $line in
            JAVA_VERSION=*)
                v=${line#JAVA_VERSION=}; v=${v#\"}; v=${v%%\"*}
                case $v in 1.*) v=${v#1.} ;; esac
                major=${v%%[!0-9]*}
                return 0 ;;
        esac
    done < "$1/release"
}

# Major version from `java -version` (a whole JVM start): only when there is no release file.
version_major() {
    "$1" -version 2>&1 | awk -F'"' '/ version "/ {
        v = $2
        if (v ~ /^1\./) { split(v, p, "."); print p[2] } else { split(v, p, /[.+-]/); print p[1] }
        exit
    }'
}

# Sets major and java_home for a java executable: <home>/bin/java as given, then with symlinks
# resolved (/usr/bin/java -> /etc/alternatives/java -> /usr/lib/jvm/.../bin/java), then the
# executable's own answer. java_home stays empty when no release file was found.
java_version() {
    java_home=${1%/bin/java}
    release_major "$java_home"
    if [ -z "$major" ]; then
        real=$(readlink -f "$1" 2>/dev/null)
        if [ -n "$real" ] && [ "$real" != "$1" ]; then
            java_home=${real%/bin/java}
            release_major "$java_home"
        fi
    fi
    if [ -z "$major" ]; then
        java_home=''
        major=$(version_major "$1")
    fi
}

java=''
tried=''
consider() {
    source_name=$1; candidate=$2
    [ -n "$java" ] && return 0
    if [ ! -f "$candidate" ] || [ ! -x "$candidate" ]; then
        tried="$tried $source_name: $candidate not found;"
        return 0
    fi
    java_version "$candidate"
    case "$major" in
        ''|*[!0-9]*) tried="$tried $source_name: $candidate did not report a version;"; return 0 ;;
    esac
    if [ "$major" -lt "$MIN_JAVA" ]; then
        tried="$tried $source_name: $candidate is Java $major;"
        return 0
    fi
    java=$candidate
    jvm_home=$java_home
    java_major=$major
}

if [ -n "$conf_home" ]; then
    consider "local/concurrentsessions.conf [java] home" "$conf_home/bin/java"
fi
if [ -n "$JAVA_HOME" ]; then
    consider "JAVA_HOME" "$JAVA_HOME/bin/java"
fi
if [ -z "$java" ]; then
    on_path=$(command -v java 2>/dev/null || true)
    if [ -n "$on_path" ]; then
        consider "PATH" "$on_path"
    else
        tried="$tried PATH: no java;"
    fi
fi

if [ -z "$java" ]; then
    reply_error "concurrentsessions needs Java $MIN_JAVA or later on this Splunk server (search head and indexers). Install a Java $MIN_JAVA+ runtime, then set JAVA_HOME in splunkd's environment or set 'home' under [java] in \$SPLUNK_HOME/etc/apps/$APP_ID/local/concurrentsessions.conf. Tried:$tried"
fi
if [ -n "$tried" ]; then
    printf 'concurrentsessions: using %s; skipped:%s\n' "$java" "$tried" >&2
fi

options=${conf_options:-$DEFAULT_JAVA_OPTIONS}
jar=$app/java/concurrentsessions.jar
set -f

# AppCDS: the classes of a search, parsed and verified once, mapped by every later start (getinfo
# in about half the time). A dynamic archive works only with the JVM build and the jar (path,
# size, mtime) that made it, so it cannot ship in the package: the first run on each server makes
# it. It lives where splunkd's user can write and an upgrade does not reach (the app folder is
# replaced on upgrade and is a read-only bundle on indexers), named after the jar's and the JVM's
# path, size and mtime, so a new jar, bundle or JDK makes a new one. It holds class metadata
# only, no heap objects: nothing of the request (session key included) is stored. Off with
# [java] cds = false; off without SPLUNK_HOME, without the JDK's own base archive, or when the
# folder cannot be written.
#
# Java 25+ gets an ahead-of-time cache instead (JEP 483, 515: classes loaded and linked, method
# profiles, made by the same first run with -XX:AOTCacheOutput; docs/performance.md has the
# numbers). The cache refuses every -Xshare option (-Xshare:auto is the default anyway), so that
# word is dropped; options that choose an archive themselves keep the AppCDS path's rules.
case $conf_cds in
    [Ff][Aa][Ll][Ss][Ee]|[Ff]|0|[Nn][Oo]|[Oo][Ff][Ff]) cds_dir='' ;;
    *) cds_dir=${SPLUNK_HOME:+$SPLUNK_HOME/var/run/splunk/$APP_ID} ;;
esac
kind=jsa
if [ "$java_major" -ge 25 ]; then
    case " $options " in
        *" -Xshare:"[!a]*|*SharedArchiveFile*|*AOTCache*|*AOTMode*|*AOTConfiguration*|*ArchiveClassesAtExit*) ;;
        *)
            kind=aot
            kept=''
            for option in $options; do
                [ "$option" = -Xshare:auto ] || kept="$kept $option"
            done
            options=$kept ;;
    esac
fi
if [ -z "$cds_dir" ] || [ -z "$jvm_home" ] || [ ! -f "$jvm_home/lib/server/classes.jsa" ]; then
    # shellcheck disable=SC2086 # options are a list of words by design
    exec "$java" $LOG_OPTIONS $options -jar "$jar" "$@"
fi
identity=$( { printf '%s\n' "$jar" "$java" "$jvm_home"
              stat -L -c '%s %Y' "$jar" "$java" "$jvm_home/release" \
                  || stat -L -f '%z %m' "$jar" "$java" "$jvm_home/release"; } 2>/dev/null | cksum 2>/dev/null)
identity=${identity%% *}
case $identity in
    ''|*[!0-9]*)
        # shellcheck disable=SC2086
        exec "$java" $LOG_OPTIONS $options -jar "$jar" "$@" ;;
esac
archive="$cds_dir/concurrentsessions-$identity.$kind"
if [ -f "$archive" ]; then
    if [ "$kind" = aot ]; then
        # shellcheck disable=SC2086
        exec "$java" $LOG_OPTIONS $options -XX:AOTCache="$archive" -jar "$jar" "$@"
    fi
    # shellcheck disable=SC2086
    exec "$java" $LOG_OPTIONS $options -XX:SharedArchiveFile="$archive" -jar "$jar" "$@"
fi

# First run with this jar and JVM: one search at a time (the lock) writes the archive at its exit
# to a temporary name, renamed into place (atomic: a concurrent start never maps half a file).
# The others, and every run when the folder cannot be written, go on without it.
lock="$archive.lock"
if ! mkdir -p "$cds_dir" 2>/dev/null || ! mkdir "$lock" 2>/dev/null; then
    # A lock left by a killed run would stop every later attempt: forget it after 10 minutes.
    if [ -d "$lock" ] && [ -n "$(find "$lock" -prune -mmin +10 2>/dev/null)" ]; then
        rmdir "$lock" 2>/dev/null
    fi
    # shellcheck disable=SC2086
    exec "$java" $LOG_OPTIONS $options -jar "$jar" "$@"
fi
tmp="$archive.$$.tmp"
if [ "$kind" = aot ]; then
    # At exit the JVM starts a second one that assembles the cache. Both print their progress
    # with the VM's own output, which is stdout, the protocol, unless sent to stderr.
    # shellcheck disable=SC2086
    "$java" $LOG_OPTIONS -XX:+DisplayVMOutputToStderr $options -XX:AOTCacheOutput="$tmp" -jar "$jar" "$@"
    rc=$?
    [ -e "$tmp.config" ] && rm "$tmp.config" </dev/null 2>/dev/null
else
    # shellcheck disable=SC2086
    "$java" $LOG_OPTIONS $options -XX:ArchiveClassesAtExit="$tmp" -jar "$jar" "$@"
    rc=$?
fi
if [ "$rc" -lt 128 ] && [ -s "$tmp" ]; then
    mv -f "$tmp" "$archive" 2>/dev/null
elif [ "$rc" -eq 1 ]; then
    # The JVM exits 1 when it cannot write the archive, after the search was answered: an archive
    # is an optimisation, so that must not fail the search. (A command error exits 1 as well, but
    # then the dump succeeds; its ERROR message is in the reply either way.)
    printf 'concurrentsessions: no class-data archive written in %s; searches run without it\n' "$cds_dir" >&2
    rc=0
fi
# (No forced or recursive removal: AppInspect's destructive-command check fails or warns on them.)
if [ -e "$tmp" ]; then
    rm "$tmp" </dev/null 2>/dev/null
fi
rmdir "$lock" 2>/dev/null
# Archives of jars, bundles and JDKs not used for days (an indexer sees a new bundle path with
# every replication), temporary files and locks of killed runs.
find "$cds_dir" -name 'concurrentsessions-*' -mtime +1 -atime +1 ! -name "${archive##*/}" -delete 2>/dev/null
exit "$rc"
