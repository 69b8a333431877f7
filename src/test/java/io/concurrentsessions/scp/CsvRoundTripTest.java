package io.concurrentsessions.scp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CsvRoundTripTest {

    private static final String[] PIECES = {"$", "$$", "\"", "\"\"", ",", "\r", "\n", "\r\n", "ท", "é", "👀", "a", "b c", ";", "__mv_", " "};

    private static String value(Random rnd) {
        StringBuilder sb = new StringBuilder();
        int n = rnd.nextInt(6);
        for (int i = 0; i < n; i++) {
            sb.append(PIECES[rnd.nextInt(PIECES.length)]);
        }
        return sb.toString();
    }

    @Test
    void randomRowsSurviveWriteThenRead() throws CsvFormatException {
        Random rnd = new Random(20240611);
        for (int round = 0; round < 200; round++) {
            List<OutputRow> rows = new ArrayList<>();
            int nRows = rnd.nextInt(20);
            for (int r = 0; r < nRows; r++) {
                OutputRow row = new OutputRow();
                int nFields = rnd.nextInt(5);
                for (int f = 0; f < nFields; f++) {
                    String name = "f" + rnd.nextInt(7) + (rnd.nextInt(4) == 0 ? ",\"q" : "");
                    int kind = rnd.nextInt(4);
                    if (kind == 0) {
                        row.put(name, (String) null);
                    } else if (kind == 3) {
                        List<String> vs = new ArrayList<>();
                        int k = 2 + rnd.nextInt(3);
                        for (int i = 0; i < k; i++) {
                            vs.add(value(rnd));
                        }
                        row.put(name, vs);
                    } else {
                        row.put(name, value(rnd));
                    }
                }
                rows.add(row);
            }
            byte[] body = new CsvWriter().write(rows);
            Records back = new SplunkCsvReader().read(body);
            String context = "round " + round + ": " + new String(body, StandardCharsets.UTF_8);
            List<String> union = new ArrayList<>();
            rows.forEach(row -> row.fields().keySet().forEach(f -> {
                if (!union.contains(f)) {
                    union.add(f);
                }
            }));
            assertEquals(union, back.fields(), context);
            assertEquals(union.isEmpty() ? 0 : rows.size(), back.size(), context);
            for (int r = 0; r < back.size(); r++) {
                for (String f : union) {
                    List<String> expected = rows.get(r).values(f);
                    if (expected.size() == 1 && expected.get(0).isEmpty()) {
                        expected = List.of(); // "" and no value are the same on the wire
                    }
                    assertEquals(expected, back.values(r, back.indexOf(f)), context + " row " + r + " field " + f);
                    assertSpanAgrees(back, r, back.indexOf(f), expected, context + " row " + r + " field " + f);
                }
            }
        }
    }

    /** span() gives no value, or the one value's bytes verbatim, or DECODE; and plain ASCII never needs DECODE. */
    private static void assertSpanAgrees(Records back, int r, int f, List<String> expected, String context) {
        Cell span = back.cell(r, f, new Cell());
        if (!span.isVerbatim()) {
            boolean plain = expected.size() == 1 && expected.get(0).chars().allMatch(c -> c < 0x80 && c != '"');
            assertEquals(false, plain, "a plain ASCII value should be readable as bytes: " + context);
            return;
        }
        int length = span.length();
        String text = new String(back.bytes(), span.start(), length, StandardCharsets.UTF_8);
        assertEquals(expected, length == 0 ? List.of() : List.of(text), context);
    }

    @Test
    void hostileValuesAreWrittenExactly() {
        List<OutputRow> rows = List.of(
                new OutputRow().put("ua", "a \"q\", b").put("ips", List.of("x,y", "c\"d$", "\uD83D\uDC40")),
                new OutputRow().put("ua", "lone \uD83D here").put("ips", List.of("", "e")),
                new OutputRow().put("ua", "\u65e5\u00e9\nnext").put("ips", List.of("1", "2")));
        String csv = new String(new CsvWriter().write(rows), StandardCharsets.UTF_8);
        assertEquals("ua,ips,__mv_ips\n"
                + "\"a \"\"q\"\", b\",\"x,y\nc\"\"d$\n\uD83D\uDC40\",\"$x,y$;$c\"\"d$$$;$\uD83D\uDC40$\"\n"
                + "lone ? here,\"\ne\",$$;$e$\n"
                + "\"\u65e5\u00e9\nnext\",\"1\n2\",$1$;$2$\n", csv);
    }

    /** The encoding the writer had before it wrote into its own buffer: join, escape, then bytes. */
    private static byte[] simpleEncoding(List<OutputRow> rows) {
        List<String> fields = new ArrayList<>();
        List<String> mv = new ArrayList<>();
        for (OutputRow row : rows) {
            row.fields().forEach((f, v) -> {
                if (!fields.contains(f)) {
                    fields.add(f);
                }
                if (v.size() > 1 && !mv.contains(f)) {
                    mv.add(f);
                }
            });
        }
        if (fields.isEmpty()) {
            return new byte[0];
        }
        List<String> order = new ArrayList<>(fields);
        mv.sort(java.util.Comparator.comparingInt(fields::indexOf));
        StringBuilder out = new StringBuilder();
        List<List<String>> lines = new ArrayList<>();
        List<String> header = new ArrayList<>(order);
        mv.forEach(f -> header.add("__mv_" + f));
        lines.add(header);
        for (OutputRow row : rows) {
            List<String> cells = new ArrayList<>();
            for (String f : order) {
                cells.add(String.join("\n", row.values(f)));
            }
            for (String f : mv) {
                List<String> v = row.values(f);
                StringBuilder enc = new StringBuilder();
                for (int k = 0; v.size() > 1 && k < v.size(); k++) {
                    enc.append(k > 0 ? ";" : "").append('$').append(v.get(k).replace("$", "$$")).append('$');
                }
                cells.add(enc.toString());
            }
            lines.add(cells);
        }
        for (List<String> cells : lines) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < cells.size(); c++) {
                String v = cells.get(c);
                line.append(c > 0 ? "," : "").append(v.matches("(?s).*[,\"\r\n].*") ? "\"" + v.replace("\"", "\"\"") + "\"" : v);
            }
            out.append(line.length() == 0 ? "\"\"" : line).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void randomRowsAreWrittenByteForByteAsTheSimpleEncodingWrites() {
        Random rnd = new Random(20261201);
        for (int round = 0; round < 300; round++) {
            List<OutputRow> rows = new ArrayList<>();
            for (int r = rnd.nextInt(8); r > 0; r--) {
                OutputRow row = new OutputRow();
                for (int f = rnd.nextInt(5); f > 0; f--) {
                    String name = "f" + rnd.nextInt(6);
                    if (rnd.nextInt(3) == 0) {
                        List<String> vs = new ArrayList<>();
                        for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
                            vs.add(value(rnd) + (rnd.nextInt(10) == 0 ? "\uDC00" : ""));
                        }
                        row.put(name, vs);
                    } else {
                        row.put(name, value(rnd));
                    }
                }
                rows.add(row);
            }
            assertEquals(new String(simpleEncoding(rows), StandardCharsets.ISO_8859_1),
                    new String(new CsvWriter().write(rows), StandardCharsets.ISO_8859_1), "round " + round);
        }
    }

    @Test
    void headerIsTheUnionAndMvColumnsOnlyWhereNeeded() {
        List<OutputRow> rows = List.of(
                new OutputRow().put("user", "bob").put("ip", "1.1.1.1"),
                new OutputRow().put("user", "carol").put("ip", List.of("1.1.1.1", "2$2")).put("count", 2));
        String csv = new String(new CsvWriter().write(rows), StandardCharsets.UTF_8);
        assertEquals("user,ip,count,__mv_ip\nbob,1.1.1.1,,\ncarol,\"1.1.1.1\n2$2\",2,$1.1.1.1$;$2$$2$\n", csv);
    }

    @Test
    void aDeclaredPageWritesEachRowUnderItsHeader() {
        CsvWriter.Page page = new CsvWriter.Page(List.of("user", "ip", "count"), List.of("ip"), 16);
        page.add(new OutputRow().put("user", "bob").put("ip", "1.1.1.1"));
        page.add(new OutputRow().put("count", 2).put("ip", List.of("1.1.1.1", "2$2")).put("user", "carol"));
        page.add(new OutputRow());
        assertEquals(3, page.rows());
        assertEquals("user,ip,count,__mv_ip\nbob,1.1.1.1,,\ncarol,\"1.1.1.1\n2$2\",2,$1.1.1.1$;$2$$2$\n,,,\n",
                new String(page.body(), StandardCharsets.UTF_8), "one value under a multivalue column: an empty __mv_ cell");
        assertThrows(IllegalArgumentException.class, () -> page.add(new OutputRow().put("user", "x").put("city", "Oslo")));
        assertThrows(IllegalArgumentException.class, () -> new CsvWriter.Page(List.of("a"), List.of("b"), 16));
    }

    @Test
    void randomRowsReadTheSameFromADeclaredPageAsFromTheUnionHeader() throws CsvFormatException {
        Random rnd = new Random(20261202);
        List<String> declared = List.of("f0", "f1", "f2", "f3", "f4", "f5");
        for (int round = 0; round < 200; round++) {
            List<OutputRow> rows = new ArrayList<>();
            for (int r = rnd.nextInt(8); r > 0; r--) {
                OutputRow row = new OutputRow();
                for (int f = rnd.nextInt(5); f > 0; f--) {
                    String name = declared.get(rnd.nextInt(declared.size()));
                    row.put(name, rnd.nextInt(3) == 0 ? List.of(value(rnd), value(rnd)) : List.of(value(rnd)));
                }
                rows.add(row);
            }
            CsvWriter.Page page = new CsvWriter.Page(declared, declared, 16);
            rows.forEach(page::add);
            Records fromPage = new SplunkCsvReader().read(page.body());
            Records fromUnion = new SplunkCsvReader().read(new CsvWriter().write(rows));
            assertEquals(rows.size(), fromPage.size());
            for (int r = 0; r < rows.size(); r++) {
                for (String f : declared) {
                    int u = fromUnion.indexOf(f);
                    List<String> expected = u < 0 ? List.of() : fromUnion.values(r, u);
                    assertEquals(expected, fromPage.values(r, fromPage.indexOf(f)), "round " + round + " row " + r + " " + f);
                }
            }
        }
    }

    @Test
    void aRowWithOnlyAnEmptyCellIsNotLost() throws CsvFormatException {
        List<OutputRow> rows = List.of(new OutputRow().put("a", "1"), new OutputRow().put("a", ""), new OutputRow().put("a", "3"));
        Records back = Records.of(rows);
        assertEquals(3, back.size());
        assertEquals(List.of(), back.values(1, 0));
        assertEquals("3", back.value(2, 0));
    }
}
