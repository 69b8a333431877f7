package io.concurrentsessions.command;

import io.concurrentsessions.scp.CommandException;
import org.junit.jupiter.api.Test;

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
        assertEquals(List.of("_time", "Operation", "user", "SessionId", "src_ip", "user_agent", "concurrentsessions_state"), o.requiredFields());
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
        }
    }
}
