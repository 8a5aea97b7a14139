package dev.cellar.cli;

import picocli.CommandLine.Option;

/**
 * {@code --color}: whether cell output keeps its colours on stdout. Only colours ever pass
 * (SGR written afresh by Cellar, see {@code TerminalText}); every other control sequence is
 * shown or dropped whatever this says.
 */
final class ColorOption {
    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colours in cell output: auto (when stdout is a terminal and NO_COLOR is not set), always, never.")
    String when = "auto";

    /** Whether stdout gets colours. */
    boolean wanted() {
        return switch (when) {
            case "always" -> true;
            case "never" -> false;
            case "auto" -> {
                String noColor = System.getenv("NO_COLOR"); // no-color.org: set and not empty
                yield (noColor == null || noColor.isEmpty()) && Terminals.stdoutIsTerminal();
            }
            default -> throw new CliException(ExitCode.USAGE, "--color expects auto, always or never, got '" + when + "'");
        };
    }
}
