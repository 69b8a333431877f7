package io.concurrentsessions.command;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The CSV behind {@code allow_cidrs_lookup}: a file in the app's {@code lookups} folder with a
 * {@code cidr} column. Only files inside the app's folder are read, whatever the name says
 * ({@code ../}, links and absolute paths elsewhere are refused), so a search cannot make the
 * command read arbitrary files.
 */
final class AllowLookup {
    private AllowLookup() {
    }

    /** The app folder: the jar lives in {@code <app>/java/}. Null when not running from a jar (tests, IDE). */
    static Path appDirectory() {
        try {
            Path jar = Path.of(AllowLookup.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(jar) && jar.getParent() != null && jar.getParent().getParent() != null) {
                return jar.getParent().getParent();
            }
        } catch (URISyntaxException | SecurityException | IllegalArgumentException | NullPointerException e) {
            // not from a jar: no app folder
        }
        return null;
    }

    /**
     * The non-empty values of the {@code cidr} column.
     *
     * @throws IllegalArgumentException saying what is missing or wrong, with the path tried
     */
    static List<String> read(Path appDir, String name) {
        if (appDir == null) {
            throw new IllegalArgumentException("the app's folder is unknown (not running from the app's jar), so no lookup can be read");
        }
        Path app;
        try {
            app = appDir.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("the app's folder " + appDir + " cannot be read: " + e.getMessage());
        }
        Path given = Path.of(name);
        Path file = given.isAbsolute() ? given : app.resolve("lookups").resolve(given);
        if (!Files.exists(file) && !given.isAbsolute() && !name.endsWith(".csv")) {
            file = app.resolve("lookups").resolve(name + ".csv");
        }
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("no such lookup file " + file + " (put a CSV with a cidr column in "
                    + app.resolve("lookups") + ")");
        }
        if (!real.startsWith(app)) {
            throw new IllegalArgumentException("refused: " + file + " is outside the app's folder " + app);
        }
        List<String> out = new ArrayList<>();
        try (CsvReader<CsvRecord> csv = CsvReader.builder().ofCsvRecord(real, StandardCharsets.UTF_8)) {
            int column = -1;
            long line = 0;
            for (CsvRecord r : csv) {
                line++;
                if (column < 0) {
                    for (int i = 0; i < r.getFieldCount(); i++) {
                        if (r.getField(i).strip().replace("\uFEFF", "").equalsIgnoreCase("cidr")) {
                            column = i;
                        }
                    }
                    if (column < 0) {
                        throw new IllegalArgumentException(real + " has no cidr column (header: " + r.getFields() + ")");
                    }
                    continue;
                }
                String v = column < r.getFieldCount() ? r.getField(column).strip() : "";
                if (!v.isEmpty()) {
                    try {
                        io.concurrentsessions.detect.CidrSet.parse(List.of(v));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(real + " line " + r.getStartingLineNumber() + ": " + e.getMessage());
                    }
                    out.add(v);
                }
            }
            if (line == 0) {
                throw new IllegalArgumentException(real + " is empty (expected a header with a cidr column)");
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException(real + " cannot be read: " + e.getMessage());
        }
        return out;
    }
}
