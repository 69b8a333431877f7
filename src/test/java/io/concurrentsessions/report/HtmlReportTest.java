package io.concurrentsessions.report;

import static io.concurrentsessions.report.ReportPages.elements;
import static io.concurrentsessions.report.ReportPages.parse;
import static io.concurrentsessions.report.ReportPages.render;
import static io.concurrentsessions.report.ReportPages.sections;
import static io.concurrentsessions.report.ReportPages.withClass;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.concurrentsessions.detect.Finding;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The report's content, read back as a DOM (the page is well-formed XML by design). */
class HtmlReportTest {
    /** What an attacker controls, with every character that could end text, an attribute, CDATA or the SVG. */
    static final List<String> HOSTILE = List.of("<script>alert(1)</script>", "Mozilla\" onmouseover=\"alert(2)", "O'Brien' onload='x",
            "&amp; &lt;b&gt; &#x3c;", "]]><script>alert(3)</script>", "</svg><img src=x onerror=alert(4)>", "</title></text></g></svg><script>5</script>");

    @Test
    void sampleScanShowsEveryFlaggedSessionWithALaneForEachAddress(@TempDir Path dir) throws Exception {
        String html = Files.readString(ReportPages.scanSample(dir));
        Document doc = parse(html);
        List<Element> sections = sections(doc);
        assertEquals(ReportPages.SAMPLE_SESSIONS.stream().sorted().toList(),
                sections.stream().map(s -> s.getAttribute("data-session")).sorted().toList());
        for (Element s : sections) {
            List<Element> bars = withClass(s, "rect", "bar");
            assertEquals(2, bars.size(), "one bar per address in " + s.getAttribute("data-session"));
            // The engine emits the evidence columns: each bar is its own address's use, no fallback note.
            assertFalse(s.getTextContent().contains("Per-address timing needs the evidence columns"), s.getTextContent());
        }
        String summary = byId(doc, "dl", "summary").getTextContent();
        assertTrue(summary.contains("286 read, 269 matched"), summary);
        assertTrue(summary.contains("samples/ual-sample.jsonl"), summary);
        assertTrue(summary.contains("3 sessions"), summary);
        assertTrue(summary.contains("2024-03-05"), summary);
        Element lidia = section(doc, "db92d65a-243a-444d-bb11-19b1c382295a");
        // Lanes in order of first use: the victim's home address, then the phishing proxy joining later
        // and overlapping it (AiTM), while the roaming user's office bar ends before home begins.
        assertEquals(List.of("203.0.113.19", "192.0.2.66"), laneAddresses(lidia));
        List<Element> lidiaBars = withClass(lidia, "rect", "bar");
        assertTrue(x(lidiaBars.get(1)) > x(lidiaBars.get(0)), "the proxy's lane starts later");
        assertTrue(x(lidiaBars.get(1)) < x(lidiaBars.get(0)) + width(lidiaBars.get(0)), "and overlaps the victim's");
        List<Element> diegoBars = withClass(section(doc, "3f8f8f80-41ca-4a5a-93cb-72bf46013256"), "rect", "bar");
        assertTrue(x(diegoBars.get(0)) + width(diegoBars.get(0)) < x(diegoBars.get(1)), "a move, not concurrent use");
        assertTrue(lidia.getTextContent().contains("HeadlessChrome/121.0.0.0"), "user agents listed");
    }

    @Test
    void pageIsSelfContainedWithAStrictPolicyAndNoScript(@TempDir Path dir) throws Exception {
        String html = Files.readString(ReportPages.scanSample(dir));
        Document doc = parse(html);
        assertEquals(List.of(), elements(doc, "script"));
        assertEquals(List.of(), elements(doc, "link"));
        Element csp = elements(doc, "meta").stream().filter(m -> m.getAttribute("http-equiv").equals("Content-Security-Policy"))
                .findFirst().orElseThrow();
        assertTrue(csp.getAttribute("content").startsWith("default-src 'none'; style-src 'unsafe-inline'; img-src data:"));
        for (Element a : elements(doc, "a")) {
            assertTrue(a.getAttribute("href").startsWith("#session-"), a.getAttribute("href"));
        }
        String withoutNamespaces = html.replace("xmlns=\"http://www.w3.org/1999/xhtml\"", "").replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        for (String url : List.of("http:", "https:", "//", "url(", "@import", "src=")) {
            assertFalse(withoutNamespaces.contains(url), "no URL other than the XHTML and SVG namespaces: " + url);
        }
        assertTrue(html.contains("@media print") && html.contains("break-before: page"), "sessions start on a new printed page");
    }

