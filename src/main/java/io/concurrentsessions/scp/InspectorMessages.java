package io.concurrentsessions.scp;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.util.function.UnaryOperator;

/** Collects the messages added while one request is handled; they ride on that request's reply. */
final class InspectorMessages implements Inspector {
    private final UnaryOperator<String> redact;
    private JsonArray messages = new JsonArray();

    InspectorMessages(UnaryOperator<String> redact) {
        this.redact = redact;
    }

    @Override
    public void info(String message) {
        add("INFO", message);
    }

    @Override
    public void warn(String message) {
        add("WARN", message);
    }

    @Override
    public void error(String message) {
        add("ERROR", message);
    }

    private void add(String level, String message) {
        JsonArray m = new JsonArray();
        m.add(level);
        m.add(redact.apply(String.valueOf(message)));
        messages.add(m);
    }

    /** Moves the pending messages into {@code reply} as its {@code inspector} key, if there are any. */
    void drainInto(JsonObject reply) {
        if (!messages.isEmpty()) {
            JsonObject inspector = new JsonObject();
            inspector.add("messages", messages);
            reply.add("inspector", inspector);
            messages = new JsonArray();
        }
    }
}
