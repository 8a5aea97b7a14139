package dev.cellar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.NotebookParams;
import dev.cellar.protocol.method.OpenParams;
import dev.cellar.protocol.method.PresenceUpdateParams;
import dev.cellar.protocol.method.SubscribeParams;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.PresenceActivity;
import dev.cellar.protocol.model.PresenceInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Who is attached to a notebook, as the shell sees it: {@code cellar ls}, and a killed {@code cellar} process leaving. */
@Timeout(180)
class PresenceCliTest {
    @RegisterExtension
    static final CliHarness cli = new CliHarness();

    @Test
    void lsShowsTheClientsOfEachNotebookWithWhatTheyDo() throws Exception {
        Path file = cli.dir().resolve("here.py");
        Files.writeString(file, "# cellar: autorun=false\n\n# %% id=aaaaaa\nx = 1\n");
        try (CellarClient agent = attach("agent:claude-code", file); CellarClient tui = attach("tui", file)) {
            String nb = open(agent, file).notebookId();
            agent.call(Methods.PRESENCE_UPDATE, new PresenceUpdateParams(nb, "aaaaaa", PresenceActivity.EDITING), Object.class);

            CliHarness.Result ls = cli.cellar("ls");
            assertThat(ls.exit()).isZero();
            assertThat(ls.out()).containsPattern(file.toRealPath() + "  1 cell  revision \\d+\n"
                    + "  agent:claude-code  editing aaaaaa  since \\d\\d:\\d\\d:\\d\\d\n"
                    + "  user:tui  viewing  since \\d\\d:\\d\\d:\\d\\d\n");
        }
        // closed clients are gone from the listing
        await(() -> !cli.cellar("ls").out().contains("agent:claude-code"));
        assertThat(cli.cellar("ls").out()).doesNotContain("user:tui");
    }

    @Test
    void aKilledCellarProcessDisappearsFromPresenceWithAnEvent() throws Exception {
        Path file = cli.dir().resolve("slow.py");
        Files.writeString(file, "# cellar: autorun=false\n\n# %% id=sleeps\nimport time\ntime.sleep(120)\n");
        List<Event> events = Collections.synchronizedList(new ArrayList<>());
        try (CellarClient watcher = CellarClient.connect(cli.socket(), "watcher")) {
            watcher.onEvent(events::add);
            NotebookSnapshot nb = open(watcher, file);
            watcher.call(Methods.NOTEBOOK_SUBSCRIBE, new SubscribeParams(nb.notebookId(), nb.seq()), Object.class);
            // a real `cellar run` in its own process: it attaches and waits for the sleeping cell
            String java = ProcessHandle.current().info().command().orElse("java");
            Process run = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CellarMain.class.getName(),
                    "run", "--socket=" + cli.socket(), file.toString())
                    .redirectErrorStream(true).redirectOutput(cli.dir().resolve("run.log").toFile()).start();
            try {
                await(() -> lastPresence(events).stream().anyMatch(p -> p.name().equals("user:cli")));
                assertThat(run.isAlive()).as("cellar run still waits for its cell").isTrue();

                run.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no goodbye

                await(() -> lastPresence(events).stream().noneMatch(p -> p.name().equals("user:cli")));
                Event gone = last(events);
                assertThat(gone.actor()).isEqualTo("user:cli");
                assertThat(((Event.Presence) gone).presence()).extracting(PresenceInfo::name).containsExactly("user:watcher");
                assertThat(cli.cellar("ls").out()).contains("user:watcher").doesNotContain("user:cli");
            } finally {
                run.destroyForcibly();
                watcher.call(Methods.NOTEBOOK_INTERRUPT, new NotebookParams(nb.notebookId()), Object.class);
            }
        }
    }

    private static CellarClient attach(String name, Path file) throws Exception {
        CellarClient c = CellarClient.connect(cli.socket(), name);
        NotebookSnapshot nb = open(c, file);
        c.call(Methods.NOTEBOOK_SUBSCRIBE, new SubscribeParams(nb.notebookId(), nb.seq()), Object.class);
        return c;
    }

    private static NotebookSnapshot open(CellarClient c, Path file) throws Exception {
        return c.call(Methods.NOTEBOOK_OPEN, new OpenParams(file.toString(), false), NotebookSnapshot.class);
    }

    private static Event last(List<Event> events) {
        synchronized (events) {
            return events.stream().filter(e -> e.type() == EventType.PRESENCE).reduce((a, b) -> b).orElse(null);
        }
    }

    private static List<PresenceInfo> lastPresence(List<Event> events) {
        Event e = last(events);
        return e == null ? List.of() : ((Event.Presence) e).presence();
    }

    private static void await(BooleanSupplier condition) {
        dev.cellar.daemon.Await.poll("a condition", condition::getAsBoolean);
    }
}
