package io.concurrentsessions.ual;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;

/**
 * JSON read the way sign-in exports need it: scalars of any type as text, and objects that may
 * also arrive as JSON text inside a string.
 */
final class LenientJson {
    private LenientJson() {
    }

    @FunctionalInterface
    interface Member {
        void read(String name, JsonReader in) throws IOException;
    }

    /** Each member of an object (or of an object written as JSON text) to {@code member}; anything else skipped. */
    static void object(JsonReader in, Member member) throws IOException {
        if (in.peek() == JsonToken.STRING) {
            String text = in.nextString().strip();
            if (text.startsWith("{")) {
                object(new JsonReader(new StringReader(text)), member);
            }
            return;
        }
        if (in.peek() != JsonToken.BEGIN_OBJECT) {
            in.skipValue();
            return;
        }
        in.beginObject();
        while (in.hasNext()) {
            member.read(in.nextName(), in);
        }
        in.endObject();
    }

    static String firstString(JsonReader in) throws IOException {
        if (in.peek() != JsonToken.BEGIN_ARRAY) {
            return scalar(in);
        }
        String first = null;
        in.beginArray();
        while (in.hasNext()) {
            String v = scalar(in);
            if (first == null) {
                first = v;
            }
        }
        in.endArray();
        return first;
    }

    static String skip(JsonReader in) throws IOException {
        in.skipValue();
        return null;
    }

    /** A string, number or boolean as text; null for null, an object or an array. */
    static String scalar(JsonReader in) throws IOException {
        switch (in.peek()) {
            case STRING, NUMBER -> {
                return in.nextString();
            }
            case BOOLEAN -> {
                return Boolean.toString(in.nextBoolean());
            }
            default -> {
                in.skipValue();
                return null;
            }
        }
    }
}
