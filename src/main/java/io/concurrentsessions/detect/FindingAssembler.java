package io.concurrentsessions.detect;

import java.util.Arrays;
import java.util.List;

/**
 * Assembles a {@link Finding} from a session's key and state: the seed's columns, then the evidence.
 * Runs once per flagged session at the end of a search (10^5 times at 10^6 noisy events), so its
 * lists are built as arrays and handed over with one copy each.
 */
final class FindingAssembler {
    /** Below this many addresses an insertion sort orders them, above a merge sort. */
    private static final int INSERTION_SORT_MAX = 16;

    private FindingAssembler() {
    }

    static Finding of(SessionKey key, SessionState s) {
        return of(key, s, EvidenceSettings.DEFAULTS);
    }

    static Finding of(SessionKey key, SessionState s, EvidenceSettings settings) {
        int n = s.addressCount();
        String[] address = s.addresses.toArray(); // by state index, each text made once
        int[] order = codePointOrder(address);
        AddressAgents agents = new AddressAgents(s);
        String[] ips = new String[n];
        Finding.AddressActivity[] activity = new Finding.AddressActivity[n];
        for (int k = 0; k < n; k++) {
            int i = order[k];
            ips[k] = address[i];
            activity[k] = new Finding.AddressActivity(address[i], s.firstSeen(i), s.lastSeen(i), s.addressEvents(i),
                    userAgents(s, agents, i));
        }
        return new Finding(key, s.firstTimeText(), s.lastTimeText(), List.of(ips), s.sortedUserAgents(), List.of(activity),
                s.events(), new EvidenceAnalysis(s, order, address, agents, settings).evidence());
    }

    /** The user agents of the address at state index {@code i}, by code point. */
    private static List<String> userAgents(SessionState s, AddressAgents agents, int i) {
        int m = agents.count(i);
        if (m == 1) {
            return List.of(s.userAgent(agents.agent(i, 0)));
        }
        String[] uas = new String[m];
        for (int j = 0; j < m; j++) {
            uas[j] = s.userAgent(agents.agent(i, j));
        }
        Arrays.sort(uas, CodePointOrder.INSTANCE);
        return List.of(uas);
    }

    /** State indexes by their address's code point order ({@code address} distinct, by state index). */
    static int[] codePointOrder(String[] address) {
        int n = address.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (n <= INSERTION_SORT_MAX) {
            insertionSort(address, order, 0, n);
        } else {
            mergeSort(address, order, order.clone(), 0, n);
        }
        return order;
    }

    private static void insertionSort(String[] address, int[] order, int from, int to) {
        for (int k = from + 1; k < to; k++) {
            int v = order[k];
            int j = k - 1;
            while (j >= from && CodePointOrder.INSTANCE.compare(address[order[j]], address[v]) > 0) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = v;
        }
    }

    /** Sorts {@code order[from, to)}; {@code scratch} holds the same values there on entry. */
    private static void mergeSort(String[] address, int[] order, int[] scratch, int from, int to) {
        if (to - from <= INSERTION_SORT_MAX) {
            insertionSort(address, order, from, to);
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(address, scratch, order, from, mid);
        mergeSort(address, scratch, order, mid, to);
        for (int k = from, a = from, b = mid; k < to; k++) {
            if (b >= to || (a < mid && CodePointOrder.INSTANCE.compare(address[scratch[a]], address[scratch[b]]) <= 0)) {
                order[k] = scratch[a++];
            } else {
                order[k] = scratch[b++];
            }
        }
    }
}
