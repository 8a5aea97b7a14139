package dev.cellar.daemon.assistant;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Where the model is and how far a turn may go. From the environment ({@code OPENAI_BASE_URL},
 * {@code OPENAI_API_KEY}, {@code CELLAR_MODEL}, {@code CELLAR_APPROVAL}), else from
 * {@code ~/.config/cellar/assistant.properties} ({@code base_url}, {@code api_key},
 * {@code model}, {@code approval}). {@code baseUrl} null with no key: not configured.
 */
public record AssistantConfig(String baseUrl, String apiKey, String model, ApprovalPolicy approval, int maxSteps,
                              long tokenBudget, Duration timeout) {

    public static final String HOW_TO_CONFIGURE = "the assistant has no model endpoint: set OPENAI_BASE_URL and "
            + "CELLAR_MODEL for the daemon (e.g. OPENAI_BASE_URL=http://localhost:11434/v1 CELLAR_MODEL=llama3.1 for "
            + "Ollama, or http://localhost:8080/v1 for a llama.cpp server), plus OPENAI_API_KEY if the server needs one "
            + "(for OpenAI itself OPENAI_API_KEY alone is enough); or put base_url, model and api_key in "
            + "~/.config/cellar/assistant.properties; then restart the daemon (cellar daemon stop)";

    public boolean configured() {
        return baseUrl != null || apiKey != null;
    }

    public static AssistantConfig load() {
        Map<String, String> env = System.getenv();
        Properties file = new Properties();
        String xdg = env.get("XDG_CONFIG_HOME");
        Path path = (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config"))
                .resolve("cellar").resolve("assistant.properties");
        if (Files.isRegularFile(path)) {
            try (Reader r = Files.newBufferedReader(path)) {
                file.load(r);
            } catch (IOException e) {
                System.getLogger("cellar.assistant").log(System.Logger.Level.WARNING, "cannot read " + path, e);
            }
        }
        return new AssistantConfig(
                pick(env.get("OPENAI_BASE_URL"), file.getProperty("base_url")),
                pick(env.get("OPENAI_API_KEY"), file.getProperty("api_key")),
                pick(pick(env.get("CELLAR_MODEL"), file.getProperty("model")), "gpt-4o-mini"),
                ApprovalPolicy.parse(pick(pick(env.get("CELLAR_APPROVAL"), file.getProperty("approval")), "ask-destructive")),
                20, 200_000, Duration.ofSeconds(120));
    }

    private static String pick(String first, String second) {
        return first != null && !first.isBlank() ? first.strip() : second != null && !second.isBlank() ? second.strip() : null;
    }
}
