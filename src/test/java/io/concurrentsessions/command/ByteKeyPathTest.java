package io.concurrentsessions.command;

import io.concurrentsessions.scp.CommandException;
import io.concurrentsessions.scp.CsvFormatException;
import io.concurrentsessions.scp.SplunkCsvReader;
import io.concurrentsessions.scp.Records;
import io.concurrentsessions.scp.SearchInfo;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command reads a plain single-valued key straight from the chunk's bytes and everything else
 * (multivalue, escaped quotes, non-ASCII, invalid UTF-8) as text; likewise a single canonical IPv4
 * address is packed without a String, any other address is text. Both ways must find the same
 * sessions: the same CSV bytes run through both must give the same rows, whatever the options.
 */
class ByteKeyPathTest {
    private static final String HEADER = "_time,Operation,user,SessionId,src_ip,user_agent,__mv_user,__mv_SessionId,__mv_src_ip\n";

    @Test
    void aSessionSeenAsBytesAndAsTextIsOneSession() throws Exception {
        // Row 1: every key plain (bytes). Row 2: the same user, but as a one-value __mv_ cell (text).
        String body = HEADER
                + "1700000000.5,UserLoggedIn,alice@x.com,s1,10.0.0.1,ua,,,\n"
                + "1700000060.25,UserLoggedIn,,s1,10.0.0.2,ua,$alice@x.com$,,\n";
        List<Map<String, List<String>>> rows = run(bytes(body), false);
        assertEquals(1, rows.size(), rows.toString());
        assertEquals(List.of("10.0.0.1", "10.0.0.2"), rows.get(0).get("ips"));
        assertEquals(List.of("1700000000.5"), rows.get(0).get("firstTime"));
        assertEquals(List.of("1700000060.25"), rows.get(0).get("lastTime"));
        assertEquals(rows, run(bytes(body), true));
    }

    @Test
    void invalidUtf8InAKeyGroupsAsItsTextDoes() throws Exception {
        // \xff and \xfe both decode to U+FFFD: as text they are one SessionId, so one session.
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(bytes(HEADER));
        b.writeBytes(bytes("1700000000,UserLoggedIn,bob@x.com,s"));
        b.write(0xff);
        b.writeBytes(bytes(",10.0.0.1,ua,,,\n1700000001,UserLoggedIn,bob@x.com,s"));
        b.write(0xfe);
        b.writeBytes(bytes(",10.0.0.2,ua,,,\n"));
        List<Map<String, List<String>>> rows = run(b.toByteArray(), false);
        assertEquals(1, rows.size(), rows.toString());
        assertEquals(List.of("s\uFFFD"), rows.get(0).get("SessionId"));
        assertEquals(rows, run(b.toByteArray(), true));
    }

    @Test
    void anAddressSpelledTwoWaysStaysTwoAddresses() throws Exception {
        // Packed or not, addresses are compared as their text is: 10.0.0.1 and 010.0.0.1 are two.
        String body = HEADER
                + "1700000000,UserLoggedIn,carol@x.com,s2,10.0.0.1,ua,,,\n"
                + "1700000001,UserLoggedIn,carol@x.com,s2,010.0.0.1,ua,,,\n"
                + "1700000002,UserLoggedIn,carol@x.com,s2,10.0.0.1,ua,,,\n";
        List<Map<String, List<String>>> rows = run(bytes(body), false, List.of());
        assertEquals(1, rows.size(), rows.toString());
        assertEquals(List.of("010.0.0.1", "10.0.0.1"), rows.get(0).get("ips"));
        assertEquals(List.of("1", "2"), rows.get(0).get("ip_event_count"));
        assertEquals(rows, run(bytes(body), true, List.of()));
    }

    @Test
    void randomTrickyKeysGiveTheSameRowsAsBytesAndAsText() throws Exception {
        List<List<String>> optionSets = List.of(List.of(), List.of("max_ips_per_session=2"), List.of("normalize_ips=true"),
                List.of("allow_cidrs=10.0.0.2/32"), List.of("phase=map"));
        SplittableRandom random = new SplittableRandom(20261129);
        for (List<String> options : optionSets) {
            for (int round = 0; round < 30; round++) {
                byte[] body = randomBody(random, 200);
                List<Map<String, List<String>>> asBytes = run(body, false, options);
                List<Map<String, List<String>>> asText = run(body, true, options);
                assertEquals(asText, asBytes, options + " round " + round);
                assertTrue(round > 0 || !asBytes.isEmpty(), "the generator should make findings");
            }
        }
    }

