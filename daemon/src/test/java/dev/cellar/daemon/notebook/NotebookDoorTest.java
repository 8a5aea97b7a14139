package dev.cellar.daemon.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cellar.daemon.FakeHome;
import dev.cellar.daemon.TestDaemonParts;
import dev.cellar.daemon.TestPython;
import dev.cellar.daemon.store.NotebookStore;
import dev.cellar.protocol.rpc.RpcException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The door every notebook comes through ({@code notebook.open}, an agent's {@code open_notebook}):
 * only .py files that are notebooks, never the user's secrets, decided on real paths. Issue 20,
 * route 6: an agent opened {@code ~/.ssh/id_rsa} and read the key as cell code, and wrote a
 * "cell" into {@code ~/.bashrc} that bash then ran.
 */
@Timeout(120)
class NotebookDoorTest {
    @TempDir
    Path root;
    Path home;
    Notebooks notebooks;

    @BeforeEach
    void openTheDaemonsNotebooksInAFakeHome() throws Exception {
        home = FakeHome.in(root);
        Files.writeString(home.resolve(".ssh/id_rsa"), "-----BEGIN OPENSSH PRIVATE KEY----- fake\n");
        Map<String, String> env = new HashMap<>(TestPython.GRAALPY.environment());
        env.put("HOME", home.toString());
        env.put("CELLAR_SOCKET", root.resolve("run/cellar.sock").toString());
        notebooks = new Notebooks(TestDaemonParts.services(new NotebookStore(), env));
    }

    @AfterEach
    void close() {
        notebooks.close();
    }

    private String refusal(Path file, boolean create) throws Exception {
        try {
            notebooks.open(file.toString(), create).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(RpcException.class);
            return e.getCause().getMessage();
        }
        throw new AssertionError(file + " was opened as a notebook");
    }

    private NotebookSession opened(Path file, boolean create) throws Exception {
        return notebooks.open(file.toString(), create).get(60, TimeUnit.SECONDS);
    }

    @Test
    void aKeyIsNotANotebookWhateverItIsCalled() throws Exception {
        assertThat(refusal(home.resolve(".ssh/id_rsa"), false)).contains("is not a notebook");
        assertThat(refusal(home.resolve(".config/cellar/assistant.properties"), false)).contains("is not a notebook");
        // a key in notebook clothing: a .py file under a secret folder, with a marker
        Path disguised = Files.writeString(home.resolve(".ssh/keys.py"), "# %%\nkey = 1\n");
        assertThat(refusal(disguised, false)).contains("among the user's secrets");
        assertThat(refusal(home.resolve(".ssh/new.py"), true)).contains("among the user's secrets");
        assertThat(home.resolve(".ssh/new.py")).doesNotExist();
    }

    @Test
    void linksAreJudgedByWhatTheyPointAt() throws Exception {
        Path work = Files.createDirectories(root.resolve("work"));
        Path toKey = Files.createSymbolicLink(work.resolve("key.py"), home.resolve(".ssh/id_rsa"));
        assertThat(refusal(toKey, false)).contains("is not a notebook");
        Path marked = Files.writeString(home.resolve(".ssh/marked.py"), "# %%\nx = 1\n");
        Path toMarked = Files.createSymbolicLink(work.resolve("marked.py"), marked);
        assertThat(refusal(toMarked, false)).contains("among the user's secrets");
        Path sshLink = Files.createSymbolicLink(work.resolve("ssh"), home.resolve(".ssh"));
        assertThat(refusal(sshLink.resolve("marked.py"), false)).contains("among the user's secrets");
    }

    @Test
    void aFileWithoutMarkersOrHeaderIsNotANotebook() throws Exception {
        Path bashrc = Files.writeString(home.resolve(".bashrc"), "export PATH=$HOME/bin:$PATH\nalias ll='ls -l'\n");
        assertThat(refusal(bashrc, false)).contains("is not a notebook");
        Path rcLike = Files.writeString(root.resolve("rc.py"), "export PATH=$HOME/bin:$PATH\nalias ll='ls -l'\n");
        String why = refusal(rcLike, false);
        assertThat(why).contains("no cell marker").contains("# %%");
        assertThat(refusal(rcLike, true)).contains("no cell marker"); // create does not open an existing file anyway
        assertThat(Files.readString(rcLike)).isEqualTo("export PATH=$HOME/bin:$PATH\nalias ll='ls -l'\n");
    }

    @Test
    void aJupyterNotebookIsImportedNotOpened() throws Exception {
        Path ipynb = Files.writeString(root.resolve("analysis.ipynb"), "{\"cells\": [], \"nbformat\": 4}");
        assertThat(refusal(ipynb, false)).contains("cellar import");
    }

    @Test
    void notebooksEmptyFilesHeadersAndNewFilesOpen() throws Exception {
        Path nb = Files.writeString(root.resolve("nb.py"), "# %% [markdown] id=a1\n# Notes\n");
        assertThat(opened(nb, false).current().cells()).hasSize(1);
        Path empty = Files.writeString(root.resolve("empty.py"), "");
        assertThat(opened(empty, false).current().cells()).isEmpty();
        Path header = Files.writeString(root.resolve("header.py"), "# cellar: autorun=false\n");
        assertThat(opened(header, false).current().settings().autorun()).isFalse();
        Path fresh = root.resolve("fresh.py");
        assertThat(opened(fresh, true).current().cells()).isEmpty();
        assertThat(fresh).exists();
        assertThatThrownBy(() -> opened(root.resolve("missing.py"), false)).hasMessageContaining("no notebook at");
    }
}
