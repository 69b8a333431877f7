package io.concurrentsessions.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one address of a session showed of devices and logs: the device ids seen (the
 * {@value #KEPT_IDS} smallest by code point, and whether there were more), whether a managed
 * (or compliant) device and an unmanaged one were seen, the smallest trust type, and which logs
 * saw the address. Every part merges by union, OR or minimum, so every split of the events
 * agrees. Held by {@link RareParts}: sessions whose events carry no device or log fields pay nothing.
 */
public final class AddressDevices {
    /** Device ids kept per address. */
    public static final int KEPT_IDS = 4;
    public static final int MANAGED = 1;
    public static final int UNMANAGED = 2;
    /** More distinct device ids than {@value #KEPT_IDS} were seen. */
    public static final int MORE_IDS = 4;
    public static final int LOG_AUDIT = 8;
    public static final int LOG_SIGNIN = 16;
    /** Every flag: what a decoder accepts. */
    public static final int ALL_FLAGS = 31;

    private String[] ids = new String[0];
    private int flags;
    private String trustType;

    /** Device ids seen, sorted by code point, at most {@value #KEPT_IDS}. */
    public List<String> ids() {
        return List.of(ids);
    }

    /** {@link #MANAGED}, {@link #UNMANAGED}, {@link #MORE_IDS}, {@link #LOG_AUDIT}, {@link #LOG_SIGNIN}, OR-ed. */
    public int flags() {
        return flags;
    }

    /** The smallest trust type by code point, or null. */
    public String trustType() {
        return trustType;
    }

    void add(EventOrigin origin) {
        if (origin.deviceId() != null) {
            addId(origin.deviceId());
        }
        flags |= (origin.managed() & (MANAGED | UNMANAGED)) | (origin.logs() & (LOG_AUDIT | LOG_SIGNIN));
        addTrustType(origin.trustType());
    }

    void merge(AddressDevices other) {
        for (String id : other.ids) {
            addId(id);
        }
        flags |= other.flags;
        addTrustType(other.trustType);
    }

    /** The decoder's parts (checked by the caller). */
    void restore(List<String> deviceIds, int flagBits, String trust) {
        for (String id : deviceIds) {
            addId(id);
        }
        flags |= flagBits;
        addTrustType(trust);
    }

    private void addId(String id) {
        int at = Arrays.binarySearch(ids, id, CodePointOrder.INSTANCE);
        if (at >= 0) {
            return;
        }
        int insert = -at - 1;
        if (insert >= KEPT_IDS) {
            flags |= MORE_IDS;
            return;
        }
        List<String> grown = new ArrayList<>(Arrays.asList(ids));
        grown.add(insert, id);
        if (grown.size() > KEPT_IDS) {
            grown.remove(KEPT_IDS);
            flags |= MORE_IDS;
        }
        ids = grown.toArray(new String[0]);
    }

    private void addTrustType(String t) {
        if (t != null && (trustType == null || CodePointOrder.INSTANCE.compare(t, trustType) < 0)) {
            trustType = t;
        }
    }

    /** Whether this address saw a device id the other did not, and the other one too: two sets of devices. */
    boolean idsDisjoint(AddressDevices other) {
        if (ids.length == 0 || other.ids.length == 0) {
            return false;
        }
        for (String id : ids) {
            if (Arrays.binarySearch(other.ids, id, CodePointOrder.INSTANCE) >= 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "AddressDevices{" + Arrays.toString(ids) + ", flags=" + flags + ", trust=" + trustType + "}";
    }
}
