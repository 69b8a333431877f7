package io.concurrentsessions.command;

import io.concurrentsessions.scp.CommandException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandOptionsTest {
    private static String error(String... args) {
        return assertThrows(CommandException.class, () -> CommandOptions.parse(List.of(args))).getMessage();
    }

    @Test
    void noOptionsIsTheSeed() throws CommandException {
        CommandOptions o = CommandOptions.parse(List.of());
        assertEquals(2, o.minIps());
        assertEquals(1_000_000, o.maxSessions());
        assertFalse(o.isMap());
        assertEquals(List.of("_time", "Operation", "user", "SessionId", "src_ip", "user_agent", "lat", "lon", "City", "Country",
                "device_id", "device_managed", "device_trust_type", "log",
                "concurrentsessions_state"), o.requiredFields());
        assertEquals("concurrentsessions phase=map", o.mapPreop());
    }

    @Test
    void unknownOptionsAndBareWordsListTheValidOptions() {
        String e = error("min_ip=3");
        assertTrue(e.contains("unknown option \"min_ip\""), e);
        for (String name : List.of("min_ips=<int>", "ip_field=<field>", "ua_field=<field>", "user_field=<field>",
                "session_field=<field>", "operation_field=<field>", "max_sessions=<int>")) {
            assertTrue(e.contains(name), e);
        }
        assertFalse(e.contains("phase="), "internal option not advertised: " + e);
        String bare = error("src_ip");
        assertTrue(bare.contains("unexpected argument \"src_ip\"") && bare.contains("Valid options"), bare);
    }

    @Test
    void badValuesNameOptionValueAndExpectation() {
        assertEquals("concurrentsessions: invalid value \"two\" for option min_ips: expected a whole number from 1 to 2147483647",
                error("min_ips=two"));
        assertTrue(error("min_ips=0").contains("from 1"));
        assertTrue(error("max_sessions=-5").contains("invalid value \"-5\" for option max_sessions"));
        assertTrue(error("ip_field=src ip").contains("expected a field name"));
        assertTrue(error("ip_field=").contains("invalid value \"\" for option ip_field"));
        assertTrue(error("phase=combine").contains("expected one of map, reduce"));
        assertTrue(error("min_ips=3", "min_ips=4").contains("more than once"));
    }

    @Test
    void thePreopRepeatsTheUserOptionsQuotedSafely() throws CommandException {
        CommandOptions o = CommandOptions.parse(List.of("user_field=Actor\\Id", "min_ips=3", "ua_field=ua.x"));
        assertEquals("concurrentsessions phase=map min_ips=\"3\" ua_field=\"ua.x\" user_field=\"Actor\\\\Id\"", o.mapPreop());
        assertTrue(CommandOptions.parse(List.of("phase=map", "min_ips=3")).isMap());
    }

    @Test
    void everyOptionHasHelpAndADefault() {
        for (Option o : Option.values()) {
            assertFalse(o.help().isBlank(), o.name());
            assertFalse(o.defaultValue().isBlank(), o.name());
            assertEquals(o.defaultValue(), o.validate(o.defaultValue()), "the default is a valid value: " + o.name());
            assertEquals(o.defaultValue(Option.STRICT), o.validate(o.defaultValue(Option.STRICT)), "strict default: " + o.name());
        }
    }

    @Test
    void profileStrictDeclaresItsDefaultsAndAGivenValueWins() throws CommandException {
        CommandOptions seed = CommandOptions.parse(List.of());
        assertFalse(seed.strict());
        assertFalse(seed.normalizeIps());
        assertFalse(seed.evidenceScoring());
        CommandOptions strict = CommandOptions.parse(List.of("profile=strict"));
        assertEquals("strict", strict.profile());
        assertTrue(strict.normalizeIps());
        assertTrue(strict.evidenceScoring());
        CommandOptions overridden = CommandOptions.parse(List.of("profile=strict", "normalize_ips=no", "risk_scoring=seed"));
        assertTrue(overridden.strict());
        assertFalse(overridden.normalizeIps());
        assertFalse(overridden.evidenceScoring());
        assertEquals("concurrentsessions phase=map profile=\"strict\" normalize_ips=\"false\" risk_scoring=\"seed\"",
                overridden.mapPreop(), "the map phase gets the same choices, spelled one way");
        assertEquals("profile=strict normalize_ips=false risk_scoring=seed", overridden.toString());
    }

    @Test
    void valuesAreTypedOnceAndWrittenBackCanonically() throws CommandException {
        CommandOptions o = CommandOptions.parse(List.of(" ipv4_prefix=16".strip(), "ipv6_prefix= 48 ", "min_overlap_seconds=600",
                "max_ips_per_session=5", "asn_field=none", "allow_cidrs= 10.0.0.0/8 ,,192.0.2.1"));
        assertEquals(new io.concurrentsessions.detect.EvidenceSettings(16, 48, 600), o.evidenceSettings());
        assertEquals(5, o.maxIpsPerSession());
        assertEquals(null, o.asnField());
        assertEquals(2, o.allowed().size());
        assertTrue(o.mapPreop().endsWith(" ipv6_prefix=\"48\" min_overlap_seconds=\"600\" asn_field=\"none\""
                + " allow_cidrs=\"10.0.0.0/8,192.0.2.1\""), o.mapPreop());
        assertEquals("concurrentsessions: max_ips_per_session=2 is below min_ips=3: no session could be reported. "
                + "Raise max_ips_per_session.", error("min_ips=3", "max_ips_per_session=2"));
        assertEquals("concurrentsessions: invalid value \"33\" for option ipv4_prefix: expected a whole number from 0 to 32",
                error("ipv4_prefix=33"));
        assertEquals("concurrentsessions: invalid value \"maybe\" for option normalize_ips: expected true or false",
                error("normalize_ips=maybe"));
        assertTrue(error("allow_cidrs=10.0.0.0/33").startsWith("concurrentsessions: invalid value \"10.0.0.0/33\" for option "
                + "allow_cidrs: "), error("allow_cidrs=10.0.0.0/33"));
    }

    /** searchbnf.conf is written by hand: every option a user may type has its stanza, with the declared syntax. */
    @Test
    void searchBarHelpHasAStanzaForEveryPublicOption() throws IOException {
        String bnf = Files.readString(Path.of("default", "searchbnf.conf"));
        for (Option o : Option.values()) {
            String stanza = "[concurrentsessions-" + o.optionName().replace('_', '-') + "-option]\nsyntax = " + o.optionName() + "=";
            int at = bnf.indexOf(stanza);
            assertEquals(o.isPublic(), at >= 0, stanza);
            String syntax = at < 0 ? "" : bnf.substring(at + stanza.length(), bnf.indexOf('\n', at + stanza.length()));
            if (syntax.startsWith("(")) {
                assertEquals("(" + o.syntax() + ")", syntax, o.optionName() + ": the choices as declared");
            }
        }
    }
}
