package io.concurrentsessions.detect;

/**
 * What an event says about the device and the log behind it: the device id, whether the device
 * was managed or compliant, its trust type, and which log the record came from. Absent parts are
 * null or 0.
 *
 * @param managed {@link AddressDevices#MANAGED}, {@link AddressDevices#UNMANAGED} or 0 (unknown)
 * @param logs    {@link AddressDevices#LOG_AUDIT}, {@link AddressDevices#LOG_SIGNIN} or 0 (unknown)
 */
public record EventOrigin(String deviceId, int managed, String trustType, int logs) {
    /** Null when the event carries nothing of these (most events: no allocation downstream). */
    public static EventOrigin of(String deviceId, int managed, String trustType, int logs) {
        if (deviceId == null && managed == 0 && trustType == null && logs == 0) {
            return null;
        }
        return new EventOrigin(deviceId, managed, trustType, logs);
    }
}
