package io.concurrentsessions.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.concurrentsessions.cli.FindingsFormat;
import io.concurrentsessions.cli.ScanCommand;
import io.concurrentsessions.detect.Finding;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** Reports made the ways a user makes them, and read back as a DOM. */
final class ReportPages {
    static final Path SAMPLE = Path.of("samples", "ual-sample.jsonl");
    static final List<String> SAMPLE_SESSIONS = List.of("db92d65a-243a-444d-bb11-19b1c382295a",
            "6154fe34-cf6a-4165-9898-332ba033da40", "3f8f8f80-41ca-4a5a-93cb-72bf46013256");

    private ReportPages() {
    }

    /** {@code scan samples/ual-sample.jsonl --format html --output <dir>/report.html}, as a user runs it. */
    static Path scanSample(Path dir) {
        Path report = dir.resolve("report.html");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ScanCommand.run(new String[] {SAMPLE.toString(), "--format", "html", "--output", report.toString(), "--no-progress"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        assertEquals("", out.toString(StandardCharsets.UTF_8), "the report goes to --output, nothing to stdout");
        return report;
    }

    /** {@code --format html} without scan counts: what FindingsFormat writes from findings alone. */
    static String render(List<Finding> findings) throws IOException {
        StringWriter w = new StringWriter();
        FindingsFormat.HTML.write(findings, ContractRows.OPTIONS, w);
        return w.toString();
    }

    static Path write(Path dir, String name, String html) throws IOException {
        return Files.writeString(dir.resolve(name), html, StandardCharsets.UTF_8);
    }

    /** The page as XML: a parse error here means markup a log value could have broken. No DTD is fetched. */
    static Document parse(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(html)));
    }

    static List<Element> elements(Document doc, String tag) {
        return elements(doc.getElementsByTagName(tag));
    }

    static List<Element> elements(Element parent, String tag) {
        return elements(parent.getElementsByTagName(tag));
    }

    private static List<Element> elements(NodeList nodes) {
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    static List<Element> withClass(Element parent, String tag, String cssClass) {
        return elements(parent, tag).stream().filter(e -> List.of(e.getAttribute("class").split(" ")).contains(cssClass)).toList();
    }

    static List<Element> sections(Document doc) {
        return elements(doc, "section").stream().filter(e -> e.getAttribute("class").equals("session")).toList();
    }
}
