package dev.cellar.daemon.trust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.daemon.store.HeaderRights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trust rule without notebooks or kernels: what widens, what is recorded, where, and which interpreters may run. */
class TrustTest {
    @TempDir
    Path dir;

    private Trust trust() {
        return new Trust(new TrustStore(dir.resolve("state/cellar")));
    }

    private static Rights header(String text) {
        return HeaderRights.of(text);
    }

    @Test
    void wideningIsSandboxOffALaxerApprovalAndAnyOtherChangeOfAWideningKey() {
        Rights confined = header("# cellar: sandbox=on approval=ask-destructive\n");
        assertThat(header("# cellar: sandbox=off approval=ask-destructive\n").widens(confined)).containsExactly("sandbox");
        assertThat(header("# cellar: sandbox=on approval=auto\n").widens(confined)).containsExactly("approval");
        assertThat(header("# cellar: sandbox=on approval=ask-all\n").widens(confined)).isEmpty();
        assertThat(header("# cellar: sandbox=on\n").widens(confined)).as("not set: the daemon's policy, maybe auto")
                .containsExactly("approval");
        assertThat(header("# cellar: sandbox=on approval=ask-destructive python=/usr/bin/python3\n").widens(confined))
                .containsExactly("python");
        assertThat(header("# cellar: sandbox=on approval=ask-destructive sql=jdbc:postgresql://x/db duckdb=file\n")
                .widens(confined)).containsExactly("sql", "duckdb");
        assertThat(header("# cellar: sandbox=on approval=ask-destructive env=GITHUB_TOKEN net=127.0.0.1:8786\n")
                .widens(confined)).containsExactly("env", "net");
        // settings that are not about rights never count
        assertThat(header("# cellar: sandbox=on approval=ask-destructive memory=1G autorun=false\n").widens(confined))
                .isEmpty();
    }

    @Test
    void anEndpointAddedOnAnyLineWidensNetAndOneThatIsNotAnEndpointDoesNot() {
        Rights confirmed = header("# cellar: sandbox=on net=127.0.0.1:8786\n");
        assertThat(header("# cellar: net=10.0.0.9:22\n# cellar: sandbox=on net=127.0.0.1:8786\n").widens(confirmed))
                .as("a line above the confirmed one adds to the list").containsExactly("net");
        assertThat(header("# cellar: sandbox=on net=127.0.0.1:8786,db.lan:5432\n").widens(confirmed)).containsExactly("net");
        assertThat(header("# cellar: sandbox=on net=127.0.0.1:8786 net=on\n").widens(confirmed))
                .as("not HOST:PORT: left out, no connection").isEmpty();
    }

    @Test
    void sqlAutorunOnWidensAndOffDoesNot() {
        Rights plain = header("# cellar: sandbox=on\n");
        assertThat(header("# cellar: sandbox=on sql-autorun=on\n").widens(plain)).as("a billed query run unasked")
                .containsExactly("sql-autorun");
        assertThat(header("# cellar: sandbox=on sql-autorun=off\n").widens(plain)).isEmpty();
    }

    @Test
    void removingSqlAutorunOffWidens() {
        // the default autoruns DuckDB and a connection added with --autorun: "off" gone, their cells run unasked
        Rights off = header("# cellar: sandbox=on conns=@pgauto sql-autorun=off\n");
        assertThat(header("# cellar: sandbox=on conns=@pgauto\n").widens(off)).containsExactly("sql-autorun");
        assertThat(header("# cellar: sandbox=on conns=@pgauto sql-autorun=bogus\n").widens(off))
                .as("unreadable reads as the default").containsExactly("sql-autorun");
        assertThat(header("# cellar: sandbox=on\n").widens(header("# cellar: sandbox=on sql-autorun=on\n")))
                .as("on to the default: narrower").isEmpty();
    }

