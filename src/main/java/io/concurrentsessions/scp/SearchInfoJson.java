package io.concurrentsessions.scp;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the getinfo {@code searchinfo} object. Every key is optional; versions differ in types
 * (8.x sends {@code latest_time} as 1599172248.0, 6.x as "0"), so numbers and strings are both
 * accepted wherever either may appear, and a value of an unexpected shape counts as absent.
 */
final class SearchInfoJson {
    private SearchInfoJson() {
    }

    static SearchInfo parse(JsonElement searchinfo) {
        SearchInfo.Builder b = SearchInfo.builder();
        if (searchinfo == null || !searchinfo.isJsonObject()) {
            return b.build();
        }
        JsonObject o = searchinfo.getAsJsonObject();
        return b.args(list(o.get("args")))
                .rawArgs(list(o.get("raw_args")))
                .command(text(o.get("command")))
                .sid(text(o.get("sid")))
                .dispatchDir(text(o.get("dispatch_dir")))
                .app(text(o.get("app")))
                .owner(text(o.get("owner")))
                .username(text(o.get("username")))
                .splunkVersion(text(o.get("splunk_version")))
                .splunkdUri(text(o.get("splunkd_uri")))
                .search(text(o.get("search")))
                .earliestTime(text(o.get("earliest_time")))
                .latestTime(text(o.get("latest_time")))
                .maxResultRows(count(o.get("maxresultrows")))
                .sessionKey(text(o.get("session_key")))
                .build();
    }

    /** The JSON text of a number as sent (1599172248.0 stays so), or the string. */
    private static String text(JsonElement e) {
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    private static List<String> list(JsonElement e) {
        if (e == null || !e.isJsonArray()) {
            return List.of();
        }
        JsonArray a = e.getAsJsonArray();
        List<String> out = new ArrayList<>(a.size());
        for (JsonElement x : a) {
            String s = text(x);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /** 50000, 50000.0 and "50000" all mean 50000; anything else is absent (0 = the default). */
    private static int count(JsonElement e) {
        String s = text(e);
        if (s == null) {
            return 0;
        }
        try {
            double d = Double.parseDouble(s.trim());
            return d >= 1 && d <= Integer.MAX_VALUE ? (int) d : 0;
        } catch (NumberFormatException ex) {
            return 0;
        }
    }
}
