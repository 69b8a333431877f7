package io.concurrentsessions.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.concurrentsessions.cli.ScanCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The shipped Dashboard Studio view: well-formed XML around a JSON definition, every search reads
 * only fields concurrentsessions emits (or that the search made itself), every visualization and
 * layout item points at something that exists, every token is defined.
 */
class DashboardTest {
    static final Path VIEW = Path.of("default", "data", "ui", "views", "concurrent_sessions.xml");
    static final Path NAV = Path.of("default", "data", "ui", "nav", "default.xml");
    /** The seed's columns and annotations, in order (EVIDENCE_CONTRACT.md). */
    static final List<String> SEED = List.of("Operation", "user", "SessionId", "firstTime", "lastTime", "ips", "user_agents",
            "risk_score", "risk_object", "risk_object_type", "risk_message", "mitre_technique_id");
    /** The evidence columns appended after them (EVIDENCE_CONTRACT.md). */
    static final List<String> EVIDENCE = List.of("ip_first_seen", "ip_last_seen", "ip_event_count", "ip_network", "ip_location",
            "network_count", "concurrent", "overlap_seconds", "max_travel_kmh", "asns", "asn_count", "user_agent_count",
            "ua_changed_with_ip", "reasons", "profile", "ip_client", "client_changed_with_ip",
            "ip_device", "device_changed_with_ip", "ip_log");
    static final Set<String> EMITTED = new LinkedHashSet<>();
    private static final Pattern TOKEN = Pattern.compile("\\$([A-Za-z_]\\w*)(\\.[\\w.]+)?(\\|\\w+)?\\$");
    private static final Pattern SERIES = Pattern.compile("seriesByName\\('([^']+)'\\)");

    static Document xml;
    static JsonObject definition;

    @BeforeAll
    static void read() throws Exception {
        EMITTED.addAll(SEED);
        EMITTED.addAll(EVIDENCE);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        xml = f.newDocumentBuilder().parse(VIEW.toFile());
        definition = JsonParser.parseString(child(xml.getDocumentElement(), "definition").getTextContent()).getAsJsonObject();
    }

    @Test
    void isAStudioViewWithLabelAndDefinition() {
        Element root = xml.getDocumentElement();
        assertEquals("dashboard", root.getTagName());
        assertEquals("2", root.getAttribute("version"), "version=\"2\" is Dashboard Studio");
        assertFalse(child(root, "label").getTextContent().isBlank());
        assertEquals(Node.CDATA_SECTION_NODE, nonBlankChild(child(root, "definition")).getNodeType(), "JSON in CDATA");
        for (String section : List.of("dataSources", "visualizations", "layout", "inputs")) {
            assertTrue(definition.has(section), section);
        }
        assertEquals("absolute", definition.getAsJsonObject("layout").get("type").getAsString());
    }

    /** The contract's column names are what the engine on main emits today (the seed part) or will emit (the rest). */
    @Test
    void seedColumnsAreWhatTheScannerEmits() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = ScanCommand.run(new String[] {"samples/ual-sample.jsonl", "--format", "json", "--no-progress"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, exit);
        JsonArray rows = JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonArray();
        assertFalse(rows.isEmpty());
        List<String> columns = new ArrayList<>(rows.get(0).getAsJsonObject().keySet());
        assertEquals(SEED, columns.subList(0, SEED.size()), "seed columns first, in order");
        assertTrue(EMITTED.containsAll(columns), "every emitted column is in the contract: " + columns);
    }

    @Test
    void everySearchReadsOnlyEmittedOrCreatedFields() {
        Map<String, JsonElement> sources = definition.getAsJsonObject("dataSources").asMap();
        assertTrue(sources.size() >= 5);
        for (String id : sources.keySet()) {
            SplFields.Result r = SplFields.check(pipeline(id), EMITTED);
            assertEquals(List.of(), r.problems(), id);
        }
    }