    @Test
    void aConnectionMoreForCellsToNameWidensAndOneLessDoesNot() {
        Rights one = header("# cellar: sandbox=on conns=@pg\n");
        assertThat(header("# cellar: sandbox=on conns=@pg,@warehouse\n").widens(one)).containsExactly("conns");
        assertThat(header("# cellar: sandbox=on conns=@other\n").widens(one)).containsExactly("conns");
        assertThat(header("# cellar: sandbox=on\n").widens(one)).as("none left: narrower").isEmpty();
        assertThat(header("# cellar: sandbox=on conns=@b,@a\n").widens(header("# cellar: sandbox=on conns=@a conns=@b\n")))
                .as("the same connections, written otherwise").isEmpty();
    }

    @Test
    void aHeaderOutsideConfinedFoldersAppliesAsWrittenAndAConfinedOnesIsRecorded() {
        Trust trust = trust();
        Path plain = dir.resolve("plain/nb.py");
        assertThat(trust.check(plain, header("# cellar: sandbox=off approval=auto\n"), false))
                .isInstanceOf(Verdict.Applied.class);
        assertThat(trust.confirmed(plain)).as("an ordinary notebook leaves no record").isNull();

        Path boxed = dir.resolve("boxed/nb.py");
        Rights asWritten = header("# cellar: sandbox=on\n");
        assertThat(trust.check(boxed, asWritten, false)).isEqualTo(new Verdict.Applied(asWritten));
        trust.confinedFolder(boxed.getParent());
        assertThat(trust.confirmed(boxed)).isEqualTo(asWritten);

        // its cell rewrote the header: held, with the confirmed values, saying how to confirm
        Verdict v = trust.check(boxed, header("# cellar: sandbox=off approval=auto\n"), false);
        assertThat(v).isInstanceOf(Verdict.Held.class);
        Verdict.Held held = (Verdict.Held) v;
        assertThat(held.keys()).containsExactly("sandbox", "approval");
        assertThat(held.effective()).isEqualTo(asWritten);
        assertThat(held.message()).contains("sandbox=off", "running with sandbox=on", "cellar confirm " + boxed);
        assertThat(trust.confirmed(boxed)).as("a held header is not recorded").isEqualTo(asWritten);

        trust.confirmHeader(boxed, held.wanted());
        assertThat(trust.check(boxed, held.wanted(), false)).isInstanceOf(Verdict.Applied.class);
    }

    @Test
    void narrowingAppliesAtOnceAndIsRecordedSoWideningAgainIsHeld() {
        Trust trust = trust();
        Path nb = dir.resolve("boxed/nb.py");
        trust.check(nb, header("# cellar: sandbox=on\n"), false);
        trust.confinedFolder(nb.getParent());
        Rights stricter = header("# cellar: sandbox=on approval=ask-all\n");
        assertThat(trust.check(nb, stricter, false)).isEqualTo(new Verdict.Applied(stricter));
        assertThat(trust.confirmed(nb)).isEqualTo(stricter);
        assertThat(trust.check(nb, header("# cellar: sandbox=on\n"), false)).isInstanceOf(Verdict.Held.class);
        // partly narrower, partly wider: the narrower part applies (and is recorded), the wider one waits
        Verdict mixed = trust.check(nb, header("# cellar: sandbox=on approval=ask-all duckdb=file\n"), false);
        assertThat(((Verdict.Held) mixed).keys()).containsExactly("duckdb");
    }

    @Test
    void aNotebookThatAppearsInAConfinedFolderStartsFromTheNarrowestRights() {
        Trust trust = trust();
        Path folder = dir.resolve("boxed");
        trust.confinedFolder(folder);
        Verdict v = trust.check(folder.resolve("sub/planted.py"), header("# cellar: approval=auto\n"), false);
        assertThat(v.effective()).isEqualTo(Rights.NARROWEST);
        assertThat(((Verdict.Held) v).keys()).containsExactly("sandbox", "approval");
        // one the daemon itself created there (cellar new) is the person's
        assertThat(trust.check(folder.resolve("new.py"), header(""), true)).isInstanceOf(Verdict.Applied.class);
    }

