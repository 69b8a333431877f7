package io.concurrentsessions.detect;

/**
 * One spelling per address, so that the same client seen as {@code 1.2.3.4:5678},
 * {@code ::ffff:1.2.3.4} and {@code 1.2.3.4} counts as one IP and not three.
 *
 * <p>Rules: surrounding whitespace, brackets and a port are removed; an IPv4-mapped IPv6 address
 * becomes its IPv4 address; IPv6 is written as RFC 5952 says (lower case, no leading zeros, the
 * longest run of two or more zero groups as {@code ::}); IPv4 octets lose leading zeros. A zone id
 * ({@code fe80::1%eth0}) is kept verbatim: it names a different interface, and the Unified Audit
 * Log never carries one anyway (link-local addresses are not seen across the internet).
 *
 * <p>Text that is not an address (a host name, {@code unknown}) comes back trimmed and otherwise
 * unchanged. Nothing here touches the network: no DNS lookup, no {@code InetAddress}.
 */
public final class IpAddresses {
    private IpAddresses() {
    }

    /** The canonical text of {@code text}, or the trimmed text when it is not an IP address; null stays null. */
    public static String normalize(String text) {
        if (text == null) {
            return null;
        }
        String s = text.strip();
        String host = host(s);
        if (host == null) {
            return s;
        }
        if (host.indexOf(':') < 0) {
            int[] v4 = parseIpv4(host, 0, host.length());
            return v4 == null ? s : ipv4Text(v4);
        }
        String v6 = normalizeIpv6(host);
        return v6 == null ? s : v6;
    }

    /** The address part of trimmed text (brackets and a port removed), or null when it has none; empty stays empty. */
    private static String host(String s) {
        if (s.isEmpty()) {
            return null;
        }
        if (s.charAt(0) == '[') {
            int close = s.indexOf(']');
            return close < 0 || !isPortSuffix(s, close + 1) ? null : s.substring(1, close);
        }
        int colon = s.indexOf(':');
        if (colon >= 0 && colon == s.lastIndexOf(':')) {
            // Exactly one colon: only "IPv4:port" makes sense (IPv6 has at least two).
            return isPortSuffix(s, colon) ? s.substring(0, colon) : null;
        }
        return s;
    }

    /**
     * The address as network-order bytes: 4 for IPv4 (and IPv4-mapped IPv6), 16 for IPv6; null when
     * {@code text} is not an address. Brackets and a port are ignored as by {@link #normalize}; so is
     * a zone id, which names an interface, not another address.
     */
    public static byte[] bytes(String text) {
        if (text == null) {
            return null;
        }
        // The bytes of normalize's text, without writing that text and parsing it again: the
        // host when normalize accepts it, else (as normalize returns it) the trimmed text itself.
        String s = text.strip();
        String host = host(s);
        byte[] b = host == null ? null : parsed(host, true);
        return b != null ? b : parsed(s, false);
    }

