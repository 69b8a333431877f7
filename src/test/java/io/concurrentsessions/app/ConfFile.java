package io.concurrentsessions.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A .conf (or .meta) file as splunkd reads it: stanzas of ordered keys, `\` continues a line. */
record ConfFile(String name, Map<String, Map<String, Setting>> stanzas) {

    /** One key and where it was written, so a failure names the line. */
    record Setting(String key, String value, int line) {
    }

    static final String GLOBAL = "default";

    static ConfFile read(Path file) throws IOException {
        return parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    static ConfFile parse(String name, String text) {
        Map<String, Map<String, Setting>> stanzas = new LinkedHashMap<>();
        String stanza = GLOBAL;
        stanzas.put(stanza, new LinkedHashMap<>());
        List<String> lines = new ArrayList<>(List.of(text.split("\r?\n", -1)));
        for (int i = 0; i < lines.size(); i++) {
            int lineNumber = i + 1;
            StringBuilder line = new StringBuilder(lines.get(i));
            while (line.toString().endsWith("\\") && i + 1 < lines.size()) {
                line.setLength(line.length() - 1);
                line.append('\n').append(lines.get(++i));
            }
            String trimmed = line.toString().strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
                stanza = trimmed.substring(1, trimmed.length() - 1);
                stanzas.computeIfAbsent(stanza, s -> new LinkedHashMap<>());
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(name + ":" + lineNumber + ": neither stanza nor key = value: " + trimmed);
            }
            String key = trimmed.substring(0, eq).strip();
            stanzas.get(stanza).put(key, new Setting(key, trimmed.substring(eq + 1).strip(), lineNumber));
        }
        return new ConfFile(name, stanzas);
    }

    String value(String stanza, String key) {
        Setting setting = stanzas.getOrDefault(stanza, Map.of()).get(key);
        return setting == null ? null : setting.value();
    }
}
