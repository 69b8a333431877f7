package io.concurrentsessions.scp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplunkCsvReaderTest {

    private static Records read(String csv) throws CsvFormatException {
        return new SplunkCsvReader().read(csv.getBytes(StandardCharsets.UTF_8));
    }

    private static String cell(Records r, int row, String field) {
        return r.value(row, r.indexOf(field));
    }

    @Test
    void splunkdQuotingAndHeaderNames() throws CsvFormatException {
        Records r = read("\"_time\",teststring,\"__mv__time\",\"__mv_teststring\"\n\"1599171244.277\",\"ทt\",,\n");
        assertEquals(List.of("_time", "teststring"), r.fields());
        assertEquals(1, r.size());
        assertEquals("1599171244.277", cell(r, 0, "_time"));
        assertEquals("ทt", cell(r, 0, "teststring"));
        assertEquals(-1, r.indexOf("__mv_teststring"));
    }

    @Test
    void quotedCommasNewlinesAndDoubledQuotes() throws CsvFormatException {
        Records r = read("a,b,c\r\n\"x,y\",\"line1\nline2\r\nline3\",\"say \"\"hi\"\"\"\r\n\"\"\"\",\"\"\"\"\"\",end\n");
        assertEquals(2, r.size());
        assertEquals("x,y", cell(r, 0, "a"));
        assertEquals("line1\nline2\r\nline3", cell(r, 0, "b"));
        assertEquals("say \"hi\"", cell(r, 0, "c"));
        assertEquals("\"", cell(r, 1, "a"));
        assertEquals("\"\"", cell(r, 1, "b"));
        assertEquals("end", cell(r, 1, "c"));
    }

    @Test
    void emptyCellsAreNoValueAndTrailingCommaIsACell() throws CsvFormatException {
        Records r = read("a,b,c\n,\"\",\n1,2,");
        assertEquals(2, r.size());
        for (String f : List.of("a", "b", "c")) {
            assertNull(cell(r, 0, f));
            assertEquals(List.of(), r.values(0, r.indexOf(f)));
        }
        assertEquals("2", cell(r, 1, "b"));
        assertNull(cell(r, 1, "c"));
    }

    @Test
    void multivalueColumnTakesPrecedenceWhenNotEmpty() throws CsvFormatException {
        Records r = read("ip,user,__mv_ip,__mv_user\n"
                + "\"1.1.1.1\n2.2.2.2\",bob,\"$1.1.1.1$;$2.2.2.2$\",\n"
                + "\"a\nb\",carol,,\n"
                + "ignored,dave,\"$co$$t$;$$;$x$$$\",\n");
        int ip = r.indexOf("ip");
        assertEquals(List.of("1.1.1.1", "2.2.2.2"), r.values(0, ip));
        assertEquals(List.of("a\nb"), r.values(1, ip), "empty __mv_ means single-valued, newline included");
        assertEquals(List.of("co$t", "", "x$"), r.values(2, ip));
        assertEquals("co$t", r.value(2, ip));
        assertEquals(List.of("dave"), r.values(2, r.indexOf("user")));
    }

    @Test
    void multivalueColumnWithoutItsFieldStillDefinesTheField() throws CsvFormatException {
        Records r = read("a,__mv_b\n1,$x$;$y$\n");
        assertEquals(List.of("a", "b"), r.fields());
        assertEquals(List.of("x", "y"), r.values(0, r.indexOf("b")));
    }

    @Test
    void invalidUtf8BecomesReplacementCharacter() throws CsvFormatException {
        byte[] body = "a,b\nok\u00e9,".getBytes(StandardCharsets.UTF_8);
        byte[] bad = Arrays.copyOf(body, body.length + 3);
        bad[body.length] = (byte) 0xff;
        bad[body.length + 1] = (byte) 0xc3; // truncated two-byte sequence
        bad[body.length + 2] = 'z';
        Records r = new SplunkCsvReader().read(bad);
        assertEquals("oké", r.value(0, 0));
        assertEquals("\uFFFD\uFFFDz", r.value(0, 1));
    }

    @Test
    void headerWithoutRowsAndEmptyBody() throws CsvFormatException {
        Records header = read("_time,_raw\n");
        assertEquals(List.of("_time", "_raw"), header.fields());
        assertEquals(0, header.size());
        Records empty = new SplunkCsvReader().read(new byte[0]);
        assertEquals(0, empty.size());
        assertEquals(List.of(), empty.fields());
    }

    @Test
    void twentyMegabyteField() throws CsvFormatException {
        String big = "x,\"y\"\n".repeat(3_400_000).substring(0, 20_000_000);
        String csv = "id,_raw\n1,\"" + big.replace("\"", "\"\"") + "\"\n2,small\n";
        Records r = read(csv);
        assertEquals(2, r.size());
        assertEquals(big, r.value(0, 1));
        assertEquals("small", r.value(1, 1));
    }

    @Test
    void unbalancedQuoteNamesTheRecord() {
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> read("a,b\n1,2\n3,\"4\n5,6\n"));
        assertEquals(2, e.record());
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("CSV record 2 (line 3)") && e.getMessage().contains("never closed"), e.getMessage());
        CsvFormatException escaped = assertThrows(CsvFormatException.class, () -> read("a\n\"x\"\"y\n"));
        assertEquals(1, escaped.record());
    }

    @Test
    void cellCountMismatchIsAnErrorNotAShiftedRecord() {
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> read("a,b\n1,2\n1,2,3\n"));
        assertTrue(e.getMessage().contains("CSV record 2 (line 3) has 3 cells but the header has 2"), e.getMessage());
        e = assertThrows(CsvFormatException.class, () -> read("a,b\n\"1\"x,2\n"));
        assertTrue(e.getMessage().contains("unexpected text after a closing quote"), e.getMessage());
    }

    @Test
    void repeatedValuesDownAColumnDecodeCorrectlyAroundEscapesAndEmpties() throws CsvFormatException {
        Records r = read("a,b\nabc,1\n\"x\"\"y\",1\nabc,1\n\"\",2\nabc,\"1\"\n\"abc\",\nx\"\"y,1\n");
        List<String> a = new java.util.ArrayList<>();
        List<String> b = new java.util.ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
            a.add(r.value(i, 0));
            b.add(r.value(i, 1));
        }
        assertEquals(Arrays.asList("abc", "x\"y", "abc", null, "abc", "abc", "x\"\"y"), a);
        assertEquals(Arrays.asList("1", "1", "1", "2", "1", null, "1"), b);
    }

    @Test
    void offsetAndLengthDecodeOnlyThatSlice() throws CsvFormatException {
        byte[] b = "garbage\"a,b\n1,2\n\"garbage".getBytes(StandardCharsets.UTF_8);
        Records r = new SplunkCsvReader().read(b, 8, 8);
        assertEquals(List.of("a", "b"), r.fields());
        assertEquals("2", r.value(0, 1));
    }

    /**
     * The reader scans eight bytes at a time for quotes and delimiters: a special byte at every
     * position of values up to 40 bytes long, behind prefixes of 0-8 bytes (every alignment of the
     * words), must end or escape the value exactly there.
     */
    @Test
    void everyDelimiterAndQuoteIsFoundWhereverItFallsInAWord() throws CsvFormatException {
        String[] specials = {",", "\"", "\n", "\r", "\r\n", "é"};
        for (int prefix = 0; prefix <= 8; prefix++) {
            for (int len = 1; len <= 40; len++) {
                for (int at = 0; at < len; at++) {
                    for (String special : specials) {
                        String value = "a".repeat(at) + special + "b".repeat(len - at - 1);
                        String plain = "c".repeat(len);
                        String lead = "p".repeat(prefix);
                        String csv = "x,y,z\n" + lead + "," + quoted(value) + "," + plain + "\n"
                                + quoted(value) + "," + plain + "," + lead + "\n";
                        Records r = read(csv);
                        String where = "prefix " + prefix + " len " + len + " at " + at + " " + special.codePointAt(0);
                        assertEquals(2, r.size(), where);
                        assertEquals(prefix == 0 ? null : lead, cell(r, 0, "x"), where);
                        assertEquals(value, cell(r, 0, "y"), where);
                        assertEquals(plain, cell(r, 0, "z"), where);
                        assertEquals(value, cell(r, 1, "x"), where);
                        assertEquals(plain, cell(r, 1, "y"), where);
                        assertEquals(prefix == 0 ? null : lead, cell(r, 1, "z"), where);
                    }
                }
            }
        }
    }

    /** Cells are indexed in arrays that grow as the body needs: escaped cells land on every growth boundary. */
    @Test
    void escapedCellsPastEveryGrowthOfTheCellIndex() throws CsvFormatException {
        StringBuilder csv = new StringBuilder("a,b\n");
        for (int row = 0; row < 3000; row++) {
            csv.append("\"").append(row).append("\"\"q\",").append(row % 7 == 0 ? "" : "\"\"\"\"").append('\n');
        }
        Records r = read(csv.toString());
        assertEquals(3000, r.size());
        for (int row = 0; row < 3000; row++) {
            assertEquals(row + "\"q", r.value(row, 0));
            assertEquals(row % 7 == 0 ? null : "\"", r.value(row, 1));
        }
    }

    @Test
    void aFieldOverTheCapNamesItsColumnWhetherEscapedOrNot() {
        SplunkCsvReader small = new SplunkCsvReader(8);
        for (String cell : List.of("123456789", "\"123456789\"", "\"1234\"\"56789\"", "\"12\"\"34\"\"56\"\"78\"")) {
            CsvFormatException e = assertThrows(CsvFormatException.class,
                    () -> small.read(("id,agent\n1,ok\n2," + cell + "\n").getBytes(StandardCharsets.UTF_8)), cell);
            assertEquals(2, e.record(), cell);
            assertEquals(3, e.line(), cell);
            assertTrue(e.getMessage().startsWith("CSV record 2 (line 3): field 'agent' is at least ")
                    && e.getMessage().contains(" bytes, over the per-field limit of 8 bytes"), e.getMessage());
        }
    }

    private static String quoted(String v) {
        boolean quote = v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r");
        return quote ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
