package io.concurrentsessions.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.concurrentsessions.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every shipped .conf checked against Splunk 9.2's specs, and the content the app promises. */
class ShippedConfTest {
    static final String SPECS = "splunk-spec/9.2";
    static final Path OWN_SPECS = Path.of("src", "test", "resources", "splunk-spec");
    static final String SAVED_SEARCH = "O365 Concurrent Sessions From Different Ips - Rule";
    static final String SIGN_IN_SEARCH = "Azure AD Concurrent Sessions From Different Ips - Rule";

    static Stream<Path> shippedConfs() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> defaults = Files.list(Path.of("default"))) {
            defaults.filter(p -> p.toString().endsWith(".conf")).sorted().forEach(files::add);
        }
        files.add(Path.of("metadata", "default.meta"));
        return files.stream();
    }

    static ConfSpec specFor(String fileName) throws IOException {
        String specName = fileName + ".spec";
        Path spec = OWN_SPECS.resolve(specName);
        if (!Files.exists(spec)) {
            spec = Fixtures.shared(SPECS).resolve(specName);
        }
        assertTrue(Files.exists(spec), "no spec for " + fileName + " in " + SPECS + " or " + OWN_SPECS);
        return ConfSpec.read(spec);
    }

    @ParameterizedTest
    @MethodSource("shippedConfs")
    void everyStanzaAndKeyIsInTheSpec(Path conf) throws IOException {
        ConfFile file = ConfFile.read(conf);
        assertEquals(List.of(), specFor(file.name()).undocumented(file));
    }

    @Test
    void aMisspeltKeyFails() throws IOException {
        ConfFile bad = ConfFile.parse("commands.conf", "[concurrentsessions]\nchunkd = true\nfilename = x.sh\n");
        List<String> problems = specFor("commands.conf").undocumented(bad);
        assertEquals(List.of("commands.conf:2 [concurrentsessions] chunkd is not in commands.conf.spec"), problems);
    }

    @Test
    void aKeyInTheWrongStanzaFails() throws IOException {
        ConfFile bad = ConfFile.parse("app.conf", "[launcher]\nversion = 1.0.0\n[lancher]\nauthor = me\n[ui]\nbuild = 1\n");
        assertEquals(List.of("app.conf:4 [lancher] author is not in app.conf.spec",
                "app.conf:6 [ui] build is not in app.conf.spec"), specFor("app.conf").undocumented(bad));
    }

    @Test
    void esActionKeysPassThroughTheGenericActionPatternButTyposDoNot() throws IOException {
        ConfFile conf = ConfFile.parse("savedsearches.conf",
                "[x]\naction.notable.param.rule_title = t\ncron_schedul = 0 * * * *\nalert.supress = 1\n");
        assertEquals(List.of("savedsearches.conf:3 [x] cron_schedul is not in savedsearches.conf.spec",
                "savedsearches.conf:4 [x] alert.supress is not in savedsearches.conf.spec"),
                specFor("savedsearches.conf").undocumented(conf));
    }

    @Test
    void commandUsesOnlyKeysAppInspectAcceptsForChunkedCommands() throws IOException {
        ConfFile commands = ConfFile.read(Path.of("default", "commands.conf"));
        var stanza = commands.stanzas().get("concurrentsessions");
        assertNotNull(stanza);
        assertEquals("true", stanza.get("chunked").value());
        Set<String> honoured = Set.of("chunked", "filename", "is_risky", "maxwait", "maxchunksize");
        for (String key : stanza.keySet()) {
            assertTrue(honoured.contains(key) || key.startsWith("command.arg."), key + " is ignored or failed for chunked commands");
        }
    }

    @Test
    void searchBarHelpHasNoKeysOutsideThe9xSpec() throws IOException {
        ConfFile bnf = ConfFile.read(Path.of("default", "searchbnf.conf"));
        var command = bnf.stanzas().get("concurrentsessions-command");
        assertNotNull(command);
        for (String key : List.of("syntax", "shortdesc", "description", "usage", "example1", "comment1", "tags", "related")) {
            assertNotNull(command.get(key), key);
        }
        assertEquals("public", command.get("usage").value());
        bnf.stanzas().values().forEach(keys -> {
            for (String banned : List.of("category", "maintainer", "appears-in")) {
                assertFalse(keys.containsKey(banned), banned);
            }
        });
        for (String option : List.of("min_ips", "max_sessions", "ip_field", "ua_field", "user_field", "session_field", "operation_field",
                "profile", "normalize_ips", "allow_cidrs", "allow_cidrs_lookup", "max_ips_per_session", "ipv4_prefix", "ipv6_prefix",
                "min_overlap_seconds", "asn_field", "risk_scoring")) {
            String stanza = "concurrentsessions-" + option.replace('_', '-') + "-option";
            assertTrue(bnf.stanzas().containsKey(stanza), stanza);
            assertTrue(command.get("syntax").value().contains("<" + stanza + ">"), "syntax refers to " + stanza);
            assertTrue(bnf.value(stanza, "syntax").startsWith(option + "="), stanza);
        }
        // every option of the evidence issue has an example search using it
        List<String> examples = new java.util.ArrayList<>();
        command.forEach((key, value) -> {
            if (key.startsWith("example")) {
                examples.add(value.value());
            }
        });
        for (String option : List.of("profile=strict", "normalize_ips=", "allow_cidrs=", "allow_cidrs_lookup=", "max_ips_per_session=",
                "ipv4_prefix=", "ipv6_prefix=", "min_overlap_seconds=", "asn_field=", "risk_scoring=")) {
            assertTrue(examples.stream().anyMatch(e -> e.contains(" " + option)), "an example uses " + option);
        }
    }

    @Test
    void macrosAreTheSecurityContentOnes() throws IOException {
        ConfFile macros = ConfFile.read(Path.of("default", "macros.conf"));
        assertEquals("sourcetype=o365:management:activity", macros.value("o365_management_activity", "definition"));
        assertEquals("field", macros.value("security_content_ctime(1)", "args"));
        assertEquals("convert timeformat=\"%Y-%m-%dT%H:%M:%S\" ctime($field$)", macros.value("security_content_ctime(1)", "definition"));
        assertEquals("search *", macros.value("o365_concurrent_sessions_from_different_ips_filter", "definition"));
        assertNotNull(macros.value("o365_concurrent_sessions_from_different_ips_filter", "description"));
    }

    @Test
    void savedSearchIsADisabledScheduledAlertAndCorrelationSearch() throws IOException {
        ConfFile saved = ConfFile.read(Path.of("default", "savedsearches.conf"));
        assertEquals("`o365_management_activity` Workload=AzureActiveDirectory Operation=UserLoggedIn | concurrentsessions"
                + " | `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)`"
                + " | `o365_concurrent_sessions_from_different_ips_filter`", saved.value(SAVED_SEARCH, "search"));
        assertEquals("1", saved.value(SAVED_SEARCH, "disabled"));
        assertEquals("1", saved.value(SAVED_SEARCH, "enableSched"));
        assertTrue(saved.value(SAVED_SEARCH, "cron_schedule").matches("\\d+ \\* \\* \\* \\*"), "hourly");
        assertEquals("-70m@m", saved.value(SAVED_SEARCH, "dispatch.earliest_time"));
        assertEquals("-10m@m", saved.value(SAVED_SEARCH, "dispatch.latest_time"));
        assertEquals("number of events", saved.value(SAVED_SEARCH, "counttype"));
        assertEquals("greater than", saved.value(SAVED_SEARCH, "relation"));
        assertEquals("0", saved.value(SAVED_SEARCH, "quantity"));
        assertEquals("user", saved.value(SAVED_SEARCH, "alert.suppress.fields"));
        assertEquals("86400s", saved.value(SAVED_SEARCH, "alert.suppress.period"));

        JsonObject annotations = JsonParser.parseString(saved.value(SAVED_SEARCH, "action.correlationsearch.annotations")).getAsJsonObject();
        assertEquals("T1185", annotations.getAsJsonArray("mitre_attack").get(0).getAsString());
        assertEquals("Office 365 Account Takeover", annotations.getAsJsonArray("analytic_story").get(0).getAsString());
        assertTrue(saved.value(SAVED_SEARCH, "action.notable.param.rule_title").contains("$user$"));

        JsonArray risk = JsonParser.parseString(saved.value(SAVED_SEARCH, "action.risk.param._risk")).getAsJsonArray();
        JsonObject object = risk.get(0).getAsJsonObject();
        assertEquals("user", object.get("risk_object_field").getAsString());
        assertEquals("user", object.get("risk_object_type").getAsString());
        assertEquals(42, object.get("risk_score").getAsInt());
        JsonObject threat = risk.get(1).getAsJsonObject();
        assertEquals("ips", threat.get("threat_object_field").getAsString());
        assertEquals("ip_address", threat.get("threat_object_type").getAsString());
        assertEquals("User $user$ has logged in with the same session id from more than one unique IP address",
                saved.value(SAVED_SEARCH, "action.risk.param._risk_message"));
        JsonParser.parseString(saved.value(SAVED_SEARCH, "action.notable.param.drilldown_searches")).getAsJsonArray();
    }

    @Test
    void signInMacrosAreTheAddOnSourcetypeAndAnEmptyFilter() throws IOException {
        ConfFile macros = ConfFile.read(Path.of("default", "macros.conf"));
        assertEquals("sourcetype=azure:monitor:aad", macros.value("azure_monitor_aad", "definition"));
        assertEquals("search *", macros.value("azure_ad_concurrent_sessions_from_different_ips_filter", "definition"));
        assertNotNull(macros.value("azure_ad_concurrent_sessions_from_different_ips_filter", "description"));
    }

    @Test
    void signInSearchIsShippedDisabledLikeTheFirstAndItsOptionsParse() throws Exception {
        ConfFile saved = ConfFile.read(Path.of("default", "savedsearches.conf"));
        String search = saved.value(SIGN_IN_SEARCH, "search");
        assertTrue(search.startsWith("`azure_monitor_aad` category IN (SignInLogs, NonInteractiveUserSignInLogs)"
                + " properties.status.errorCode=0 | rename properties.* as * |"), search);
        assertTrue(search.contains("City='location.city', Country='location.countryOrRegion',"
                + " lat='location.geoCoordinates.latitude', lon='location.geoCoordinates.longitude'"), search);
        assertTrue(search.endsWith("| `azure_ad_concurrent_sessions_from_different_ips_filter`"), search);
        // The command's arguments as the search writes them are accepted by the command's own parser.
        String args = search.substring(search.indexOf("| concurrentsessions ") + "| concurrentsessions ".length());
        args = args.substring(0, args.indexOf(" |"));
        var options = io.concurrentsessions.command.CommandOptions.parse(List.of(args.split(" ")));
        assertEquals("userPrincipalName", options.userField());
        assertEquals("ipAddress", options.ipField());
        assertEquals("userAgent", options.userAgentField());
        assertEquals("sessionId", options.sessionField());
        // Interactive and non-interactive sign-ins of one session are one group: by user and session id only.
        assertNull(options.grouping().operationField());
        assertEquals("sessionId", options.grouping().sessionField());

        for (String key : List.of("disabled", "enableSched", "dispatch.earliest_time", "dispatch.latest_time", "counttype",
                "relation", "quantity", "alert.suppress", "alert.suppress.period", "action.notable", "action.risk",
                "action.correlationsearch.enabled", "action.notable.param.security_domain", "action.notable.param.severity")) {
            assertEquals(saved.value(SAVED_SEARCH, key), saved.value(SIGN_IN_SEARCH, key), key);
        }
        assertEquals("1", saved.value(SIGN_IN_SEARCH, "disabled"));
        // The command's rows keep the seed's column names whatever the field options: user, SessionId.
        assertEquals("user", saved.value(SIGN_IN_SEARCH, "alert.suppress.fields"));
        JsonArray risk = JsonParser.parseString(saved.value(SIGN_IN_SEARCH, "action.risk.param._risk")).getAsJsonArray();
        assertEquals("user", risk.get(0).getAsJsonObject().get("risk_object_field").getAsString());
        assertEquals(42, risk.get(0).getAsJsonObject().get("risk_score").getAsInt());
        assertEquals("ips", risk.get(1).getAsJsonObject().get("threat_object_field").getAsString());
        assertTrue(saved.value(SIGN_IN_SEARCH, "action.notable.param.rule_title").contains("$user$"));
        JsonParser.parseString(saved.value(SIGN_IN_SEARCH, "action.notable.param.drilldown_searches")).getAsJsonArray();
        JsonObject annotations = JsonParser.parseString(saved.value(SIGN_IN_SEARCH, "action.correlationsearch.annotations"))
                .getAsJsonObject();
        assertEquals("T1185", annotations.getAsJsonArray("mitre_attack").get(0).getAsString());

        ConfFile bnf = ConfFile.read(Path.of("default", "searchbnf.conf"));
        List<String> examples = new ArrayList<>();
        bnf.stanzas().get("concurrentsessions-command").forEach((key, value) -> {
            if (key.startsWith("example")) {
                examples.add(value.value());
            }
        });
        assertTrue(examples.stream().anyMatch(e -> e.startsWith("`azure_monitor_aad`") && e.contains("session_field=sessionId")));
    }

    @Test
    void everythingIsExportedSystemWide() throws IOException {
        ConfFile meta = ConfFile.read(Path.of("metadata", "default.meta"));
        assertEquals("system", meta.value("", "export"));
        assertTrue(meta.value("", "access").matches("read : \\[ \\* \\], write : \\[ admin(, sc_admin)? \\]"));
    }
}
