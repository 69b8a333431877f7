package io.concurrentsessions;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;

/**
 * The one way tests reach the read-only shared folder (real splunkd captures and audit-log
 * exports in fixtures/, Splunk's .conf.spec files in splunk-spec/). It is {@code ../shared}
 * beside the project unless {@code -Dshared.dir=DIR} or {@code SHARED_DIR=DIR} says otherwise.
 * A fresh clone has no such folder: its tests are skipped, naming the folder and how to supply
 * it, except under {@code CI=true}, where a missing folder fails them so CI cannot pass without.
 */
public final class Fixtures {
    static final String PROPERTY = "shared.dir";
    static final String VARIABLE = "SHARED_DIR";

    private Fixtures() {
    }

    /** The shared folder itself, whether or not it is there. */
    public static Path sharedDir() {
        String dir = System.getProperty(PROPERTY, "");
        if (dir.isBlank()) {
            dir = System.getenv().getOrDefault(VARIABLE, "");
        }
        return Path.of(dir.isBlank() ? "../shared" : dir).toAbsolutePath().normalize();
    }

    /** {@code relative} under the shared folder, e.g. "fixtures/ual/x.csv"; skips the test when its top folder is absent. */
    public static Path shared(String relative) {
        Path path = sharedDir().resolve(relative);
        Path top = sharedDir().resolve(Path.of(relative).getName(0));
        required(Files.isDirectory(top), "no " + top + ": give the folder that holds " + top.getFileName() + "/ with -D"
                + PROPERTY + "=DIR or " + VARIABLE + "=DIR");
        return path;
    }

    /** Skips the test unless {@code present}, saying {@code why}; under CI=true fails it instead. */
    public static void required(boolean present, String why) {
        if (present) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(why + " (CI=true: required)");
        }
        Assumptions.abort(why);
    }

    /** A file under fixtures/, e.g. "ual/purview-export-mfa-sweep.csv". */
    public static Path fixture(String relative) {
        return shared("fixtures/" + relative);
    }

    /** The bytes of a gzipped file under fixtures/, uncompressed. */
    public static byte[] gunzipped(String relative) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(fixture(relative)))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
