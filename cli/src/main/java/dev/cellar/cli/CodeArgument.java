package dev.cellar.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** A cell's code from the command line: the argument itself, or standard input for {@code -}. */
final class CodeArgument {
    private CodeArgument() {
    }

    static String read(String argument, InputStream stdin) {
        if (!"-".equals(argument)) {
            return argument;
        }
        try {
            String code = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
            return code.endsWith("\n") ? code.substring(0, code.length() - 1) : code;
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILED, "cannot read the code from standard input: " + e.getMessage());
        }
    }
}
