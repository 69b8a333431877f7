package io.concurrentsessions.cli;

import io.concurrentsessions.command.CommandOptions;
import io.concurrentsessions.command.Option;
import io.concurrentsessions.scp.CommandException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The scanner's command line. Its own options are below; every other {@code --name value} is an
 * option of the search command ({@code --min-ips 3} is {@code min_ips=3}) and goes to
 * {@link CommandOptions#parse}, so the scanner and the search command accept the same options with
 * the same validation and messages.
 *
 * @param files          the exports to read, in order
 * @param workload       Workload an event must have (case-insensitive, as Splunk matches), or null for any
 * @param operations     Operation values accepted (case-insensitive), empty for any
 * @param format         how findings are written
 * @param output         where findings go, or null for standard output
 * @param failOnFindings exit with {@link ScanCommand#EXIT_FINDINGS} when a session is flagged
 * @param progress       null: on a terminal only; true/false: forced
 * @param engine         the search command's options
 */
public record ScanOptions(List<Path> files, String workload, Set<String> operations, FindingsFormat format, Path output,
                          boolean failOnFindings, Boolean progress, CommandOptions engine) {

    public static final String DEFAULT_WORKLOAD = "AzureActiveDirectory";
    public static final String DEFAULT_OPERATION = "UserLoggedIn";
    /** The seed's operation and the user sign-in categories of the Entra sign-in logs, interactive or not (docs/scanner.md). */
    public static final List<String> DEFAULT_OPERATIONS = List.of(DEFAULT_OPERATION, "SignInLogs", "NonInteractiveUserSignInLogs");

    /** A command line the scanner cannot run; the message says what is wrong. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** The options of {@code scan} (the word {@code scan} itself already removed); null when help was asked for. */
    public static ScanOptions parse(String[] args) throws UsageException {
        List<Path> files = new ArrayList<>();
        String workload = DEFAULT_WORKLOAD;
        Set<String> operations = new LinkedHashSet<>();
        boolean allOperations = false;
        FindingsFormat format = FindingsFormat.TABLE;
        Path output = null;
        boolean failOnFindings = false;
        Boolean progress = null;
        boolean normalizeIps = true;
        List<String> engineArgs = new ArrayList<>();
        boolean onlyFiles = false;

        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (onlyFiles || !arg.startsWith("-") || arg.equals("-")) {
                files.add(Path.of(arg));
                continue;
            }
            if (arg.equals("--")) {
                onlyFiles = true;
                continue;
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (name) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--fail-on-findings" -> failOnFindings = flag(name, value);
                case "--all-operations" -> allOperations = flag(name, value);
                case "--all-workloads" -> workload = flag(name, value) ? null : workload;
                case "--progress" -> progress = flag(name, value);
                case "--no-progress" -> progress = !flag(name, value);
                case "--raw-ips" -> normalizeIps = !flag(name, value);
                default -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException(name + " needs a value");
                        }
                        value = args[++i];
                    }
                    switch (name) {
                        case "--workload" -> workload = value;
                        case "--operation" -> operations.add(value);
                        case "--format", "-f" -> format = FindingsFormat.named(value);
                        case "--output", "-o" -> output = Path.of(value);
                        default -> engineArgs.add(engineArgument(name, value));
                    }
                }
            }
        }
        if (files.isEmpty()) {
            throw new UsageException("no export files given");
        }
        if (allOperations) {
            operations.clear();
        } else if (operations.isEmpty()) {
            operations.addAll(DEFAULT_OPERATIONS);
        }
        // Exports carry ports and IPv4-mapped spellings the add-on's events rarely do: the scanner
        // asks the engine to normalise unless told otherwise (--raw-ips, or normalize_ips given).
        if (normalizeIps && engineArgs.stream().noneMatch(a -> a.startsWith(Option.NORMALIZE_IPS.optionName() + "="))) {
            engineArgs.add(Option.NORMALIZE_IPS.optionName() + "=true");
        }
        CommandOptions engine;
        try {
            engine = CommandOptions.parse(engineArgs);
        } catch (CommandException e) {
            throw new UsageException(e.getMessage());
        }
        return new ScanOptions(List.copyOf(files), workload, Set.copyOf(operations), format, output,
                failOnFindings, progress, engine);
    }

    /** {@code --min-ips 3} as the search command's {@code min_ips=3}. */
    private static String engineArgument(String flag, String value) throws UsageException {
        if (!flag.startsWith("--")) {
            throw new UsageException("unknown option " + flag);
        }
        String optionName = flag.substring(2).replace('-', '_');
        Option option = Option.named(optionName);
        if (option == null || !option.isPublic()) {
            throw new UsageException("unknown option " + flag);
        }
        return optionName + "=" + value;
    }

    private static boolean flag(String name, String value) throws UsageException {
        if (value == null || value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new UsageException(name + " takes no value");
    }

    /** The pre-filter as the seed writes it, for messages: {@code Workload=AzureActiveDirectory Operation=UserLoggedIn}. */
    public String filterDescription() {
        List<String> terms = new ArrayList<>();
        if (workload != null) {
            terms.add("Workload=" + workload);
        }
        if (!operations.isEmpty()) {
            terms.add(operations.size() == 1 ? "Operation=" + operations.iterator().next()
                    : "Operation in (" + String.join(", ", new java.util.TreeSet<>(operations)) + ")");
        }
        return terms.isEmpty() ? "every record" : String.join(" ", terms);
    }
}
