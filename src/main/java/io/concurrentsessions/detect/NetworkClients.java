package io.concurrentsessions.detect;

import java.util.Arrays;
import java.util.BitSet;
import java.util.TreeSet;

/**
 * The clients (parsed user agents, {@link Client}) a session's networks were used with, from the
 * state's address/user-agent pairs: which user agents each network saw, and whether two networks'
 * clients tell two parties apart. Parsed once per distinct user agent, at the end of a search.
 */
final class NetworkClients {
    private final SessionState s;
    private final Client[] clientOf; // by user agent index; null until parsed
    private final String[] textOf; // by user agent index; null until asked
    private final BitSet[] uasOf; // by network
    private final AddressAgents uasOfAddress;
    // Past EvidenceAnalysis.MANY_NETWORKS, differ answers once per pair of classes of networks
    // with the same user agents: a proxy pool's hundreds of networks share a few sets of them.
    private PairAnswers differs; // null until the first question

    NetworkClients(SessionState s, int[] netOf, int networks, AddressAgents uasOfAddress) {
        this.s = s;
        this.clientOf = new Client[s.userAgentCount()];
        this.textOf = new String[s.userAgentCount()];
        this.uasOf = new BitSet[networks];
        this.uasOfAddress = uasOfAddress;
        for (int x = 0; x < networks; x++) {
            uasOf[x] = new BitSet();
        }
        for (int k = 0; k < s.pairCount(); k++) {
            uasOf[netOf[s.pairAddress(k)]].set(s.pairUserAgent(k));
        }
    }

    /** The user agents network {@code x} saw. */
    BitSet userAgents(int x) {
        return uasOf[x];
    }

    /** Address {@code i}'s clients as text, distinct and sorted, joined by " + "; "unknown" when it had none parsed. */
    String textOfAddress(int i) {
        int m = uasOfAddress.count(i);
        String text;
        if (m == 0) {
            return Client.UNKNOWN;
        }
        if (m == 1) { // the common address: one user agent
            int only = uasOfAddress.agent(i, 0);
            text = client(only).kind() != Client.Kind.UNKNOWN ? text(only) : "";
        } else {
            String[] texts = new String[m]; // distinct and sorted as a TreeSet would give them
            int known = 0;
            for (int j = 0; j < m; j++) {
                int u = uasOfAddress.agent(i, j);
                if (client(u).kind() != Client.Kind.UNKNOWN) {
                    texts[known++] = text(u);
                }
            }
            Arrays.sort(texts, 0, known);
            int distinct = 0;
            for (int j = 0; j < known; j++) {
                if (distinct == 0 || !texts[j].equals(texts[distinct - 1])) {
                    texts[distinct++] = texts[j];
                }
            }
            text = String.join(" + ", Arrays.asList(texts).subList(0, distinct));
        }
        return text.isEmpty() ? Client.UNKNOWN : text;
    }

    /**
     * Whether networks x and y were used by clients that nothing makes one: each side has a parsed
     * client, and some client on one side is not {@link Client#sameAs the same} as any on the other.
     */
    boolean differ(int x, int y) {
        if (differs == null) {
            differs = uasOf.length > EvidenceAnalysis.MANY_NETWORKS ? PairAnswers.byClass(uasOf) : PairAnswers.NONE;
        }
        return differs.answered(x, y) ? differs.answer(x, y) : differs.keep(x, y, differOnce(x, y));
    }

    private boolean differOnce(int x, int y) {
        return known(x) && known(y) && (unmatched(x, y) || unmatched(y, x));
    }

    /** Both networks saw parsed clients and none of them differ: one client, as far as user agents tell. */
    boolean same(int x, int y) {
        return known(x) && known(y) && !differ(x, y);
    }

    /** One client on both networks, and a phone or tablet at that. */
    boolean samePhone(int x, int y) {
        return same(x, y) && allMobile(x) && allMobile(y);
    }

    /**
     * The first pair of networks (by address order) whose clients differ (see {@link #differ}), as
     * "A, then B" in order of first use (by {@code firstSeen}, address order when unknown or
     * equal); null when no pair differs.
     */
    String change(int networks, double[] firstSeen) {
        for (int x = 0; x < networks; x++) {
            for (int y = x + 1; y < networks; y++) {
                if (differ(x, y)) {
                    boolean swap = firstSeen[y] < firstSeen[x]; // false with NaN
                    return describe(swap ? y : x) + ", then " + describe(swap ? x : y);
                }
            }
        }
        return null;
    }

    /** A network's parsed clients as text, sorted (user agent indexes follow arrival order, which splits change). */
    private String describe(int x) {
        return texts(uasOf[x]);
    }

    private String texts(BitSet uas) {
        int only = uas.nextSetBit(0);
        if (only >= 0 && uas.nextSetBit(only + 1) < 0) {
            // the common address: one user agent
            return client(only).kind() != Client.Kind.UNKNOWN ? text(only) : "";
        }
        TreeSet<String> texts = new TreeSet<>();
        for (int u = uas.nextSetBit(0); u >= 0; u = uas.nextSetBit(u + 1)) {
            if (client(u).kind() != Client.Kind.UNKNOWN) {
                texts.add(text(u));
            }
        }
        return String.join(" + ", texts);
    }

    private boolean known(int x) {
        for (int u = uasOf[x].nextSetBit(0); u >= 0; u = uasOf[x].nextSetBit(u + 1)) {
            if (client(u).kind() != Client.Kind.UNKNOWN) {
                return true;
            }
        }
        return false;
    }

    private boolean allMobile(int x) {
        for (int u = uasOf[x].nextSetBit(0); u >= 0; u = uasOf[x].nextSetBit(u + 1)) {
            if (client(u).kind() != Client.Kind.UNKNOWN && !client(u).mobile()) {
                return false;
            }
        }
        return true;
    }

    /** Some parsed client of x that is not the same as any client of y. */
    private boolean unmatched(int x, int y) {
        for (int u = uasOf[x].nextSetBit(0); u >= 0; u = uasOf[x].nextSetBit(u + 1)) {
            Client c = client(u);
            if (c.kind() == Client.Kind.UNKNOWN) {
                continue;
            }
            boolean matched = false;
            for (int v = uasOf[y].nextSetBit(0); v >= 0 && !matched; v = uasOf[y].nextSetBit(v + 1)) {
                matched = client(v).kind() != Client.Kind.UNKNOWN && c.sameAs(client(v));
            }
            if (!matched) {
                return true;
            }
        }
        return false;
    }

    private Client client(int u) {
        Client c = clientOf[u];
        if (c == null) {
            c = Client.of(s.userAgent(u));
            clientOf[u] = c;
        }
        return c;
    }

    private String text(int u) {
        String t = textOf[u];
        if (t == null) {
            t = client(u).text();
            textOf[u] = t;
        }
        return t;
    }
}
