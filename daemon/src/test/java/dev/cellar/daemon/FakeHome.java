package dev.cellar.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A temp {@code $HOME} holding fake secrets, for the escape tests of every confined kernel
 * and of SQL: an SSH key, Cellar's assistant settings (the API key) and a .netrc.
 */
public final class FakeHome {
    private FakeHome() {
    }

    /** Makes {@code base/home} with the secrets in it. */
    public static Path in(Path base) throws IOException {
        Path home = Files.createDirectories(base.resolve("home"));
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh/id_ed25519"), "-----BEGIN OPENSSH PRIVATE KEY----- fake");
        Files.createDirectories(home.resolve(".config/cellar"));
        Files.writeString(home.resolve(".config/cellar/assistant.properties"), "api_key=sk-fake");
        Files.writeString(home.resolve(".netrc"), "machine example.com password fake");
        return home;
    }
}
