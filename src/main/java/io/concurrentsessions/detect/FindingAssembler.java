package io.concurrentsessions.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Assembles a {@link Finding} from a session's key and state: the seed's columns, then the evidence. */
final class FindingAssembler {
    private FindingAssembler() {
    }

    static Finding of(SessionKey key, SessionState s) {
        return of(key, s, EvidenceSettings.DEFAULTS);
    }

    static Finding of(SessionKey key, SessionState s, EvidenceSettings settings) {
        int n = s.addressCount();
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> CodePointOrder.INSTANCE.compare(s.address(a), s.address(b)));
        int[] order = new int[n];
        List<String> ips = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            order[k] = boxed[k];
            ips.add(s.address(order[k]));
        }
        List<String>[] uasOf = uasByAddress(s);
        List<Finding.AddressActivity> activity = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int i = order[k];
            List<String> uas = uasOf[i] == null ? new ArrayList<>() : uasOf[i];
            uas.sort(CodePointOrder.INSTANCE);
            activity.add(new Finding.AddressActivity(ips.get(k), s.firstSeen(i), s.lastSeen(i), s.addressEvents(i), uas));
        }
        return new Finding(key, s.firstTimeText(), s.lastTimeText(), ips, s.sortedUserAgents(), activity, s.events(),
                SessionEvidence.of(s, order, settings));
    }

    @SuppressWarnings("unchecked")
    private static List<String>[] uasByAddress(SessionState s) {
        List<String>[] out = new List[s.addressCount()];
        for (int k = 0; k < s.pairCount(); k++) {
            int a = s.pairAddress(k);
            if (out[a] == null) {
                out[a] = new ArrayList<>();
            }
            out[a].add(s.userAgent(s.pairUserAgent(k)));
        }
        return out;
    }
}