    /**
     * The address in {@code t} (a zone id dropped), or null; {@code asNormalize}: also null where
     * normalize would not accept the text (a lone {@code %}).
     */
    private static byte[] parsed(String t, boolean asNormalize) {
        if (t.isEmpty()) {
            return null;
        }
        if (t.indexOf(':') < 0) {
            int[] v4 = parseIpv4(t, 0, t.length());
            return v4 == null ? null : new byte[] {(byte) v4[0], (byte) v4[1], (byte) v4[2], (byte) v4[3]};
        }
        int percent = t.indexOf('%');
        if (asNormalize && percent == t.length() - 1) {
            return null;
        }
        int[] g = parseIpv6(percent < 0 ? t : t.substring(0, percent));
        if (g == null) {
            return null;
        }
        if (isIpv4Mapped(g)) {
            return new byte[] {(byte) (g[6] >> 8), (byte) g[6], (byte) (g[7] >> 8), (byte) g[7]};
        }
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[2 * i] = (byte) (g[i] >> 8);
            b[2 * i + 1] = (byte) g[i];
        }
        return b;
    }

    /** The text of 4 or 16 address bytes, IPv6 as RFC 5952 writes it. */
    public static String text(byte[] b) {
        if (b.length == 4) {
            return ipv4Text(new int[] {b[0] & 0xff, b[1] & 0xff, b[2] & 0xff, b[3] & 0xff});
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        return ipv6Text(g);
    }

    /** True when {@code s} has nothing from {@code from} on, or a colon followed by 1 to 5 digits. */
    private static boolean isPortSuffix(String s, int from) {
        if (from == s.length()) {
            return true;
        }
        int digits = s.length() - from - 1;
        if (s.charAt(from) != ':' || digits < 1 || digits > 5) {
            return false;
        }
        for (int i = from + 1; i < s.length(); i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static String normalizeIpv6(String host) {
        String zone = "";
        int percent = host.indexOf('%');
        if (percent >= 0) {
            zone = host.substring(percent);
            host = host.substring(0, percent);
            if (zone.length() == 1) {
                return null;
            }
        }
        int[] groups = parseIpv6(host);
        if (groups == null) {
            return null;
        }
        if (zone.isEmpty() && isIpv4Mapped(groups)) {
            return ipv4Text(new int[] {groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff});
        }
        return ipv6Text(groups) + zone;
    }

    private static boolean isIpv4Mapped(int[] g) {
        for (int i = 0; i < 5; i++) {
            if (g[i] != 0) {
                return false;
            }
        }
        return g[5] == 0xffff;
    }

    /** Eight 16-bit groups, or null. Accepts one {@code ::} and a dotted IPv4 tail. */
    private static int[] parseIpv6(String s) {
        int[] head = new int[8];
        int[] tail = new int[8];
        int nHead = 0;
        int nTail = 0;
        boolean compressed = false;
        int i = 0;
        int n = s.length();
        if (s.startsWith("::")) {
            compressed = true;
            i = 2;
        } else if (s.startsWith(":")) {
            return null;
        }
        while (i < n) {
            int end = i;
            while (end < n && s.charAt(end) != ':') {
                end++;
            }
            if (end == i) {
                // An empty group: the one "::" allowed.
                if (compressed) {
                    return null;
                }
                compressed = true;
                i = end + 1;
                continue;
            }
            int count = nHead + nTail;
            if (end == n && s.indexOf('.', i) >= 0) {
                int[] v4 = parseIpv4(s, i, n);
                if (v4 == null || count > 6) {
                    return null;
                }
                int hi = (v4[0] << 8) | v4[1];
                int lo = (v4[2] << 8) | v4[3];
                if (compressed) {
                    tail[nTail++] = hi;
                    tail[nTail++] = lo;
                } else {
                    head[nHead++] = hi;
                    head[nHead++] = lo;
                }
                i = n;
                break;
            }
            if (end - i > 4 || count >= 8) {
                return null;
            }
            int value = 0;
            for (int k = i; k < end; k++) {
                int d = Character.digit(s.charAt(k), 16);
                if (d < 0) {
                    return null;
                }
                value = (value << 4) | d;
            }
            if (compressed) {
                tail[nTail++] = value;
            } else {
                head[nHead++] = value;
            }
            if (end == n) {
                i = n;
            } else if (end == n - 1) {
                // A trailing single colon ends nothing: "1::2:" is not an address.
                if (!(end >= 1 && s.charAt(end - 1) == ':')) {
                    return null;
                }
                i = n;
            } else {
                i = end + 1;
            }
        }
        int total = nHead + nTail;
        if (compressed ? total > 7 : total != 8) {
            return null;
        }
        int[] groups = new int[8];
        System.arraycopy(head, 0, groups, 0, nHead);
        System.arraycopy(tail, 0, groups, 8 - nTail, nTail);
        return groups;
    }

    /** Four octets from {@code s[from, to)}, or null unless it is exactly dotted-decimal IPv4. */
    private static int[] parseIpv4(String s, int from, int to) {
        int[] octets = new int[4];
        int part = 0;
        int i = from;
        while (part < 4) {
            int start = i;
            int value = 0;
            while (i < to && isDigit(s.charAt(i)) && i - start < 3) {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            if (i == start || value > 255) {
                return null;
            }
            octets[part++] = value;
            if (part < 4) {
                if (i >= to || s.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
        }
        return i == to ? octets : null;
    }

    private static String ipv4Text(int[] o) {
        return o[0] + "." + o[1] + "." + o[2] + "." + o[3];
    }

    /** RFC 5952 section 4: compress the first longest run of at least two zero groups. */
    private static String ipv6Text(int[] g) {
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