    @Test
    void theBaseSearchIsTheDetectionWithTheAppsMacros() throws Exception {
        ConfFile macros = ConfFile.read(Path.of("default", "macros.conf"));
        Set<String> used = new LinkedHashSet<>();
        for (String id : definition.getAsJsonObject("dataSources").keySet()) {
            Matcher m = Pattern.compile("`(\\w+)(\\(([^)]*)\\))?`").matcher(pipeline(id));
            while (m.find()) {
                String name = m.group(2) == null ? m.group(1) : m.group(1) + "(" + m.group(3).split(",").length + ")";
                assertTrue(macros.stanzas().containsKey(name), "macro " + name + " is defined in macros.conf");
                used.add(m.group(1));
            }
        }
        assertEquals(Set.of("o365_management_activity", "o365_concurrent_sessions_from_different_ips_filter", "security_content_ctime"), used);
        JsonObject base = source("ds_flagged");
        assertEquals("ds.search", base.get("type").getAsString());
        assertEquals("`o365_management_activity` Workload=AzureActiveDirectory Operation=UserLoggedIn | concurrentsessions"
                + " | `o365_concurrent_sessions_from_different_ips_filter`", base.getAsJsonObject("options").get("query").getAsString());
        JsonObject time = base.getAsJsonObject("options").getAsJsonObject("queryParameters");
        assertEquals("$global_time.earliest$", time.get("earliest").getAsString());
        assertEquals("$global_time.latest$", time.get("latest").getAsString());
        // One search runs concurrentsessions; every other panel post-processes it.
        for (String id : definition.getAsJsonObject("dataSources").keySet()) {
            if (!id.equals("ds_flagged")) {
                assertEquals("ds.chain", source(id).get("type").getAsString(), id);
            }
        }
    }

    @Test
    void visualizationsAndLayoutReferToWhatExists() {
        JsonObject sources = definition.getAsJsonObject("dataSources");
        JsonObject vizzes = definition.getAsJsonObject("visualizations");
        for (var e : vizzes.entrySet()) {
            JsonObject viz = e.getValue().getAsJsonObject();
            assertTrue(viz.get("type").getAsString().startsWith("splunk."), e.getKey());
            if (!viz.has("dataSources")) {
                assertEquals("splunk.markdown", viz.get("type").getAsString(), e.getKey() + " has no data source");
                continue;
            }
            for (var ds : viz.getAsJsonObject("dataSources").entrySet()) {
                assertTrue(sources.has(ds.getValue().getAsString()), e.getKey() + " -> " + ds.getValue());
            }
            String primary = viz.getAsJsonObject("dataSources").get("primary").getAsString();
            Set<String> output = SplFields.check(pipeline(primary), EMITTED).output();
            String options = viz.has("options") ? viz.get("options").toString() : "";
            Matcher series = SERIES.matcher(options);
            while (series.find()) {
                assertTrue(output.contains(series.group(1)), e.getKey() + " shows " + series.group(1) + ", not in " + output);
            }
            if (viz.has("options") && viz.getAsJsonObject("options").has("seriesColorsByField")) {
                for (String field : viz.getAsJsonObject("options").getAsJsonObject("seriesColorsByField").keySet()) {
                    assertTrue(output.contains(field), e.getKey() + " colours " + field + ", not in " + output);
                }
            }
            for (String key : drilldownKeys(viz)) {
                Matcher row = Pattern.compile("row\\.(\\w+)\\.value").matcher(key);
                assertTrue(row.matches(), key);
                assertTrue(output.contains(row.group(1)), e.getKey() + " drills down on " + row.group(1) + ", not in " + output);
            }
        }
        JsonObject layout = definition.getAsJsonObject("layout");
        Set<String> placed = new LinkedHashSet<>();
        for (JsonElement item : layout.getAsJsonArray("structure")) {
            String name = item.getAsJsonObject().get("item").getAsString();
            assertTrue(vizzes.has(name), "layout places " + name);
            placed.add(name);
        }
        assertEquals(vizzes.keySet(), placed, "every visualization is placed");
        for (JsonElement input : layout.getAsJsonArray("globalInputs")) {
            assertTrue(definition.getAsJsonObject("inputs").has(input.getAsString()), input.getAsString());
        }
    }

    @Test
    void everyTokenUsedIsDefinedAndDrilldownTokensHaveDefaults() {
        Set<String> defined = new LinkedHashSet<>();
        for (JsonElement input : definition.getAsJsonObject("inputs").asMap().values()) {
            defined.add(input.getAsJsonObject().getAsJsonObject("options").get("token").getAsString());
        }
        Set<String> drilldown = new LinkedHashSet<>();
        for (JsonElement viz : definition.getAsJsonObject("visualizations").asMap().values()) {
            drilldown.addAll(drilldownTokens(viz.getAsJsonObject()));
        }
        assertEquals(Set.of("sid", "suser"), drilldown, "the session table sets the selected session");
        defined.addAll(drilldown);
        Set<String> defaults = definition.getAsJsonObject("defaults").getAsJsonObject("tokens").getAsJsonObject("default").keySet();
        assertTrue(defaults.containsAll(drilldown), "panels render before the first click: " + defaults);

        Set<String> used = new LinkedHashSet<>();
        Matcher m = TOKEN.matcher(definition.toString());
        while (m.find()) {
            used.add(m.group(1));
        }
        assertTrue(used.containsAll(Set.of("global_time", "sid", "suser")), used.toString());
        assertTrue(defined.containsAll(used), "undefined tokens: " + used + " vs " + defined);
        for (String id : List.of("ds_addresses", "ds_evidence")) {
            String query = source(id).getAsJsonObject("options").get("query").getAsString();
            assertTrue(query.contains("SessionId=$sid|s$ user=$suser|s$"), id + " follows the selection, quoted: " + query);
        }
    }

