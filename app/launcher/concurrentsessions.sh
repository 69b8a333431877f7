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
# A search command lives for seconds: skip the JIT's top tier, the parallel collectors and the
# perf-data file, and reuse the class-data archive when the JDK has one.
DEFAULT_JAVA_OPTIONS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -XX:-UsePerfData"

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

# Value of [stanza] key in the app's concurrentsessions.conf (local over default).
# Positional parameters inside a function are the function's own: the command's "$@" survives.
conf_value() {
    stanza=$1; key=$2
    set --
    for f in "$app/default/concurrentsessions.conf" "$app/local/concurrentsessions.conf"; do
        [ -f "$f" ] && set -- "$@" "$f"
    done
    [ "$#" -gt 0 ] || return 0
    awk -v want_stanza="$stanza" -v want_key="$key" '
        FNR == 1 { current = "" }
        /^[ \t]*[#;]/ { next }
        /^[ \t]*\[/ {
            current = $0
            sub(/^[ \t]*\[/, "", current); sub(/\][ \t\r]*$/, "", current)
            next
        }
        current == want_stanza {
            line = $0; sub(/\r$/, "", line)
            eq = index(line, "=")
            if (eq == 0) next
            k = substr(line, 1, eq - 1); gsub(/^[ \t]+|[ \t]+$/, "", k)
            if (k != want_key) next
            v = substr(line, eq + 1); gsub(/^[ \t]+|[ \t]+$/, "", v)
            value = v; found = 1
        }
        END { if (found) print value }' "$@"
}

conf_home=$(conf_value java home)
conf_options=$(conf_value java options)

# Major version of a java executable, from the quoted version in `java -version`
# ("17.0.15", "21", "1.8.0_392" -> 8); empty when it does not run.
java_major() {
    "$1" -version 2>&1 | awk -F'"' '/ version "/ {
        v = $2
        if (v ~ /^1\./) { split(v, p, "."); print p[2] } else { split(v, p, /[.+-]/); print p[1] }
        exit
    }'
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
    major=$(java_major "$candidate")
    case "$major" in
        ''|*[!0-9]*) tried="$tried $source_name: $candidate did not report a version;"; return 0 ;;
    esac
    if [ "$major" -lt "$MIN_JAVA" ]; then
        tried="$tried $source_name: $candidate is Java $major;"
        return 0
    fi
    java=$candidate
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
set -f
# shellcheck disable=SC2086 # options are a list of words by design
exec "$java" $options -jar "$app/java/concurrentsessions.jar" "$@"
