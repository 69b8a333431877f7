package io.concurrentsessions.detect;

import java.util.Set;
import java.util.TreeSet;

/**
 * The device and log evidence of a session's networks: per network the union of its addresses'
 * device ids and flags ({@link AddressDevices}). Trusted as the sign-in service states it: a
 * device id or a managed (compliant) flag is the device's own claim, checked by Entra ID.
 */
final class NetworkDevices {
    /** The common session's: no device or log field anywhere, nothing to compare. */
    private static final NetworkDevices NONE = new NetworkDevices();

    private final SessionState s;
    private final TreeSet<String>[] ids;
    private final int[] flags;

    private NetworkDevices() {
        this.s = null;
        this.ids = null;
        this.flags = null;
    }

    /** {@code netOf[i]}: the network of the address at state index i, among {@code networks}. */
    static NetworkDevices of(SessionState s, int[] netOf, int networks) {
        // no set per network for a session with hundreds, nor an object per finding
        return s.hasDevices() ? new NetworkDevices(s, netOf, networks) : NONE;
    }

    @SuppressWarnings("unchecked")
    private NetworkDevices(SessionState s, int[] netOf, int networks) {
        this.s = s;
        this.ids = new TreeSet[networks];
        this.flags = new int[networks];
        for (int x = 0; x < networks; x++) {
            ids[x] = new TreeSet<>(CodePointOrder.INSTANCE);
        }
        for (int i = 0; i < netOf.length; i++) {
            AddressDevices d = s.devices(i);
            if (d != null) {
                ids[netOf[i]].addAll(d.ids());
                flags[netOf[i]] |= d.flags();
            }
        }
    }

    /** Whether any address of the session had device or log fields; when not, every question below answers false. */
    boolean any() {
        return ids != null;
    }

    /** Network {@code x}'s device ids; empty when the session has no device evidence. */
    Set<String> ids(int x) {
        return ids == null ? Set.of() : ids[x];
    }

    /** Network {@code x}'s device flags ({@link AddressDevices}); 0 when the session has no device evidence. */
    int flags(int x) {
        return flags == null ? 0 : flags[x];
    }

    /** Both networks named device ids and none is shared (with all of each network's ids kept, so nothing is hidden). */
    boolean disjointIds(int x, int y) {
        if (ids == null || ids[x].isEmpty() || ids[y].isEmpty() || ((flags[x] | flags[y]) & AddressDevices.MORE_IDS) != 0) {
            return false;
        }
        for (String id : ids[x]) {
            if (ids[y].contains(id)) {
                return false;
            }
        }
        return true;
    }

    /** One network only managed, the other only unmanaged. */
    boolean managedSplit(int x, int y) {
        return ids != null && (onlyManaged(x) && onlyUnmanaged(y) || onlyManaged(y) && onlyUnmanaged(x));
    }

    /** {@code from} saw a managed device and {@code to} only unmanaged ones, none with one of {@code from}'s ids. */
    boolean managedGaveWay(int from, int to) {
        if (ids == null || (flags[from] & AddressDevices.MANAGED) == 0 || !onlyUnmanaged(to)) {
            return false;
        }
        for (String id : ids[to]) {
            if (ids[from].contains(id)) {
                return false;
            }
        }
        return (flags[to] & AddressDevices.MORE_IDS) == 0 || ids[from].isEmpty();
    }

    private boolean onlyManaged(int x) {
        return (flags[x] & (AddressDevices.MANAGED | AddressDevices.UNMANAGED)) == AddressDevices.MANAGED;
    }

    private boolean onlyUnmanaged(int x) {
        return (flags[x] & (AddressDevices.MANAGED | AddressDevices.UNMANAGED)) == AddressDevices.UNMANAGED;
    }

    /** Address {@code i}'s devices: ids and managed/unmanaged, e.g. "d1 + d2 (managed)"; "unknown" when nothing. */
    String textOfAddress(int i) {
        AddressDevices d = s.devices(i);
        if (d == null || (d.ids().isEmpty() && (d.flags() & (AddressDevices.MANAGED | AddressDevices.UNMANAGED)) == 0)) {
            return SessionEvidence.UNKNOWN;
        }
        String state = switch (d.flags() & (AddressDevices.MANAGED | AddressDevices.UNMANAGED)) {
            case AddressDevices.MANAGED -> "managed";
            case AddressDevices.UNMANAGED -> "unmanaged";
            case AddressDevices.MANAGED | AddressDevices.UNMANAGED -> "managed and unmanaged";
            default -> "managed unknown";
        };
        String more = (d.flags() & AddressDevices.MORE_IDS) != 0 ? " + more" : "";
        return d.ids().isEmpty() ? state : String.join(" + ", d.ids()) + more + " (" + state + ")";
    }

    /** Which logs saw address {@code i}: audit, signin, audit+signin or "unknown". */
    String logsOfAddress(int i) {
        AddressDevices d = s.devices(i);
        int logs = d == null ? 0 : d.flags() & (AddressDevices.LOG_AUDIT | AddressDevices.LOG_SIGNIN);
        return switch (logs) {
            case AddressDevices.LOG_AUDIT -> "audit";
            case AddressDevices.LOG_SIGNIN -> "signin";
            case AddressDevices.LOG_AUDIT | AddressDevices.LOG_SIGNIN -> "audit+signin";
            default -> SessionEvidence.UNKNOWN;
        };
    }
}
