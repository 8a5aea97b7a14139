package dev.cellar.daemon.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cellar.daemon.TestDaemonParts;
import dev.cellar.daemon.model.Origin;
import dev.cellar.daemon.store.AtomicFileWriter;
import dev.cellar.daemon.store.NotebookStore;
import dev.cellar.protocol.method.CellResult;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.RpcException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Acknowledged means durable: group commit, and failures at every step of a save. */
class DurableSaveTest {
    @TempDir
    Path dir;

    /** A writer whose first force waits for the test, and which counts its saves. */
    static final class GatedWriter extends AtomicFileWriter {
        final CountDownLatch firstForceReached = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger saves = new AtomicInteger();

        @Override
        protected void force(FileChannel ch) throws IOException {
            if (saves.incrementAndGet() == 1) {
                firstForceReached.countDown();
                await(release);
            }
            super.force(ch);
        }
    }

    @Test
    void aBurstOfEditsIsSavedOnceAndNothingIsAcknowledgedBeforeItIsDurable() throws Exception {
        Path file = dir.resolve("burst.py");
        Files.writeString(file, "# cellar: autorun=false\n");
        GatedWriter writer = new GatedWriter();
        NotebookSession session = NotebookSession.open("b", file, false, TestDaemonParts.services(new NotebookStore(writer)));
        try {
            CompletableFuture<CellResult> first = session.submit(TestNotebook.USER,
                    new Command.CreateCell(CellKind.PYTHON, "first = 0", null, null, null));
            await(writer.firstForceReached);
            // the loop is inside the first save; these queue up behind it
            List<CompletableFuture<CellResult>> burst = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                burst.add(session.submit(new Origin("user:client" + (i % 4), null),
                        new Command.CreateCell(CellKind.PYTHON, "v" + i + " = " + i, null, null, null)));
            }
            TestNotebook.sleep(100); // give a wrong implementation every chance to acknowledge early
            assertThat(first).isNotDone();
            assertThat(burst).noneMatch(CompletableFuture::isDone);

            writer.release.countDown();
            first.get(30, TimeUnit.SECONDS);
            for (CompletableFuture<CellResult> f : burst) {
                f.get(30, TimeUnit.SECONDS);
            }
            assertThat(writer.saves.get()).as("one save for the first edit, one for the burst behind it").isEqualTo(2);
            String saved = Files.readString(file);
            for (int i = 0; i < 20; i++) {
                assertThat(saved).contains("v" + i + " = " + i + "\n");
            }
            assertThat((burst.getLast().get()).revision()).isEqualTo(21);
        } finally {
            writer.release.countDown();
            session.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"write", "force", "rename", "folder"})
    void aSaveThatFailsAtAnyStepLeavesTheFileIntactAndAcknowledgesNothing(String step) throws Exception {
        Path file = dir.resolve("fault-" + step + ".py");
        String original = "# %% id=\"aa1111\"\nx = 1\n";
        Files.writeString(file, original);
        AtomicInteger failures = new AtomicInteger(1);
        AtomicFileWriter faulty = new AtomicFileWriter() {
            @Override
            protected void writeFully(FileChannel ch, byte[] content) throws IOException {
                fail("write");
                super.writeFully(ch, content);
            }

            @Override
            protected void force(FileChannel ch) throws IOException {
                fail("force");
                super.force(ch);
            }

            @Override
            protected void rename(Path temp, Path target) throws IOException {
                fail("rename");
                super.rename(temp, target);
            }

            @Override
            protected boolean exchange(Path temp, Path target) throws IOException {
                fail("rename"); // the swap is how the new file takes the target's place where the platform has one
                return super.exchange(temp, target);
            }

            @Override
            protected void forceFolder(Path folder) throws IOException {
                fail("folder");
                super.forceFolder(folder);
            }

            private void fail(String at) throws IOException {
                if (at.equals(step) && failures.getAndDecrement() > 0) {
                    throw new IOException("injected failure at " + at);
                }
            }
        };
        try (TestNotebook nb = new TestNotebook(NotebookSession.open("f", file, false,
                TestDaemonParts.services(new NotebookStore(faulty))))) {
            long seqBefore = nb.snapshot().seq();
            assertThatThrownBy(() -> nb.edit("aa1111", "x = 2"))
                    .isInstanceOfSatisfying(RpcException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(ErrorCode.NOTEBOOK_IO);
                        assertThat(e.getMessage()).contains("injected failure at " + step);
                    });
            assertThat(Files.readString(file)).isEqualTo(original);
            assertThat(nb.cell("aa1111").code()).isEqualTo("x = 1");
            assertThat(nb.cell("aa1111").version()).isEqualTo(1);
            assertThat(nb.snapshot().seq()).as("no event for an edit that did not happen").isEqualTo(seqBefore);
            try (var files = Files.list(dir)) {
                assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
            }

            nb.edit("aa1111", "x = 3"); // the disk is back: the next edit goes through (ids now written as Jupytext reads them)
            assertThat(Files.readString(file)).isEqualTo("# %% id=\"aa1111\"\nx = 3\n");
        }
    }

    static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
