package io.concurrentsessions.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Splunk .conf.spec read the way conf_checker.rules says Splunk's checker reads it.
 * <ul>
 * <li>Stanzas: {@code [name]} at the left edge; indented ones are examples and ignored.</li>
 * <li>Settings: lines with {@code =}; indented lines count too (an indented bullet
 * {@code * export = system} documents {@code export}), left-edge prose bullets do not.</li>
 * <li>Keys: exact match, or for a spec key with {@code <} or {@code -}, any key starting with the
 * text before that character ({@code <name>} accepts everything).</li>
 * <li>Settings before any stanza or under {@code [default]} apply to every stanza. A spec stanza
 * with {@code <}, {@code :} or {@code .} matches conf stanzas starting with the text before it.</li>
 * </ul>
 */
final class ConfSpec {
    private final String name;
    private final Set<String> globalKeys = new LinkedHashSet<>();
    private final Map<String, Set<String>> stanzaKeys = new LinkedHashMap<>();

    private ConfSpec(String name) {
        this.name = name;
    }

    static ConfSpec read(Path spec) throws IOException {
        return parse(spec.getFileName().toString(), Files.readString(spec, StandardCharsets.UTF_8));
    }

    static ConfSpec parse(String name, String text) {
        ConfSpec spec = new ConfSpec(name);
        Set<String> current = spec.globalKeys;
        for (String raw : text.split("\r?\n")) {
            if (raw.startsWith("[")) {
                int end = raw.indexOf(']');
                String stanza = raw.substring(1, end < 0 ? raw.length() : end);
                current = stanza.equals("default") ? spec.globalKeys
                        : spec.stanzaKeys.computeIfAbsent(stanza, s -> new LinkedHashSet<>());
                continue;
            }
            if (raw.startsWith("#") || raw.startsWith("*") || raw.isBlank()) {
                continue;
            }
            String line = raw.strip();
            if (line.startsWith("#") || line.startsWith("[")) {
                continue;
            }
            if (line.startsWith("* ")) {
                line = line.substring(2).strip();
            }
            int eq = line.indexOf('=');
            if (eq > 0) {
                current.add(line.substring(0, eq).strip());
            }
        }
        return spec;
    }

    /** Every key of the conf file the spec does not document, as "file:line [stanza] key". */
    List<String> undocumented(ConfFile conf) {
        List<String> problems = new ArrayList<>();
        conf.stanzas().forEach((stanza, settings) -> {
            Set<String> allowed = allowedKeys(stanza);
            for (ConfFile.Setting setting : settings.values()) {
                if (allowed.stream().noneMatch(specKey -> keyMatches(specKey, setting.key()))) {
                    problems.add(conf.name() + ":" + setting.line() + " [" + stanza + "] " + setting.key()
                            + " is not in " + name);
                }
            }
        });
        return problems;
    }

    private Set<String> allowedKeys(String confStanza) {
        Set<String> allowed = new LinkedHashSet<>(globalKeys);
        stanzaKeys.forEach((specStanza, keys) -> {
            if (stanzaMatches(specStanza, confStanza)) {
                allowed.addAll(keys);
            }
        });
        return allowed;
    }

    static boolean stanzaMatches(String specStanza, String confStanza) {
        int cut = firstOf(specStanza, "<:.");
        return cut < 0 ? specStanza.equals(confStanza) : confStanza.startsWith(specStanza.substring(0, cut));
    }

    static boolean keyMatches(String specKey, String confKey) {
        int cut = firstOf(specKey, "<-");
        return cut < 0 ? specKey.equals(confKey) : confKey.startsWith(specKey.substring(0, cut));
    }

    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
