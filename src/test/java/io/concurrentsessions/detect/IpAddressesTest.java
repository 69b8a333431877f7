package io.concurrentsessions.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpAddressesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        // IPv4, with and without a port
        "1.2.3.4|1.2.3.4",
        "' 1.2.3.4 '|1.2.3.4",
        "1.2.3.4:5678|1.2.3.4",
        "010.001.002.003|10.1.2.3",
        // IPv4-mapped IPv6 in every spelling
        "::ffff:1.2.3.4|1.2.3.4",
        "::FFFF:1.2.3.4|1.2.3.4",
        "::ffff:102:304|1.2.3.4",
        "0:0:0:0:0:ffff:1.2.3.4|1.2.3.4",
        "[::ffff:1.2.3.4]:443|1.2.3.4",
        // IPv6 with brackets and ports
        "[2001:db8::1]:443|2001:db8::1",
        "[2001:db8::1]|2001:db8::1",
        // RFC 5952: lower case, no leading zeros, longest zero run, first on a tie, no :: for one group
        "2001:0DB8:0000:0000:0000:0000:0000:0001|2001:db8::1",
        "2001:db8:0:0:1:0:0:1|2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1|2001:db8:0:1:1:1:1:1",
        "2001:0:0:1:0:0:0:1|2001:0:0:1::1",
        "0:0:0:0:0:0:0:0|::",
        "::1|::1",
        "1::|1::",
        "fe80::1:2:3:4:5:6|fe80:0:1:2:3:4:5:6",
        "2a09:bac5:117:105::1a:de|2a09:bac5:117:105::1a:de",
        // IPv4-compatible (deprecated) is not mapped: written in hex
        "::1.2.3.4|::102:304",
        // zone ids are kept verbatim
        "fe80::0001%eth0|fe80::1%eth0",
        "[fe80::1%25en0]:80|fe80::1%25en0",
        // not addresses: left as they are, never resolved
        "unknown|unknown",
        "login.microsoftonline.com|login.microsoftonline.com",
        "localhost:443|localhost:443",
        "1.2.3.4.5|1.2.3.4.5",
        "256.1.1.1|256.1.1.1",
        "1.2.3|1.2.3",
        "1.2.3.4:|1.2.3.4:",
        "1.2.3.4:123456|1.2.3.4:123456",
        "2001:db8:::1|2001:db8:::1",
        "2001:db8::1::2|2001:db8::1::2",
        "1:2:3:4:5:6:7:8:9|1:2:3:4:5:6:7:8:9",
        "12345::1|12345::1",
        "1::2:|1::2:",
        ":1::2|:1::2",
        "[2001:db8::1|[2001:db8::1",
        "[2001:db8::1]x|[2001:db8::1]x",
        "fe80::1%|fe80::1%",
    })
    void normalizes(String in, String expected) {
        assertEquals(expected, IpAddresses.normalize(in));
    }

    @Test
    void emptyAndNull() {
        assertEquals("", IpAddresses.normalize("  "));
        assertNull(IpAddresses.normalize(null));
    }

    @Test
    void everySpellingOfOneClientIsOneAddress() {
        String[] spellings = {"192.0.2.7", "192.0.2.7:50211", "::ffff:192.0.2.7", "[::ffff:c000:207]:443"};
        for (String s : spellings) {
            assertEquals("192.0.2.7", IpAddresses.normalize(s), s);
        }
    }

    /** bytes() parses once, yet reads each text exactly as the bytes of its normalized text: hostile spellings included. */
    @Test
    void bytesAreTheBytesOfTheNormalizedText() {
        String[] texts = {"1.2.3.4", " 1.2.3.4:80 ", "[1.2.3.4]:80", "010.1.1.1", "1.2.3.4:", "1.2.3.4:99999999", "::ffff:1.2.3.4",
            "[::ffff:102:304]:443", "2001:DB8::1", "[2001:db8::1]", "[2001:db8::1]:8080", "[2001:db8::1", "2001:db8::1]",
            "fe80::1%eth0", "fe80::1%", "[fe80::1%]:80", "[fe80::1%eth0]:80", "::ffff:1.2.3.4%eth0", "%", "[]", "[]:80", ":",
            "::", "::1", "1::2::3", "1:2:3:4:5:6:7:8:9", "unknown", "", "   ", "[:]", "1.2.3.4.5", "2001:db8::1:80"};
        for (String t : texts) {
            byte[] expected = IpAddresses.bytes(IpAddresses.normalize(t));
            assertEquals(expected == null ? null : java.util.HexFormat.of().formatHex(expected),
                    IpAddresses.bytes(t) == null ? null : java.util.HexFormat.of().formatHex(IpAddresses.bytes(t)), t);
        }
        assertEquals("fe800000000000000000000000000001", java.util.HexFormat.of().formatHex(IpAddresses.bytes("fe80::1%")),
                "a lone % is not a zone to normalize, but the address before it still reads");
        assertNull(IpAddresses.bytes("[fe80::1%]:80"));
    }
}