    /** Values that take each path: plain ASCII, long (multi-byte varint lengths), quotes, commas, non-ASCII, invalid UTF-8. */
    private static final byte[][] KEYS = {
            bytes("u1"), bytes("u2"), bytes("x".repeat(130)), bytes("y".repeat(20_000)), bytes("say \"hi\""),
            bytes("a,b"), bytes("jos\u00e9@x.com"), {'z', (byte) 0xff}, {'z', (byte) 0xfe}, bytes("\u4e2d\u6587"),
    };
    /** Canonical IPv4 (packed), and spellings that must stay text: leading zeros, ports, out of range, IPv6, blanks. */
    private static final String[] ADDRESSES = {"10.0.0.1", "10.0.0.2", "10.0.0.3", "0.0.0.0", "255.255.255.255",
            "010.0.0.1", "10.0.0.1:443", "256.0.0.1", "10.0.0", "2001:db8::1", " 10.0.0.1", "",
    };
    private static final String[] TIMES = {"1700000000", "1700000000.500", "1.7e9", "", "not-a-time", "-5", "1700000001.25"};

    private static byte[] randomBody(SplittableRandom r, int events) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(bytes(HEADER));
        for (int i = 0; i < events; i++) {
            cell(b, bytes(TIMES[r.nextInt(TIMES.length)]));
            b.write(',');
            cell(b, r.nextInt(10) == 0 ? bytes("Op\"x\"") : bytes("UserLoggedIn"));
            b.write(',');
            byte[] user = KEYS[r.nextInt(KEYS.length)];
            byte[] sid = KEYS[r.nextInt(4)];
            boolean mvUser = r.nextInt(5) == 0;
            boolean mvSid = r.nextInt(8) == 0;
            cell(b, mvUser ? new byte[0] : user);
            b.write(',');
            cell(b, mvSid && r.nextBoolean() ? new byte[0] : sid);
            b.write(',');
            boolean mvIp = r.nextInt(10) == 0;
            String ip = ADDRESSES[r.nextInt(r.nextBoolean() ? 3 : ADDRESSES.length)];
            cell(b, mvIp ? new byte[0] : bytes(ip));
            b.write(',');
            cell(b, bytes("ua" + r.nextInt(2)));
            b.write(',');
            cell(b, mvUser ? multivalue(user, r.nextInt(3) == 0 ? bytes("u2") : null) : new byte[0]);
            b.write(',');
            cell(b, mvSid ? multivalue(sid, null) : new byte[0]);
            b.write(',');
            cell(b, mvIp ? multivalue(bytes(ip), bytes(ADDRESSES[r.nextInt(3)])) : new byte[0]);
            b.write('\n');
        }
        return b.toByteArray();
    }

    private static byte[] multivalue(byte[] first, byte[] second) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write('$');
        b.writeBytes(first);
        b.write('$');
        if (second != null) {
            b.writeBytes(bytes(";$"));
            b.writeBytes(second);
            b.write('$');
        }
        return b.toByteArray();
    }

    /** Splunk's CSV quoting, over bytes (so invalid UTF-8 reaches the reader as it is). */
    private static void cell(ByteArrayOutputStream b, byte[] v) {
        boolean quote = false;
        for (byte c : v) {
            quote |= c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            b.writeBytes(v);
            return;
        }
        b.write('"');
        for (byte c : v) {
            if (c == '"') {
                b.write('"');
            }
            b.write(c);
        }
        b.write('"');
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<Map<String, List<String>>> run(byte[] body, boolean textOnly) throws CommandException, CsvFormatException {
        return run(body, textOnly, List.of());
    }

    /** Runs the command with {@code args}; {@code textOnly} hides the bytes from it. */
    private static List<Map<String, List<String>>> run(byte[] body, boolean textOnly, List<String> args)
            throws CommandException, CsvFormatException {
        CommandHarness h = new CommandHarness();
        ConcurrentSessionsCommand c = new ConcurrentSessionsCommand();
        h.declaration = c.getinfo(SearchInfo.builder().args(args).build(), h);
        Records records = new SplunkCsvReader().read(body);
        c.execute(textOnly ? new TextOnly(records) : records, h.rows::add, h);
        c.finish(h.rows::add, h);
        List<Map<String, List<String>>> rows = CommandHarness.plain(h.rows);
        List<Map<String, List<String>>> out = new ArrayList<>(rows);
        return out;
    }

    /** The same records with no bytes behind them: every value is read as text. */
    private static final class TextOnly implements Records {
        private final Records r;

        TextOnly(Records r) {
            this.r = r;
        }

        @Override
        public List<String> fields() {
            return r.fields();
        }

        @Override
        public int size() {
            return r.size();
        }

        @Override
        public int indexOf(String field) {
            return r.indexOf(field);
        }

        @Override
        public List<String> values(int row, int field) {
            return r.values(row, field);
        }
    }
}
