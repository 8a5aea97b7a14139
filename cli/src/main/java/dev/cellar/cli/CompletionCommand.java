package dev.cellar.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "completion", description = {"Print a shell completion script.",
        "bash: source <(cellar completion bash)   zsh: source <(cellar completion zsh)"})
final class CompletionCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
    String shell;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        String script = AutoComplete.bash("cellar", root);
        switch (shell) {
            case "bash" -> spec.commandLine().getOut().print(script);
            // picocli's script is written for bash; zsh runs it through bashcompinit
            case "zsh" -> spec.commandLine().getOut().print("autoload -U +X compinit && compinit\n"
                    + "autoload -U +X bashcompinit && bashcompinit\n" + script);
            default -> throw new CliException(ExitCode.USAGE, "completion is for bash or zsh, not " + shell);
        }
        return ExitCode.OK;
    }
}
