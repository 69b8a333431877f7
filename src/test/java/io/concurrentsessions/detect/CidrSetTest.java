package io.concurrentsessions.detect;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CidrSetTest {
    @Test
    void edgesOfIpv4RangesAreInsideAndTheirNeighboursOutside() {
        CidrSet s = CidrSet.parse(List.of("192.0.2.0/24", " 10.0.0.0/8 ", "203.0.113.7"));
        assertTrue(s.contains("192.0.2.0"));
        assertTrue(s.contains("192.0.2.255"));
        assertFalse(s.contains("192.0.1.255"));
        assertFalse(s.contains("192.0.3.0"));
        assertTrue(s.contains("10.255.255.255"));
        assertFalse(s.contains("11.0.0.0"));
        assertTrue(s.contains("203.0.113.7"));
        assertFalse(s.contains("203.0.113.8"));
        assertEquals(3, s.size());
    }

    @Test
    void anyAddressSpellingMatchesAndMappedAddressesAreTheirIpv4() {
        CidrSet s = CidrSet.parse(List.of("192.0.2.0/24", "2001:db8:bad::/48"));
        assertTrue(s.contains("192.0.2.9:443"));
        assertTrue(s.contains("::ffff:192.0.2.9"));
        assertTrue(s.contains("[::ffff:c000:209]:443"));
        assertTrue(s.contains("2001:DB8:BAD:ffff::1"));
        assertTrue(s.contains("[2001:db8:bad::1]:443"));
        assertTrue(s.contains("fe80::1%eth0") == false);
        assertFalse(s.contains("2001:db8:bae::"));
        assertFalse(s.contains("unknown"));
        assertFalse(s.contains(""));
    }

    @Test
    void mappedCidrsAreIpv4RangesAndTheWholeMappedBlockIsAllIpv4() {
        CidrSet mapped = CidrSet.parse(List.of("::ffff:198.51.100.0/120"));
        assertTrue(mapped.contains("198.51.100.1"));
        assertTrue(mapped.contains("::ffff:198.51.100.255"));
        assertFalse(mapped.contains("198.51.101.0"));
        CidrSet all = CidrSet.parse(List.of("::ffff:0:0/96"));
        assertTrue(all.contains("8.8.8.8"));
        assertFalse(all.contains("2001:db8::1"));
        CidrSet everything6 = CidrSet.parse(List.of("::/0"));
        assertTrue(everything6.contains("2001:db8::1") && everything6.contains("1.2.3.4"));
    }

    @Test
    void zonesAreIgnoredHostBitsMaskedAndRangesMerge() {
        assertTrue(CidrSet.parse(List.of("fe80::/10")).contains("fe80::1%eth0"));
        CidrSet s = CidrSet.parse(List.of("10.1.2.3/8", "10.0.0.0/9", "11.0.0.0/8", "0.0.0.0/0"));
        assertTrue(s.contains("255.255.255.255") && s.contains("0.0.0.0"));
        CidrSet top = CidrSet.parse(List.of("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ff00/120", "::/128"));
        assertTrue(top.contains("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
        assertTrue(top.contains("::"));
        assertFalse(top.contains("::1"));
    }

    @Test
    void badEntriesAreNamed() {
        for (String bad : List.of("192.0.2.0/33", "2001:db8::/129", "192.0.2/24", "10.0.0.0/x", "host.example", "1.2.3.4:80",
                "[2001:db8::1]", "fe80::1%eth0/64", "10.0.0.0/-1")) {
            String m = assertThrows(IllegalArgumentException.class, () -> CidrSet.parse(List.of("10.0.0.0/8", bad))).getMessage();
            assertTrue(m.contains(bad), m);
        }
        assertTrue(CidrSet.parse(List.of("", " ")).isEmpty());
    }
}
