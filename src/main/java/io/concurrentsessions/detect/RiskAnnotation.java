package io.concurrentsessions.detect;

/** The seed's risk-based alerting annotations (impact 70 x confidence 60 / 100 = 42). */
public final class RiskAnnotation {
    public static final int SCORE = 42;
    public static final String OBJECT_TYPE = "user";
    public static final String MITRE_TECHNIQUE_ID = "T1185";

    private RiskAnnotation() {
    }

    /** The seed's message with {@code $user$} filled in. */
    public static String message(String user) {
        return "User " + user + " has logged in with the same session id from more than one unique IP address";
    }
}
