package io.concurrentsessions.command;

import io.concurrentsessions.detect.EpochTime;
import io.concurrentsessions.detect.Event;
import io.concurrentsessions.detect.EventContext;
import io.concurrentsessions.detect.SessionKey;
import io.concurrentsessions.detect.SessionState;
import io.concurrentsessions.detect.StringPool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Encoded partial states and damaged copies of them, with what the decoder made of each: the
 * golden file {@value #FILE} that {@code PartialStateCodecGoldenTest} holds every later decoder
 * to. Regenerate only on purpose (a format change), with the decoder whose behaviour is right:
 * {@code java -cp target/classes:target/test-classes:<gson> io.concurrentsessions.command.PartialStateCases}.
 */
final class PartialStateCases {
    static final String FILE = "src/test/resources/io/concurrentsessions/command/partial-states-golden.txt";
    static final String REJECTED = "REJECTED";

    private static final String[] ADDRESSES = {"10.0.0.1", "10.0.0.2", "192.168.1.20", "010.0.0.1", "2001:db8::1",
            "fe80::1%eth0", "unknown", "1.2.3.4:443", "255.255.255.255"};
    private static final String[] AGENTS = {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)",
            "python-requests/2.31.0", "UA $1$ \"q\"|~%", "ü\uD83D\uDE00", "BAV2ROPC"};
    private static final String[] TIMES = {"1717155516", "1717155516.051", "1717155517.5", "1717159999.999",
            "1717155516.000", "0.5", "-5", "1.7e9", "1717160000"};
    private static final String EDIT = "|;~.%0123456789-eE+aZ ,\"";

    private PartialStateCases() {
    }

    public static void main(String[] args) throws IOException {
        SplittableRandom r = new SplittableRandom(20261129);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            String encoded = PartialStateCodec.encode(key(r), state(r));
            lines.add(line(encoded));
            for (int m = 0; m < 3; m++) {
                String damaged = damage(encoded, r);
                if (damaged.codePoints().noneMatch(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)) { // the file is UTF-8
                    lines.add(line(damaged));
                }
            }
        }
        for (String fixed : List.of("", "cs2", "cs1|a|b|c|1||||x~1~2~3~", "cs2|a|b|c|1|||||0",
                "cs2|a|b|c|1||||x~1~2~1~~0~5~~~~|x|1", "cs2|a|b|c|1||ua||10.0.0.1~1~2~1~0~0~5~~~~||1")) {
            lines.add(line(fixed));
        }
        Files.write(Path.of(FILE), lines, StandardCharsets.UTF_8);
        System.err.println(lines.size() + " cases written to " + FILE);
    }

    /** The input, a tab, then the re-encoded decoding or REJECTED. */
    static String line(String encoded) {
        return encoded + "\t" + outcome(encoded);
    }

    static String outcome(String encoded) {
        try {
            PartialStateCodec.Decoded d = PartialStateCodec.decode(encoded, new StringPool());
            return PartialStateCodec.encode(d.key(), d.state());
        } catch (IllegalArgumentException e) {
            return REJECTED;
        }
    }

    private static SessionKey key(SplittableRandom r) {
        return new SessionKey(r.nextInt(5) == 0 ? "Op|;~" : "UserLoggedIn", "user" + r.nextInt(9) + "@x.com",
                r.nextInt(6) == 0 ? "s%" + r.nextInt(99) : "sid-" + r.nextInt(1000));
    }

    private static SessionState state(SplittableRandom r) {
        SessionState s = new SessionState();
        StringPool pool = new StringPool();
        EpochTime t = new EpochTime();
        for (int e = 1 + r.nextInt(6); e > 0; e--) {
            boolean timed = r.nextInt(8) != 0 && t.parse(TIMES[r.nextInt(TIMES.length)]);
            List<String> ips = new ArrayList<>();
            for (int k = r.nextInt(4) == 0 ? 2 : 1; k > 0; k--) {
                ips.add(ADDRESSES[r.nextInt(ADDRESSES.length)]);
            }
            EventContext c = r.nextInt(3) == 0 ? EventContext.of(r.nextInt(180) - 90 + r.nextInt(1000) / 1000.0,
                    r.nextInt(360) - 180, r.nextBoolean() ? "Paris, France" : null, r.nextBoolean() ? "AS" + r.nextInt(70000) : null)
                    : null;
            s.observe(new Event().time(timed ? t : null).addresses(ips).userAgents(List.of(AGENTS[r.nextInt(AGENTS.length)])).context(c), pool, SessionState.UNCAPPED);
        }
        return s;
    }

    /** One to three edits: a character replaced, removed or inserted, biased to separators and digits. */
    private static String damage(String s, SplittableRandom r) {
        StringBuilder b = new StringBuilder(s);
        for (int k = 1 + r.nextInt(3); k > 0; k--) {
            int at = r.nextInt(b.length() + 1);
            char c = EDIT.charAt(r.nextInt(EDIT.length()));
            switch (r.nextInt(3)) {
                case 0 -> {
                    if (at < b.length()) {
                        b.setCharAt(at, c);
                    }
                }
                case 1 -> {
                    if (at < b.length()) {
                        b.deleteCharAt(at);
                    }
                }
                default -> b.insert(at, c);
            }
        }
        return b.toString();
    }
}