    @Test
    void anInterpreterInAConfinedFolderRunsOnlyWithThePathAndContentAPersonConfirmed() throws Exception {
        Trust trust = trust();
        Path folder = Files.createDirectories(dir.resolve("boxed"));
        Path python = Files.createDirectories(folder.resolve(".venv/bin")).resolve("python");
        Files.writeString(python, "#!/bin/sh\necho planted\n");
        Path elsewhere = Files.createDirectories(dir.resolve("mine/.venv/bin")).resolve("python");
        Files.writeString(elsewhere, "#!/bin/sh\n");
        assertThat(trust.checkInterpreter(python)).as("no confined notebook yet").isInstanceOf(InterpreterCheck.Free.class);

        trust.confinedFolder(folder);
        InterpreterCheck first = trust.checkInterpreter(python);
        assertThat(first).isInstanceOf(InterpreterCheck.Unconfirmed.class);
        InterpreterCheck.Unconfirmed u = (InterpreterCheck.Unconfirmed) first;
        assertThat(u.sha256()).isEqualTo(Trust.sha256(python)).hasSize(64);
        assertThat(u.state()).isEqualTo("new");
        assertThat(trust.checkInterpreter(elsewhere)).isInstanceOf(InterpreterCheck.Free.class);

        trust.confirmInterpreter(python, u.sha256());
        assertThat(trust.checkInterpreter(python)).isInstanceOf(InterpreterCheck.Confirmed.class);
        Files.writeString(python, "#!/bin/sh\necho changed\n");
        InterpreterCheck again = trust.checkInterpreter(python);
        assertThat(((InterpreterCheck.Unconfirmed) again).state()).isEqualTo("changed since it was confirmed");

        // a link from elsewhere into the confined folder counts as what it points at
        Path link = Files.createDirectories(dir.resolve("linked/.venv/bin")).resolve("python");
        Files.createSymbolicLink(link, python);
        assertThat(trust.checkInterpreter(link)).isInstanceOf(InterpreterCheck.Unconfirmed.class);
    }

    @Test
    void theRecordsLiveInXdgStateHomeElseTheHomesLocalStateInAFolderOnlyItsOwnerOpens() throws Exception {
        assertThat(TrustStore.folder(Map.of("XDG_STATE_HOME", "/x/state", "HOME", "/h"))).isEqualTo(Path.of("/x/state/cellar"));
        assertThat(TrustStore.folder(Map.of("XDG_STATE_HOME", "relative", "HOME", "/h")))
                .isEqualTo(Path.of("/h/.local/state/cellar"));
        assertThat(TrustStore.folder(Map.of("HOME", "/h"))).isEqualTo(Path.of("/h/.local/state/cellar"));
        Trust trust = trust();
        trust.confinedFolder(dir.resolve("boxed"));
        Path folder = dir.resolve("state/cellar");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("trust.json"))))
                .isEqualTo("rw-------");
        // a damaged file trusts nothing rather than stopping the daemon
        Files.writeString(folder.resolve("trust.json"), "{not json");
        assertThat(trust.reachable(dir.resolve("boxed"))).isFalse();
    }

    @Test
    void heldSettingsAreTheHeadersWithTheConfirmedValuesOfTheHeldKeys() {
        String written = "# cellar: sandbox=off approval=auto memory=1G\n# cellar: python=/opt/py/bin/python autorun=false\n";
        Rights confirmed = header("# cellar: sandbox=on\n");
        var settings = HeaderRights.settings(written, confirmed, new java.util.ArrayList<>());
        assertThat(settings.sandbox()).isTrue();
        assertThat(settings.approval()).isNull();
        assertThat(settings.python()).isEqualTo("auto");
        assertThat(settings.memoryLimit()).isEqualTo(1L << 30);
        assertThat(settings.autorun()).isFalse();
    }
}
