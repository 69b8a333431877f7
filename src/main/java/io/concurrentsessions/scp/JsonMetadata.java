package io.concurrentsessions.scp;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.internal.LazilyParsedNumber;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import java.io.EOFException;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayDeque;

/**
 * Chunk metadata into a gson tree, as {@code JsonParser.parseString} builds it (the value read
 * leniently, what follows it strictly, numbers kept as their text), with gson's streaming reader alone:
 * JsonParser goes through gson's type adapters, whose initialisation loads some 45 classes from
 * the jar before the getinfo reply of every search.
 */
final class JsonMetadata {
    private JsonMetadata() {
    }

    /** The tree; {@link JsonNull} for an empty document. Throws for anything that is not one JSON value. */
    static JsonElement parse(String json) throws IOException {
        JsonReader in = new JsonReader(new StringReader(json));
        in.setStrictness(Strictness.LENIENT);
        JsonToken first;
        try {
            first = in.peek();
        } catch (EOFException empty) {
            return JsonNull.INSTANCE;
        }
        JsonElement root = tree(in, first);
        in.setStrictness(Strictness.LEGACY_STRICT); // JsonParser checks what follows strictly
        if (!root.isJsonNull() && in.peek() != JsonToken.END_DOCUMENT) {
            throw new IOException("more than one JSON value");
        }
        return root;
    }

    /** Iterative, as gson's own adapter: a deeply nested document cannot overflow the stack. */
    private static JsonElement tree(JsonReader in, JsonToken token) throws IOException {
        JsonElement current = open(in, token);
        if (current == null) {
            return terminal(in, token);
        }
        ArrayDeque<JsonElement> stack = new ArrayDeque<>();
        while (true) {
            while (in.hasNext()) {
                String name = current instanceof JsonObject ? in.nextName() : null;
                JsonToken t = in.peek();
                JsonElement value = open(in, t);
                boolean nested = value != null;
                if (!nested) {
                    value = terminal(in, t);
                }
                if (current instanceof JsonArray array) {
                    array.add(value);
                } else {
                    ((JsonObject) current).add(name, value);
                }
                if (nested) {
                    stack.addLast(current);
                    current = value;
                }
            }
            if (current instanceof JsonArray) {
                in.endArray();
            } else {
                in.endObject();
            }
            if (stack.isEmpty()) {
                return current;
            }
            current = stack.removeLast();
        }
    }

    private static JsonElement open(JsonReader in, JsonToken token) throws IOException {
        switch (token) {
            case BEGIN_ARRAY:
                in.beginArray();
                return new JsonArray();
            case BEGIN_OBJECT:
                in.beginObject();
                return new JsonObject();
            default:
                return null;
        }
    }

    private static JsonElement terminal(JsonReader in, JsonToken token) throws IOException {
        switch (token) {
            case STRING:
                return new JsonPrimitive(in.nextString());
            case NUMBER:
                return new JsonPrimitive(new LazilyParsedNumber(in.nextString()));
            case BOOLEAN:
                return new JsonPrimitive(in.nextBoolean());
            case NULL:
                in.nextNull();
                return JsonNull.INSTANCE;
            default:
                throw new IOException("unexpected " + token);
        }
    }
}