    @Test
    void evidenceColumnsGiveEachAddressItsOwnTimesAndNetworkColour() throws Exception {
        Document doc = parse(render(ContractRows.sample()));
        Element lidia = section(doc, "db92d65a-243a-444d-bb11-19b1c382295a");
        assertEquals(List.of(), withClass(lidia, "p", "note"), "no degradation note with the evidence columns");
        // Lanes in order of first use: the victim's home address, then the proxy that replayed the cookie.
        assertEquals(List.of("203.0.113.19", "192.0.2.66"), laneAddresses(lidia));
        List<Element> bars = withClass(lidia, "rect", "bar");
        double homeX = Double.parseDouble(bars.get(0).getAttribute("x"));
        double proxyX = Double.parseDouble(bars.get(1).getAttribute("x"));
        assertTrue(proxyX > homeX + 100, "the proxy starts 18 minutes later: " + homeX + " vs " + proxyX);
        assertNotEquals(bars.get(0).getAttribute("fill"), bars.get(1).getAttribute("fill"), "two networks, two colours");
        List<Element> overlap = withClass(lidia, "rect", "overlap");
        assertEquals(1, overlap.size(), "the concurrent use is drawn");
        assertTrue(overlap.get(0).getTextContent().contains("203.0.113.0/24 and 192.0.2.0/24 both in use for 35 min"),
                overlap.get(0).getTextContent());
        String evidence = withClass(lidia, "aside", "evidence").get(0).getTextContent();
        for (String expected : List.of("80", "2 networks used concurrently for 2100 s", "impossible travel 7800 km/h", "yes, overlap 35 min",
                "7800 km/h", "User agents (2)", "user agent changed with network", "Amsterdam, Netherlands")) {
            assertTrue(evidence.contains(expected) || lidia.getTextContent().contains(expected), expected + " in " + evidence);
        }
        assertTrue(lidia.getTextContent().contains("9 events"), "event count on the lane");

        Element diego = section(doc, "3f8f8f80-41ca-4a5a-93cb-72bf46013256");
        assertEquals(List.of(), withClass(diego, "rect", "overlap"), "a move from office to home is not concurrent");
        assertTrue(diego.getTextContent().contains("no (addresses used one after another)"));
        Element pradeep = section(doc, "6154fe34-cf6a-4165-9898-332ba033da40");
        assertTrue(pradeep.getTextContent().contains("unknown (no locations)"), "empty max_travel_kmh is unknown, not 0");
        assertEquals(List.of("6154fe34-cf6a-4165-9898-332ba033da40", "db92d65a-243a-444d-bb11-19b1c382295a",
                "3f8f8f80-41ca-4a5a-93cb-72bf46013256").stream().sorted().toList(),
                sections(doc).stream().map(s -> s.getAttribute("data-session")).sorted().toList());
        assertEquals("db92d65a-243a-444d-bb11-19b1c382295a", sections(doc).get(0).getAttribute("data-session"), "highest risk first");
    }

    @Test
    void evidenceNotAlignedWithIpsFallsBackToTheSessionSpanAndSaysWhy() throws Exception {
        Finding row = ContractRows.withNetworks(ContractRows.sample().get(1), List.of("192.0.2.0/24"));
        Document doc = parse(render(List.of(row)));
        Element s = sections(doc).get(0);
        assertTrue(s.getTextContent().contains("ip_network has 1 values for 2 addresses"), s.getTextContent());
        List<Element> bars = withClass(s, "rect", "bar");
        assertEquals(2, bars.size());
        assertEquals(bars.get(0).getAttribute("x"), bars.get(1).getAttribute("x"));
    }

