package io.concurrentsessions.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import io.concurrentsessions.detect.Finding;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report as a browser sees it: Chromium's own HTML parser, CSP and renderer. One browser for
 * the class (starting one costs a second or two); each page gets a fresh target.
 */
class ReportInChromiumTest {
    /** Per flagged session: its id, the lanes drawn (SVG rects with a width) and the user agents shown. */
    private static final String SESSIONS_JS = """
            [...document.querySelectorAll('section.session')].map(s => ({
              id: s.dataset.session,
              bars: [...s.querySelectorAll('svg rect.bar')].filter(r => r.getBBox().width > 0).length,
              labels: [...s.querySelectorAll('svg text.label')].map(t => t.firstChild.textContent),
              agents: [...s.querySelectorAll('ul.user-agents li')].map(li => li.textContent)
            }))""";

    @TempDir
    static Path dir;
    static HeadlessChromium chromium;

    @BeforeAll
    static void start() throws Exception {
        chromium = HeadlessChromium.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void sampleReportDrawsEveryFlaggedSessionOfflineWithoutErrors() throws Exception {
        Path report = ReportPages.scanSample(dir);
        HeadlessChromium.Page page = chromium.open(report.toUri());
        assertQuiet(page, report.toUri());
        JsonArray sessions = page.eval(SESSIONS_JS).getAsJsonArray();
        assertEquals(ReportPages.SAMPLE_SESSIONS.stream().sorted().toList(),
                sessions.asList().stream().map(s -> s.getAsJsonObject().get("id").getAsString()).sorted().toList());
        for (JsonElement s : sessions) {
            assertEquals(2, s.getAsJsonObject().get("bars").getAsInt(), "a visible bar per address: " + s);
        }
        assertEquals(0, page.eval("document.scripts.length").getAsInt());
        assertEquals(3, page.eval("document.querySelectorAll('svg.timeline').length").getAsInt());
        assertTrue(page.eval("getComputedStyle(document.querySelector('section.session')).breakInside").getAsString().length() > 0);
    }

    @Test
    void evidenceReportRendersInChromium() throws Exception {
        Path report = ReportPages.write(dir, "evidence.html", ReportPages.render(ContractRows.sample()));
        HeadlessChromium.Page page = chromium.open(report.toUri());
        assertQuiet(page, report.toUri());
        assertEquals(2, page.eval("document.querySelectorAll('svg rect.overlap').length").getAsInt(),
                "two concurrent sessions shaded, the roaming user not");
        JsonElement lanes = page.eval("[...document.querySelectorAll('section.session')[0].querySelectorAll('svg rect.bar')]"
                + ".map(r => Math.round(r.getBBox().x))");
        List<Integer> x = lanes.getAsJsonArray().asList().stream().map(JsonElement::getAsInt).toList();
        assertTrue(x.get(1) > x.get(0) + 100, "the proxy's bar starts later than the victim's: " + x);
    }

    @Test
    void hostileValuesStayTextInChromiumsParser() throws Exception {
        List<String> hostile = HtmlReportTest.HOSTILE;
        Finding row = ContractRows.seed(hostile.get(0), hostile.get(1), 1709629925, 1709633162,
                List.of(hostile.get(5), hostile.get(4)), hostile);
        Path report = ReportPages.write(dir, "hostile.html", ReportPages.render(List.of(row)));
        HeadlessChromium.Page page = chromium.open(report.toUri());
        assertQuiet(page, report.toUri());
        assertEquals(0, page.eval("document.querySelectorAll('script, img, iframe, object, embed').length").getAsInt());
        assertEquals(1, page.eval("document.querySelectorAll('svg').length").getAsInt(), "no value closed the SVG");
        assertEquals(0, page.eval("[...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length")
                .getAsInt(), "no event handler attribute");
        JsonElement session = page.eval(SESSIONS_JS).getAsJsonArray().get(0);
        assertEquals(hostile.get(1), session.getAsJsonObject().get("id").getAsString());
        assertEquals(hostile, HeadlessChromium.strings(session.getAsJsonObject().get("agents")));
        assertEquals(List.of(hostile.get(5), hostile.get(4)), HeadlessChromium.strings(session.getAsJsonObject().get("labels")));
        assertEquals(hostile.get(0), page.eval("document.querySelector('h2').textContent.substring(3)").getAsString());
        assertEquals(hostile.get(5) + ": session span", page.eval("document.querySelector('rect.bar title').textContent.split(' 2024')[0]")
                .getAsString());
    }

    /** Proves the recorder sees what the assertions above say is absent: a request out and a script error. */
    @Test
    void harnessRecordsRequestsAndErrorsWhenAPageHasThem() throws Exception {
        Path leaky = ReportPages.write(dir, "leaky.html", "<!DOCTYPE html><html><body>"
                + "<img src=\"http://127.0.0.1:9/beacon.png\"/><script>throw new Error('boom')</script></body></html>");
        HeadlessChromium.Page page = chromium.open(leaky.toUri());
        assertTrue(page.requestedUrls().contains("http://127.0.0.1:9/beacon.png"), page.requestedUrls().toString());
        assertTrue(page.exceptions().toString().contains("boom"), page.exceptions().toString());

        Path blocked = ReportPages.write(dir, "blocked.html", "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\""
                + " content=\"" + "default-src 'none'; style-src 'unsafe-inline'; img-src data:" + "\"/></head><body>"
                + "<img src=\"http://127.0.0.1:9/beacon.png\"/><script>throw new Error('boom')</script></body></html>");
        HeadlessChromium.Page csp = chromium.open(blocked.toUri());
        assertTrue(csp.problems().toString().contains("Content Security Policy"), "CSP violations are logged: " + csp.problems());
    }

    /** Only the file itself was requested; nothing threw, nothing logged a warning or error (CSP violations included). */
    private static void assertQuiet(HeadlessChromium.Page page, URI file) {
        assertEquals(List.of(file.toString()), page.requestedUrls().stream().distinct().toList(), "requests");
        assertEquals(List.of(), page.exceptions(), "script errors");
        assertEquals(List.of(), page.problems(), "console/log errors and warnings");
    }
}
