package io.concurrentsessions.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.concurrentsessions.scp.CsvFormatException;
import io.concurrentsessions.scp.SplunkCsvReader;
import io.concurrentsessions.scp.CsvWriter;
import io.concurrentsessions.scp.OutputRow;
import io.concurrentsessions.scp.Records;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.concurrentsessions.fuzz.Frames.check;

/** Splunk's CSV dialect: decoding never fails but with CsvFormatException; write-then-read is the identity. */
class CsvCodecFuzzTest {

    /** Any body: records or a CsvFormatException naming a record and line; every value readable. */
    @FuzzTest(maxDuration = "25s")
    void decodeArbitraryBody(byte[] body) {
        Records records;
        try {
            records = new SplunkCsvReader().read(body);
        } catch (CsvFormatException e) {
            check(e.line() >= 1 && e.record() >= 0 && e.getMessage().startsWith("CSV record "), e.getMessage());
            return;
        }
        int n = records.fields().size();
        for (int r = 0; r < records.size(); r++) {
            for (int f = 0; f < n; f++) {
                List<String> values = records.values(r, f);
                check(values != null, "null values");
                String first = records.value(r, f);
                check(values.isEmpty() ? first == null : values.get(0).equals(first), "value() disagrees with values()");
                checkSpan(records, r, f, values);
            }
        }
        // What was decoded survives being written and read again.
        Set<String> names = new LinkedHashSet<>(records.fields());
        if (names.size() != n || names.contains("") || names.stream().anyMatch(x -> x.startsWith("__mv_"))) {
            return; // duplicate, empty or __mv_-prefixed names: a row cannot hold them as distinct fields
        }
        List<OutputRow> rows = new ArrayList<>();
        for (int r = 0; r < records.size(); r++) {
            OutputRow row = new OutputRow();
            for (int f = 0; f < n; f++) {
                row.put(records.fields().get(f), records.values(r, f));
            }
            rows.add(row);
        }
        assertRoundTrip(rows);
    }

    /**
     * What a hot loop reads through span() is what values() says: no value, or exactly one whose
     * bytes are its text. Otherwise span() must say DECODE.
     */
    static void checkSpan(Records records, int r, int f, List<String> values) {
        io.concurrentsessions.scp.Cell span = records.cell(r, f, new io.concurrentsessions.scp.Cell());
        if (!span.isVerbatim()) {
            return;
        }
        int length = span.length();
        if (length == 0) {
            check(values.isEmpty(), "span() says empty, values() says " + values);
            return;
        }
        String text = new String(records.bytes(), span.start(), length, java.nio.charset.StandardCharsets.UTF_8);
        check(values.size() == 1 && values.get(0).equals(text), "span() reads " + text + ", values() says " + values);
    }

    static final List<String> NAMES = List.of("_time", "src_ip", "user", "a b", "x,y", "q\"uote", "nl\nname", "é", "$", "_raw");

    /** Rows of fuzzed values (commas, quotes, newlines, dollars, multivalues, empties) round-trip exactly. */
    @FuzzTest(maxDuration = "25s")
    void writeThenReadGivesTheSameValues(FuzzedDataProvider d) {
        List<OutputRow> rows = new ArrayList<>();
        for (int r = d.consumeInt(0, 8); r > 0; r--) {
            OutputRow row = new OutputRow();
            for (int f = d.consumeInt(0, 5); f > 0; f--) {
                String name = d.consumeBoolean() ? d.pickValue(NAMES) : "f" + d.consumeString(8);
                int k = d.consumeInt(0, 4);
                List<String> values = new ArrayList<>();
                for (int v = 0; v < k; v++) {
                    values.add(d.consumeString(30));
                }
                row.put(name, values);
            }
            rows.add(row);
        }
        assertRoundTrip(rows);
    }

    /**
     * The documented model: an empty list and a single empty string are both "no value"; text is
     * UTF-8 on the wire (a lone surrogate becomes '?'); rows with no field at all have no line.
     */
    static void assertRoundTrip(List<OutputRow> rows) {
        byte[] body = new CsvWriter().write(rows);
        Records back;
        try {
            back = new SplunkCsvReader().read(body);
        } catch (CsvFormatException e) {
            throw new AssertionError("CsvWriter wrote what SplunkCsvReader rejects: " + e.getMessage() + "\n"
                    + new String(body, StandardCharsets.UTF_8), e);
        }
        Set<String> union = new LinkedHashSet<>();
        rows.forEach(r -> union.addAll(r.fields().keySet()));
        if (union.isEmpty()) {
            check(back.size() == 0, "no fields, yet records");
            return;
        }
        check(back.size() == rows.size(), rows.size() + " rows written, " + back.size() + " read");
        check(new ArrayList<>(union).equals(back.fields()), "fields " + union + " read as " + back.fields());
        for (int r = 0; r < rows.size(); r++) {
            for (Map.Entry<String, List<String>> e : rows.get(r).fields().entrySet()) {
                List<String> expected = expected(e.getValue());
                List<String> actual = back.values(r, back.indexOf(e.getKey()));
                check(expected.equals(actual), "row " + r + " field " + e.getKey() + ": wrote " + expected + ", read " + actual);
            }
        }
    }

    private static List<String> expected(List<String> written) {
        List<String> out = new ArrayList<>();
        for (String s : written) {
            out.add(new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        }
        if (out.size() == 1 && out.get(0).isEmpty()) {
            return List.of();
        }
        return out;
    }
}
