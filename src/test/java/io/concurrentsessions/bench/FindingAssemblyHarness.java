package io.concurrentsessions.bench;

import io.concurrentsessions.detect.Event;
import io.concurrentsessions.detect.EventContext;
import io.concurrentsessions.detect.EvidenceSettings;
import io.concurrentsessions.detect.SessionTable;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Cost of the end of a search per finding: fills a {@link SessionTable} with sessions shaped like
 * perf/gen_frames.py --mix noisy (dual stack, hand-offs, 3-6 address sessions, proxy pools of
 * 200-900 addresses, multivalue src_ip, hostile and non-ASCII user agents, 4.3 events a session),
 * then times {@link SessionTable#forEachFinding} over rounds. Only finding assembly and evidence
 * are counted: the time and bytes from one finding handed on to the next (the key sort before the
 * first is not). With {@code located}, a fifth of the sessions also carry iplocation and ASN.
 * First prints a SHA-256 of every finding's text, so two builds can be shown to give the same output.
 * Run from the repository root: {@code java -cp <test classpath> io.concurrentsessions.bench.FindingAssemblyHarness [events] [rounds] [located]}
 */
public final class FindingAssemblyHarness {
    /** The bench generator's user agents (perf/user_agents.json, read from the repository root): plain ones first. */
    private static final String[] AGENTS;
    private static final int PLAIN_AGENTS;

    static {
        try (java.io.Reader in = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of("perf", "user_agents.json"))) {
            com.google.gson.JsonObject o = com.google.gson.JsonParser.parseReader(in).getAsJsonObject();
            List<String> all = new ArrayList<>();
            o.getAsJsonArray("plain").forEach(v -> all.add(v.getAsString()));
            PLAIN_AGENTS = all.size();
            o.getAsJsonArray("hostile").forEach(v -> all.add(v.getAsString()));
            AGENTS = all.toArray(new String[0]);
        } catch (java.io.IOException e) {
            throw new ExceptionInInitializerError("run from the repository root: " + e);
        }
    }
    private static final String[][] PLACES = {{"Berlin, Germany", "52.52", "13.405"}, {"Hamburg, Germany", "53.5511", "9.9937"},
        {"Lagos, Nigeria", "6.5244", "3.3792"}, {"Dallas, United States", "32.7767", "-96.797"}};

    private final SplittableRandom rng = new SplittableRandom(42);
    private final boolean located;
    private final int users;

    private FindingAssemblyHarness(int events, boolean located) {
        this.located = located;
        this.users = Math.max(10, events / 8);
    }

    /** One session of the noisy mix: its key, addresses, user agents, events left and context. */
    private final class Session {
        final List<String> key;
        final List<String> ips = new ArrayList<>();
        final List<String> agents = new ArrayList<>();
        final EventContext[] contexts;
        int left;

        Session(boolean proxy) {
            key = List.of("UserLoggedIn", "user" + rng.nextInt(users) + "@contoso.onmicrosoft.com",
                    Long.toHexString(rng.nextLong()) + "-" + Integer.toHexString(rng.nextInt()));
            if (proxy) {
                for (int k = 200 + rng.nextInt(700); k > 0; k--) {
                    ips.add(ip(0.7));
                }
                while (agents.size() < 3) {
                    String a = AGENTS[rng.nextInt(AGENTS.length)];
                    if (!agents.contains(a)) {
                        agents.add(a);
                    }
                }
            } else {
                double r = rng.nextDouble();
                if (r < 0.28) {
                    ips.add(ip(1.0));
                    ips.add(ip(0.0));
                } else if (r < 0.56) {
                    ips.add(ip(0.7));
                    ips.add(ip(0.7));
                } else if (r < 0.62) {
                    for (int k = 3 + rng.nextInt(4); k > 0; k--) {
                        ips.add(ip(0.7));
                    }
                } else {
                    ips.add(ip(0.7));
                }
                for (int k = rng.nextDouble() < 0.8 ? 1 : 2; k > 0; k--) {
                    String a = AGENTS[rng.nextInt(rng.nextDouble() < 0.5 ? PLAIN_AGENTS : AGENTS.length)];
                    agents.add(rng.nextDouble() < 0.3 ? a + " build/" + rng.nextInt(40) : a);
                }
            }
            contexts = new EventContext[ips.size()];
            if (located && rng.nextDouble() < 0.2) {
                for (int k = 0; k < contexts.length; k++) {
                    String[] p = PLACES[rng.nextInt(PLACES.length)];
                    contexts[k] = EventContext.of(Double.parseDouble(p[1]), Double.parseDouble(p[2]), p[0],
                            "AS" + (3320 + rng.nextInt(3)));
                }
            }
            left = proxy ? Integer.MAX_VALUE : geometric(4.3);
        }
    }

    private int geometric(double mean) {
        int k = 1;
        while (rng.nextDouble() > 1 / mean) {
            k++;
        }
        return k;
    }

    private String ip(double v4) {
        if (rng.nextDouble() < v4) {
            int[] first = {20, 40, 52, 81, 104, 145, 176, 185, 203};
            return first[rng.nextInt(first.length)] + "." + rng.nextInt(256) + "." + rng.nextInt(256) + "." + (1 + rng.nextInt(254));
        }
        return String.format(Locale.ROOT, "2a02:%x:%x::%x", rng.nextInt(65536), rng.nextInt(65536), rng.nextInt(65536));
    }

    private SessionTable fill(int events) {
        SessionTable table = new SessionTable(Math.max(1, events), 1000, EvidenceSettings.DEFAULTS);
        Session[] pool = new Session[Math.min(5000, events)];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = new Session(false);
        }
        Session[] heavy = new Session[Math.max(2, events / 100_000)];
        for (int i = 0; i < heavy.length; i++) {
            heavy[i] = new Session(true);
        }
        Event e = new Event();
        double now = 1717200000;
        double step = 86400.0 / events;
        for (int n = 0; n < events; n++) {
            boolean proxy = rng.nextDouble() < 0.02;
            int slot = rng.nextInt(pool.length);
            Session s = proxy ? heavy[rng.nextInt(heavy.length)] : pool[slot];
            int at = !proxy && rng.nextDouble() < 0.6 ? 0 : rng.nextInt(s.ips.size());
            List<String> ips = !proxy && rng.nextDouble() < 0.05 ? List.of(s.ips.get(at), ip(0.85)) : List.of(s.ips.get(at));
            String time = String.format(Locale.ROOT, "%.3f", now - n * step - rng.nextDouble() * step);
            List<String> sid = rng.nextDouble() < 0.02 ? List.of() : List.of(s.key.get(2));
            e.clear().key(List.of(s.key.get(0)), List.of(s.key.get(1)), sid).time(time).addresses(ips)
                    .userAgents(List.of(s.agents.get(rng.nextInt(s.agents.size())))).context(s.contexts[at]);
            table.observe(e);
            if (!proxy && --s.left == 0) {
                pool[slot] = new Session(false);
            }
        }
        return table;
    }

    public static void main(String[] args) {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        boolean located = args.length > 2 && args[2].equals("located");
        long t0 = System.nanoTime();
        SessionTable table = new FindingAssemblyHarness(events, located).fill(events);
        System.out.printf(Locale.ROOT, "events=%d sessions=%d located=%b filled in %.0f ms%n", events, table.size(), located,
                (System.nanoTime() - t0) / 1e6);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        java.security.MessageDigest digest = sha256();
        table.forEachFinding(2, 0, f -> digest.update(f.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        // every value of every finding: equal digests before and after a change mean equal output
        System.out.printf(Locale.ROOT, "findings digest %s%n", java.util.HexFormat.of().formatHex(digest.digest()));
        long findings = 0;
        java.util.BitSet big = new java.util.BitSet(); // findings over 16 addresses, by position
        for (int round = 1; round <= rounds; round++) {
            long last = findings - 1;
            // findings; cpu, wall, bytes at the first; cpu, wall, bytes at the last; cpu before a big one; big ones' cpu
            long[] at = new long[9];
            long[] sink = new long[1];
            table.forEachFinding(2, 0, f -> {
                int k = (int) at[0]++;
                if (k == 0 || k == last) {
                    int o = k == 0 ? 1 : 4;
                    at[o] = threads.getCurrentThreadCpuTime();
                    at[o + 1] = System.nanoTime();
                    at[o + 2] = threads.getThreadAllocatedBytes(self);
                }
                if (big.get(k + 1)) {
                    at[7] = threads.getCurrentThreadCpuTime();
                }
                if (big.get(k) && k > 0) {
                    at[8] += threads.getCurrentThreadCpuTime() - at[7]; // the gap before a finding is its assembly
                }
                if (f.ips().size() > 16) {
                    big.set(k);
                }
                sink[0] += f.evidence().riskScore() + f.ips().size();
            });
            findings = at[0];
            if (round == 1) {
                System.out.printf(Locale.ROOT, "round 1: findings=%d, %d over 16 addresses (counting)%n", findings,
                        big.cardinality());
                continue;
            }
            long timed = Math.max(1, findings - 1); // the gaps between findings: each is one assembly
            System.out.printf(Locale.ROOT, "round %d: %.0f cpu ns/finding (wall %.0f; over 16 addresses: %.1f cpu ms each)"
                            + " %.0f bytes/finding (check %d)%n", round, (double) (at[4] - at[1]) / timed,
                    (double) (at[5] - at[2]) / timed, at[8] / 1e6 / Math.max(1, big.cardinality()),
                    (double) (at[6] - at[3]) / timed, sink[0]);
        }
    }

    private static java.security.MessageDigest sha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
