package io.concurrentsessions.detect;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NetworksTest {
    @Test
    void networksAreMaskedCidrTextForAnySpelling() {
        assertEquals("203.0.113.0/24", Networks.of("203.0.113.77", 24, 64));
        assertEquals("203.0.113.0/24", Networks.of("[::ffff:203.0.113.77]:443", 24, 64));
        assertEquals("203.0.112.0/23", Networks.of("203.0.113.77:5000", 23, 64));
        assertEquals("0.0.0.0/0", Networks.of("203.0.113.77", 0, 64));
        assertEquals("203.0.113.77/32", Networks.of("203.0.113.77", 32, 64));
        assertEquals("2001:db8:bad::/64", Networks.of("2001:DB8:BAD:0:1234::66", 24, 64));
        assertEquals("2001:db8:ba0::/44", Networks.of("2001:db8:bad::1", 24, 44));
        assertEquals("fe80::/64", Networks.of("fe80::1%eth0", 24, 64)); // the zone names an interface, not a network
        assertEquals("unknown", Networks.of("unknown", 24, 64));
    }

    /** Plain IPv4 and IPv6 text take a shorter path than bracketed, zoned or mapped text: the same networks. */
    @Test
    void plainAddressesNetworksMatchTheGeneralParser() {
        java.util.Random r = new java.util.Random(11);
        String[] shapes = {"%x:%x:%x:%x:%x:%x:%x:%x", "%x:%x::%x", "::%x:%x", "%x::", "::ffff:%x:%x", "%X:%x:0:0:%x::%x", "::"};
        for (int i = 0; i < 5000; i++) {
            String shape = shapes[r.nextInt(shapes.length)];
            Object[] groups = new Object[8];
            for (int k = 0; k < groups.length; k++) {
                groups[k] = r.nextInt(4) == 0 ? 0 : r.nextInt(0x10000);
            }
            String ip = String.format(shape, groups);
            int prefix = r.nextInt(129);
            byte[] b = IpAddresses.bytes(ip);
            String expected;
            if (b == null) {
                expected = ip;
            } else {
                int p = b.length == 4 ? 24 : prefix;
                Networks.mask(b, p);
                expected = IpAddresses.text(b) + "/" + p;
            }
            assertEquals(expected, Networks.of(ip, 24, prefix), ip + " at /" + prefix);
            assertEquals(expected, Networks.of("[" + ip + "]", 24, prefix), ip + " bracketed at /" + prefix);
        }
        for (int i = 0; i < 5000; i++) {
            String ip = r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
            int prefix = r.nextInt(33);
            byte[] b = IpAddresses.bytes(ip);
            Networks.mask(b, prefix);
            assertEquals(IpAddresses.text(b) + "/" + prefix, Networks.of(ip, prefix, 64), ip + " at /" + prefix);
        }
        assertEquals("1:2:3:4:5:6:7:8:9", Networks.of("1:2:3:4:5:6:7:8:9", 24, 64)); // not an address: its own network
        assertEquals("a::b::c", Networks.of("a::b::c", 24, 64));
    }

    @Test
    void haversineDistances() {
        assertEquals(343.5, Networks.km(51.5074, -0.1278, 48.8566, 2.3522), 1.0); // London-Paris
        assertEquals(0, Networks.km(10, 20, 10, 20), 1e-9);
        assertEquals(Math.PI * 6371.0088, Networks.km(0, 0, 0, 180), 1e-6);
    }
}
