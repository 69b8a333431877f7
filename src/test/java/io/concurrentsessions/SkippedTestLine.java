package io.concurrentsessions;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * One line on the console for every test skipped by an assumption, with its name and the reason,
 * so a run without the shared fixtures says what it did not test (Surefire only counts them).
 * Registered for every test by service loading (src/test/resources/junit-platform.properties).
 */
public final class SkippedTestLine implements TestWatcher {
    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        String method = context.getTestMethod().map(m -> m.getName()).orElse("");
        String display = context.getDisplayName().equals(method + "()") ? "" : " " + context.getDisplayName();
        System.out.println("SKIPPED " + context.getRequiredTestClass().getSimpleName() + "." + method + display
                + ": " + cause.getMessage());
    }
}
