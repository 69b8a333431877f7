package io.concurrentsessions.app;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows the fields through an SPL pipeline after {@code concurrentsessions}: which fields each
 * command reads, which it creates, which survive it. Knows the commands the dashboard uses and
 * fails on any other, so a new command is taught here rather than waved through.
 */
final class SplFields {
    private static final Pattern TOKEN = Pattern.compile("\\$[A-Za-z_][\\w.]*(\\|\\w+)?\\$");
    private static final Pattern COMPARISON = Pattern.compile("([A-Za-z_][\\w.]*)\\s*(!=|==|<=|>=|=|<|>)");
    private static final Pattern IDENTIFIER = Pattern.compile("'([^']*)'|([A-Za-z_][\\w.]*)(\\s*\\()?");
    private static final Pattern AGGREGATE = Pattern.compile("(\\w+)(?:\\(([^)]*)\\))?(?:\\s+as\\s+(\\w+))?", Pattern.CASE_INSENSITIVE);
    private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "xor", "like", "in", "true", "false", "null");

    /** What a pipeline read that was not there, and the fields it ends with. */
    record Result(List<String> problems, Set<String> output) {
    }

    private SplFields() {
    }

    /**
     * @param spl     a whole search: the event search, {@code | concurrentsessions}, then commands on its rows
     * @param emitted the fields {@code concurrentsessions} emits
     */
    static Result check(String spl, Set<String> emitted) {
        List<String> problems = new ArrayList<>();
        Set<String> fields = null;
        for (String command : commands(TOKEN.matcher(spl).replaceAll("\"token\""))) {
            String name = command.split("\\s+", 2)[0];
            String args = command.substring(name.length()).strip();
            if (name.equals("concurrentsessions")) {
                fields = new LinkedHashSet<>(emitted);
                continue;
            }
            if (fields == null) {
                continue; // the event search before the command: raw event fields, not checked here
            }
            Set<String> read = new LinkedHashSet<>();
            switch (name) {
                case "search" -> read.addAll(compared(args));
                case "where" -> read.addAll(expressionFields(args));
                case "eval" -> {
                    for (String assignment : topLevel(args, ',')) {
                        int eq = assignment.indexOf('=');
                        String target = assignment.substring(0, eq).strip();
                        for (String f : expressionFields(assignment.substring(eq + 1))) {
                            require(fields, f, command, problems);
                        }
                        fields.add(target);
                    }
                }
                case "stats", "timechart" -> {
                    String[] parts = args.split("\\s+by\\s+", 2);
                    Set<String> out = new LinkedHashSet<>();
                    Matcher m = AGGREGATE.matcher(parts[0]);
                    while (m.find()) {
                        if (m.group(2) != null && !m.group(2).isBlank()) {
                            read.add(m.group(2).strip());
                        }
                        out.add(m.group(3) != null ? m.group(3) : m.group(0).strip());
                    }
                    if (parts.length > 1) {
                        List<String> by = names(parts[1]);
                        read.addAll(by);
                        out.addAll(by);
                    }
                    if (name.equals("timechart")) {
                        read.add("_time");
                        out.add("_time");
                    }
                    for (String f : read) {
                        require(fields, f, command, problems);
                    }
                    fields = out;
                    continue;
                }
                case "table", "fields" -> {
                    List<String> listed = names(args.startsWith("-") || args.startsWith("+") ? args.substring(1) : args);
                    for (String f : listed) {
                        require(fields, f, command, problems);
                    }
                    if (args.startsWith("-")) {
                        fields.removeAll(listed);
                    } else {
                        fields = new LinkedHashSet<>(listed);
                    }
                    continue;
                }
                case "sort" -> names(args).stream().filter(n -> !n.matches("\\d+")).map(n -> n.replaceFirst("^[+-]", "")).forEach(read::add);
                case "mvexpand" -> read.add(args);
                case "head" -> {
                }
                default -> {
                    if (name.startsWith("`")) {
                        macro(command, fields, problems);
                        continue;
                    }
                    problems.add("SplFields does not know the command \"" + name + "\" (in: " + command + ")");
                }
            }
            for (String f : read) {
                require(fields, f, command, problems);
            }
        }
        if (fields == null) {
            problems.add("no | concurrentsessions in: " + spl);
            fields = Set.of();
        }
        return new Result(problems, fields);
    }

    private static void macro(String call, Set<String> fields, List<String> problems) {
        Matcher ctime = Pattern.compile("`security_content_ctime\\((\\w+)\\)`").matcher(call);
        if (ctime.matches()) {
            require(fields, ctime.group(1), call, problems);
        } else if (!call.equals("`o365_concurrent_sessions_from_different_ips_filter`")) {
            problems.add("unexpected macro after concurrentsessions: " + call);
        }
    }

    private static void require(Set<String> fields, String field, String command, List<String> problems) {
        if (!fields.contains(field)) {
            problems.add(field + " is neither emitted by concurrentsessions nor created earlier (in: " + command + ")");
        }
    }

    /** Fields on the left of comparisons in a search expression; quoted values dropped first. */
    private static Set<String> compared(String args) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = COMPARISON.matcher(withoutStrings(args));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Field names an eval expression reads: identifiers that are not functions, keywords or strings. */
    static Set<String> expressionFields(String expression) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(withoutStrings(expression));
        while (m.find()) {
            if (m.group(1) != null) {
                out.add(m.group(1));
            } else if (m.group(3) == null && !KEYWORDS.contains(m.group(2).toLowerCase())) {
                out.add(m.group(2));
            }
        }
        return out;
    }

    private static String withoutStrings(String s) {
        return s.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"");
    }

    private static List<String> names(String list) {
        List<String> out = new ArrayList<>();
        for (String n : list.split("[\\s,]+")) {
            if (!n.isBlank()) {
                out.add(n);
            }
        }
        return out;
    }

    /** The commands of a pipeline: split on | outside double quotes and backticks. */
    static List<String> commands(String spl) {
        return topLevel(spl, '|').stream().map(String::strip).filter(c -> !c.isEmpty()).toList();
    }

    /** Splits on {@code separator} outside quotes, backticks and parentheses. */
    private static List<String> topLevel(String s, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean macro = false;
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted && c == '\\' && i + 1 < s.length()) {
                current.append(c).append(s.charAt(++i));
                continue;
            }
            if (c == '"' && !macro) {
                quoted = !quoted;
            } else if (c == '`' && !quoted) {
                macro = !macro;
            } else if (!quoted && !macro && (c == '(' || c == ')')) {
                depth += c == '(' ? 1 : -1;
            } else if (c == separator && !quoted && !macro && depth == 0) {
                parts.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        parts.add(current.toString());
        return parts;
    }
}