    @Test
    void theCheckerCatchesAMisspeltFieldAnUnknownCommandAndAFieldDroppedByStats() {
        String base = "`o365_management_activity` | concurrentsessions";
        assertEquals(List.of("ip_frist_seen is neither emitted by concurrentsessions nor created earlier (in: table ips ip_frist_seen)"),
                SplFields.check(base + " | table ips ip_frist_seen", EMITTED).problems());
        assertEquals(1, SplFields.check(base + " | lookup geo ips", EMITTED).problems().size());
        assertEquals(1, SplFields.check(base + " | stats count by user | table user ips", EMITTED).problems().size());
        assertEquals(List.of(), SplFields.check(base + " | eval n=mvcount(ips), m=n*2 | where m > 2 AND 'n'=\"x y\"", EMITTED).problems());
        assertEquals(1, SplFields.check(base + " | eval m=n*2, n=1", EMITTED).problems().size(), "n used before it is made");
    }

    @Test
    void appIsVisibleWithThisViewAsDefault() throws Exception {
        ConfFile app = ConfFile.read(Path.of("default", "app.conf"));
        assertEquals("true", app.value("ui", "is_visible"));
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document nav = f.newDocumentBuilder().parse(NAV.toFile());
        List<String> defaults = new ArrayList<>();
        var views = nav.getElementsByTagName("view");
        for (int i = 0; i < views.getLength(); i++) {
            Element v = (Element) views.item(i);
            if ("true".equals(v.getAttribute("default"))) {
                defaults.add(v.getAttribute("name"));
            }
        }
        assertEquals(List.of("concurrent_sessions"), defaults);
        assertTrue(Files.exists(VIEW.resolveSibling(defaults.get(0) + ".xml")));
    }

    /** A data source's whole search: a chain is its base's search followed by its own commands. */
    static String pipeline(String id) {
        JsonObject ds = source(id);
        String query = ds.getAsJsonObject("options").get("query").getAsString();
        if (ds.get("type").getAsString().equals("ds.chain")) {
            String base = ds.getAsJsonObject("options").get("extend").getAsString();
            assertNotNull(definition.getAsJsonObject("dataSources").get(base), id + " extends " + base);
            return pipeline(base) + " " + query;
        }
        assertEquals("ds.search", ds.get("type").getAsString(), id);
        return query;
    }

    private static JsonObject source(String id) {
        return definition.getAsJsonObject("dataSources").getAsJsonObject(id);
    }

    private static List<String> drilldownKeys(JsonObject viz) {
        List<String> keys = new ArrayList<>();
        for (JsonObject t : setTokens(viz)) {
            keys.add(t.get("key").getAsString());
        }
        return keys;
    }

    private static List<String> drilldownTokens(JsonObject viz) {
        return setTokens(viz).stream().map(t -> t.get("token").getAsString()).toList();
    }

    private static List<JsonObject> setTokens(JsonObject viz) {
        List<JsonObject> out = new ArrayList<>();
        if (viz.has("eventHandlers")) {
            for (JsonElement h : viz.getAsJsonArray("eventHandlers")) {
                if (h.getAsJsonObject().get("type").getAsString().equals("drilldown.setToken")) {
                    h.getAsJsonObject().getAsJsonObject("options").getAsJsonArray("tokens").forEach(t -> out.add(t.getAsJsonObject()));
                }
            }
        }
        return out;
    }

    private static Element child(Element parent, String tag) {
        var nodes = parent.getElementsByTagName(tag);
        assertEquals(1, nodes.getLength(), "one <" + tag + ">");
        return (Element) nodes.item(0);
    }

    private static Node nonBlankChild(Element e) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!n.getTextContent().isBlank()) {
                return n;
            }
        }
        throw new AssertionError("empty <" + e.getTagName() + ">");
    }
}
