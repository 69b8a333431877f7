package io.concurrentsessions.scp;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code __mv_} encoding: {@code $v1$;$v2$}, every {@code $} inside a value doubled. CsvWriter
 * writes it straight into its buffer.
 */
final class MultiValue {
    private MultiValue() {
    }

    /**
     * Inside an item dollars come in pairs, so a {@code $} followed by another is an escaped one
     * and a lone {@code $} closes the item. Text that does not follow the encoding is returned as
     * one value rather than dropped.
     */
    static List<String> decode(String mv) {
        int n = mv.length();
        List<String> values = new ArrayList<>(4);
        StringBuilder item = new StringBuilder();
        int i = 0;
        while (i < n) {
            if (mv.charAt(i) != '$') {
                return List.of(mv);
            }
            i++;
            item.setLength(0);
            boolean closed = false;
            while (i < n) {
                char c = mv.charAt(i);
                if (c == '$') {
                    if (i + 1 < n && mv.charAt(i + 1) == '$') {
                        item.append('$');
                        i += 2;
                        continue;
                    }
                    i++;
                    closed = true;
                    break;
                }
                item.append(c);
                i++;
            }
            if (!closed) {
                return List.of(mv);
            }
            values.add(item.toString());
            if (i < n) {
                if (mv.charAt(i) != ';') {
                    return List.of(mv);
                }
                i++;
                if (i == n) {
                    return List.of(mv);
                }
            }
        }
        return values.isEmpty() ? List.of() : List.copyOf(values);
    }
}
