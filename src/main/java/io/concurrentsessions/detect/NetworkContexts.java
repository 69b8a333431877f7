package io.concurrentsessions.detect;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What iplocation and the ASN field said about each network of a session, built per network on first use. */
final class NetworkContexts {
    /** One network's distinct ASNs, places and coordinates. */
    record Context(Set<String> asns, Set<String> places, List<double[]> geo) {
    }

    /** A network without ASN, place or coordinates, as most are: shared, never added to. */
    private static final Context NOTHING = new Context(Set.of(), Set.of(), List.of());

    private final SessionState s;
    private final int[] netOf;
    private final Context[] contexts;

    /** {@code netOf[i]}: the network of the address at state index i, among {@code networks}. */
    NetworkContexts(SessionState s, int[] netOf, int networks) {
        this.s = s;
        this.netOf = netOf;
        this.contexts = new Context[networks];
    }

    Context of(int x) {
        if (contexts[x] == null) {
            // one network's, or past MANY_NETWORKS every network's in one pass: a proxy pool's
            // pair rules ask for all of them, and a pass per network was 10^5 steps
            boolean all = contexts.length > EvidenceAnalysis.MANY_NETWORKS;
            for (int z = 0; z < contexts.length; z++) {
                if (contexts[z] == null && (all || z == x)) {
                    contexts[z] = NOTHING;
                }
            }
            for (int i = 0; i < netOf.length; i++) {
                if (!all && netOf[i] != x) {
                    continue;
                }
                if (s.addressAsn(i) == null && s.place(i) == null && Double.isNaN(s.latitude(i))) {
                    continue;
                }
                Context c = contexts[netOf[i]];
                if (c == NOTHING) {
                    c = new Context(new HashSet<>(), new HashSet<>(), new ArrayList<>());
                    contexts[netOf[i]] = c;
                }
                if (s.addressAsn(i) != null) {
                    c.asns.add(s.addressAsn(i));
                }
                if (s.place(i) != null) {
                    c.places.add(s.place(i));
                }
                if (!Double.isNaN(s.latitude(i))) {
                    c.geo.add(new double[] {s.latitude(i), s.longitude(i)});
                }
            }
        }
        return contexts[x];
    }

    /** The country of an address's place ("City, Country"), null when unknown. */
    String country(int i) {
        String place = s.place(i);
        if (place == null) {
            return null;
        }
        int comma = place.lastIndexOf(", ");
        return comma >= 0 ? place.substring(comma + 2) : place;
    }

    /** The shortest distance between two networks' coordinates; NaN when either has none. */
    static double nearestKm(Context x, Context y) {
        if (x.geo.isEmpty() || y.geo.isEmpty()) {
            return Double.NaN;
        }
        double nearest = Double.POSITIVE_INFINITY;
        for (double[] a : x.geo) {
            for (double[] b : y.geo) {
                nearest = Math.min(nearest, Networks.km(a[0], a[1], b[0], b[1]));
            }
        }
        return nearest;
    }

    static boolean disjoint(Set<String> a, Set<String> b) {
        for (String v : a) {
            if (b.contains(v)) {
                return false;
            }
        }
        return true;
    }
}