    @Test
    void hostileValuesAreTextNeverMarkup() throws Exception {
        Finding row = ContractRows.withEvidence(
                ContractRows.seed(HOSTILE.get(0), HOSTILE.get(1), 1709629925, 1709633162, List.of(HOSTILE.get(5), HOSTILE.get(4)), HOSTILE),
                List.of("1709629925", "1709631000"), List.of("1709633162", "1709633100"), List.of("3", "4"),
                List.of(HOSTILE.get(2), HOSTILE.get(3)), List.of(HOSTILE.get(6), "unknown"), true, 60, "5", HOSTILE, 50);
        String html = render(List.of(row));
        Document doc = parse(html); // well-formed: no value closed an element or attribute
        assertEquals(List.of(), elements(doc, "script"));
        assertEquals(List.of(), elements(doc, "img"));
        assertEquals(1, elements(doc, "svg").size());
        Element s = sections(doc).get(0);
        assertEquals(HOSTILE.get(1), s.getAttribute("data-session"), "attribute value round-trips exactly");
        assertEquals(HOSTILE, items(s, "user-agents"));
        assertEquals(HOSTILE, items(s, "reasons"));
        assertEquals(HOSTILE.get(0), elements(s, "h2").get(0).getTextContent().substring(3));
        List<String> titles = elements(s, "title").stream().map(Element::getTextContent).toList();
        assertTrue(titles.stream().anyMatch(t -> t.startsWith(HOSTILE.get(5) + ": in use")), "SVG <title> holds the address as text: " + titles);
        assertTrue(titles.stream().anyMatch(t -> t.contains(HOSTILE.get(6))), "location in the lane's title: " + titles);
        assertTrue(titles.stream().anyMatch(t -> t.startsWith(HOSTILE.get(2) + " and " + HOSTILE.get(3))), "networks in the overlap's title");
        for (String raw : List.of("<script", "<img", "</g></svg><script", "]]>", "onerror=alert(4)>", "\" onmouseover", "' onload")) {
            assertFalse(html.contains(raw), raw + " written raw");
        }
    }

    @Test
    void controlAndBidiCharactersAreShownNotObeyed() throws Exception {
        String user = "admin\u202Egpj.exe\u0000\u001b[31m";
        Document doc = parse(render(List.of(ContractRows.seed(user, "s", 1, 2, List.of("a", "b"), List.of("ua")))));
        assertEquals("1. admin\\u202egpj.exe\\x00\\x1b[31m", elements(doc, "h2").get(0).getTextContent());
    }

    @Test
    void noFindingsStillWritesAPage() throws Exception {
        Document doc = parse(render(List.of()));
        assertEquals("No session was used from more than one IP address.", byId(doc, "p", "no-findings").getTextContent());
        assertEquals("0 sessions", byId(doc, "dd", "flagged-count").getTextContent());
    }

    @Test
    void unknownFormatNamesHtml() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = io.concurrentsessions.cli.ScanCommand.run(new String[] {"--format", "htm", "x.json"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, exit);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("use table, json, csv or html"), err.toString(StandardCharsets.UTF_8));
    }

    private static List<String> items(Element section, String listClass) {
        return elements(withClass(section, "ul", listClass).get(0), "li").stream().map(Element::getTextContent).toList();
    }

    static List<String> laneAddresses(Element section) {
        return withClass(section, "text", "label").stream().map(t -> t.getFirstChild().getNodeValue().split(" ")[0]).toList();
    }

    private static Element section(Document doc, String sessionId) {
        return sections(doc).stream().filter(s -> s.getAttribute("data-session").equals(sessionId)).findFirst().orElseThrow();
    }

    private static Element byId(Document doc, String tag, String id) {
        return elements(doc, tag).stream().filter(e -> e.getAttribute("id").equals(id)).findFirst().orElseThrow();
    }

    private static double x(Element bar) {
        return Double.parseDouble(bar.getAttribute("x"));
    }

    private static double width(Element bar) {
        return Double.parseDouble(bar.getAttribute("width"));
    }
}
