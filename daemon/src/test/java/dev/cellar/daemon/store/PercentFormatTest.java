package dev.cellar.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.protocol.model.CellKind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PercentFormatTest {

    private static final String CELLAR_FILE = """
            # cellar: autorun=false cell-timeout=30
            # A notebook about sales.

            # %% [markdown] id="intro"
            # # Sales
            #
            # Numbers by region.

            # %% id="k3f9a2"
            import math
            rate = 0.2


            # %% [sql] id="q1" out="df"
            # SELECT *
            # FROM 'sales.csv'
            # WHERE rate > {rate}

            # %% id="empty1"


            # %% id="last"
            print(df)
            """;

    @Test
    void aFileCellarWroteReadsBackAndSavesByteForByte() {
        StoredNotebook nb = PercentFormat.parse(CELLAR_FILE);
        assertThat(PercentFormat.format(nb)).isEqualTo(CELLAR_FILE);

        assertThat(nb.cells()).extracting(StoredCell::id).containsExactly("intro", "k3f9a2", "q1", "empty1", "last");
        assertThat(nb.cells()).extracting(StoredCell::kind)
                .containsExactly(CellKind.MARKDOWN, CellKind.PYTHON, CellKind.SQL, CellKind.PYTHON, CellKind.PYTHON);
        assertThat(nb.cells().get(0).code()).isEqualTo("# Sales\n\nNumbers by region.");
        assertThat(nb.cells().get(1).code()).isEqualTo("import math\nrate = 0.2\n");
        assertThat(nb.cells().get(2).code()).isEqualTo("SELECT *\nFROM 'sales.csv'\nWHERE rate > {rate}");
        assertThat(nb.cells().get(2).out()).isEqualTo("df");
        assertThat(nb.cells().get(3).code()).isEmpty();
        assertThat(nb.settings().autorun()).isFalse();
        assertThat(nb.settings().cellTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aFileAnOlderCellarWroteIsReadAndSavedInTheNewForm() {
        String old = """
                # %% [markdown] id=intro
                # # Sales

                # %% id=params parameters
                rate = 0.2

                # %% [sql] id=q1 out=df
                # SELECT 1
                """;
        StoredNotebook nb = PercentFormat.parse(old);
        assertThat(nb.cells()).extracting(StoredCell::id).containsExactly("intro", "params", "q1");
        assertThat(nb.cells().get(2).out()).isEqualTo("df");
        assertThat(PercentFormat.format(nb)).isEqualTo("""
                # %% [markdown] id="intro"
                # # Sales

                # %% id="params" tags=["parameters"]
                rate = 0.2

                # %% [sql] id="q1" out="df"
                # SELECT 1
                """);
    }

    @Test
    void aCellMadeInCellarHasTheSameMarkerAsItselfReadBackFromTheFile() {
        for (CellKind kind : CellKind.values()) {
            for (String extra : new String[] {"", "tags=[\"parameters\"]"}) {
                String out = kind == CellKind.SQL ? "df" : null;
                StoredCell made = new StoredCell("a1", kind, "x", out, extra);
                StoredCell read = PercentFormat.parse(PercentFormat.format(new StoredNotebook("",
                        dev.cellar.daemon.model.Settings.DEFAULTS, List.of(made)))).cells().getFirst();
                assertThat(PercentFormat.sameMarker(made.markerExtra(), read.markerExtra(), kind)).as(kind + extra).isTrue();
            }
        }
        assertThat(PercentFormat.sameMarker("# %% Load", "# %% Load the data", CellKind.PYTHON)).isFalse();
        assertThat(PercentFormat.sameMarker("# %% tags=[\"a\"]", "", CellKind.PYTHON)).isFalse();
    }

    @Test
    void outIsCellarsOnAnSqlCellAndSomeoneElsesMetadataOnAnother() {
        StoredNotebook nb = PercentFormat.parse("# %% id=\"a1\" out=\"mine\"\nx = 1\n\n# %% [sql] id=\"b2\" out=\"df\"\n# SELECT 1\n");
        assertThat(nb.cells()).extracting(StoredCell::out).containsExactly(null, "df");
        assertThat(nb.cells().getFirst().markerExtra()).isEqualTo("# %% out=\"mine\"");
        assertThat(PercentFormat.format(nb)).isEqualTo("# %% id=\"a1\" out=\"mine\"\nx = 1\n\n# %% [sql] id=\"b2\" out=\"df\"\n# SELECT 1\n");

        StoredCell a = nb.cells().getFirst();
        StoredCell asSql = new StoredCell("a1", CellKind.SQL, "SELECT 2", "rows", a.markerExtra(), a.file());
        String line = PercentFormat.format(new StoredNotebook("", nb.settings(), List.of(asSql))).lines().findFirst().orElseThrow();
        assertThat(line).isEqualTo("# %% [sql] id=\"a1\" out=\"rows\"");
    }

    @Test
    void aJsonMetadataLineKeepsItsFormWithTheIdInside() {
        String text = "# %% {\"id\": \"a1\", \"tags\": [\"x\"]}\nx = 1\n\n# %% [markdown] {}\n# hi\n";
        StoredNotebook nb = PercentFormat.parse(text);
        assertThat(nb.cells()).extracting(StoredCell::id).containsExactly("a1", null);
        assertThat(nb.cells().getFirst().markerExtra()).isEqualTo("# %% {\"tags\": [\"x\"]}");
        assertThat(PercentFormat.format(nb)).isEqualTo(text);
        StoredCell md = nb.cells().get(1);
        StoredNotebook withId = new StoredNotebook("", nb.settings(), List.of(nb.cells().getFirst(),
                new StoredCell("b2", md.kind(), md.code(), null, md.markerExtra(), md.file())));
        assertThat(PercentFormat.format(withId)).isEqualTo(text.replace("{}", "{\"id\": \"b2\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "x\n", "\n\nx\n\n", "  indented\n\n\n", "# a comment\n#\n", "#"})
    void anyCellCodeRoundTripsThroughTheFile(String code) {
        for (CellKind kind : CellKind.values()) {
            StoredNotebook nb = new StoredNotebook("", dev.cellar.daemon.model.Settings.DEFAULTS, List.of(
                    new StoredCell("a1", kind, code, null, ""), new StoredCell("b2", kind, code, null, "")));
            String text = PercentFormat.format(nb);
            StoredNotebook back = PercentFormat.parse(text);
            assertThat(back.cells()).as("%s cell %s", kind, code).usingRecursiveFieldByFieldElementComparatorIgnoringFields("file", "markerExtra")
                    .isEqualTo(nb.cells());
            assertThat(PercentFormat.format(back)).isEqualTo(text);
        }
    }

    @Test
    void aVsCodeStyleFileOpensWithTitlesKeptAndNoIds() {
        String vscode = """
                import os
                # %% Load the data
                data = [1, 2, 3]
                # %%
                total = sum(data)
                """;
        StoredNotebook nb = PercentFormat.parse(vscode);
        assertThat(nb.cells()).hasSize(3);
        assertThat(nb.cells()).extracting(StoredCell::id).containsOnlyNulls();
        assertThat(nb.cells().get(0).code()).isEqualTo("import os");
        assertThat(nb.cells().get(1).code()).isEqualTo("data = [1, 2, 3]");
        assertThat(nb.cells().get(1).markerExtra()).isEqualTo("# %% Load the data");
        assertThat(nb.cells().get(2).code()).isEqualTo("total = sum(data)");
    }

    @Test
    void aJupytextFileKeepsItsHeaderAndMarkdownCells() {
        String jupytext = """
                # ---
                # jupyter:
                #   jupytext:
                #     text_representation:
                #       format_name: percent
                # ---

                # %% [markdown]
                # # Title
                # Some text.

                # %%
                x = 1

                # %% tags=["parameters"]
                alpha = 0.5
                """;
        StoredNotebook nb = PercentFormat.parse(jupytext);
        assertThat(nb.header()).startsWith("# ---\n# jupyter:").endsWith("# ---\n\n");
        assertThat(nb.cells()).extracting(StoredCell::kind)
                .containsExactly(CellKind.MARKDOWN, CellKind.PYTHON, CellKind.PYTHON);
        assertThat(nb.cells().get(0).code()).isEqualTo("# Title\nSome text.");
        assertThat(nb.cells().get(1).code()).isEqualTo("x = 1");
        assertThat(nb.cells().get(2).markerExtra()).isEqualTo("# %% tags=[\"parameters\"]");
        assertThat(nb.cells().get(2).code()).isEqualTo("alpha = 0.5");
    }

    @Test
    void aPlainPythonFileWithoutMarkersIsOneCell() {
        StoredNotebook nb = PercentFormat.parse("import sys\n\nprint(sys.argv)\n");
        assertThat(nb.cells()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(CellKind.PYTHON);
            assertThat(c.code()).isEqualTo("import sys\n\nprint(sys.argv)");
        });
    }

    @Test
    void anEmptyFileHasNoCells() {
        assertThat(PercentFormat.parse("").cells()).isEmpty();
        assertThat(PercentFormat.parse("\n\n").cells()).isEmpty();
    }

    @Test
    void invalidHeaderSettingsKeepTheirDefaultsAndAreToldAsProblems() {
        StoredNotebook nb = PercentFormat.parse("# cellar: autorun=maybe cell-timeout=abc bogus=1 preview-rows=-3\n"
                + "# cellar: approval=sometimes memory=lots oops duckdb=file\n\n# %% id=a\nx = 1\n");
        assertThat(nb.settings().autorun()).isTrue();
        assertThat(nb.settings().cellTimeout()).isEqualTo(Duration.ZERO);
        assertThat(nb.settings().duckdbFile()).isTrue();
        assertThat(nb.problems()).containsExactly(
                "setting autorun=maybe in the header: expected true or false; using autorun=true",
                "setting cell-timeout=abc in the header: expected seconds (0 for no limit); using cell-timeout=0",
                "unknown setting bogus=1 in the header (ignored)",
                "setting preview-rows=-3 in the header: expected a whole number; using preview-rows=50",
                "setting approval=sometimes in the header: expected auto, ask-destructive, ask-all; using the default",
                "setting memory=lots in the header: expected a size such as 512M or 4G; using memory=0",
                "setting 'oops' in the header is not KEY=VALUE (ignored)");
        assertThat(PercentFormat.parse(CELLAR_FILE).problems()).isEmpty();
    }

    @Test
    void theSandboxSettingIsOffByDefaultAndAnUnreadableValueTurnsItOn() {
        assertThat(PercentFormat.parse("# %% id=a\nx = 1\n").settings().sandbox()).isFalse();
        assertThat(PercentFormat.parse("# cellar: sandbox=on\n").settings().sandbox()).isTrue();
        assertThat(PercentFormat.parse("# cellar: sandbox=off\n").settings().sandbox()).isFalse();
        StoredNotebook unsure = PercentFormat.parse("# cellar: sandbox=yes\n");
        assertThat(unsure.settings().sandbox()).isTrue();
        assertThat(unsure.problems()).containsExactly(
                "setting sandbox=yes in the header: expected on, off; using sandbox=on");
    }

    /** Which texts are a notebook's (what the daemon opens): a marker, a header of comments with # cellar:, or nothing. */
    @ParameterizedTest
    @ValueSource(strings = {"", "\n\n", "# %%\nx = 1\n", "import os\n# %% id=a\nx = 1\n", "#%% [markdown]\n# hi\n",
        "# cellar: sandbox=on\n", "#!/usr/bin/env python\n# cellar: autorun=false\n\nx = 1\n", "\uFEFF# %%\nx = 1\n"})
    void notebookTexts(String text) {
        assertThat(PercentFormat.isNotebookText(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"x = 1\n", "export PATH=$HOME/bin:$PATH\nalias ll='ls -l'\n",
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n", "api_key=sk-abc\n",
        "x = 1\n# cellar: sandbox=off\n", "print('# %%')\n", "# just a comment\n"})
    void otherTexts(String text) {
        assertThat(PercentFormat.isNotebookText(text)).isFalse();
    }

    @Test
    void envNamesTheVariablesPassedToAConfinedWorkerAndANameThatIsNoneIsToldAndLeftOut() {
        assertThat(PercentFormat.parse("# %% id=a\nx = 1\n").settings().env()).isEmpty();
        assertThat(PercentFormat.parse("# cellar: sandbox=on env=GITHUB_TOKEN,HF_HOME\n").settings().env())
                .containsExactly("GITHUB_TOKEN", "HF_HOME");
        StoredNotebook twice = PercentFormat.parse("# cellar: env=A,B\n# cellar: env=B,C\n");
        assertThat(twice.settings().env()).containsExactly("A", "B", "C");
        assertThat(twice.problems()).isEmpty();
        StoredNotebook odd = PercentFormat.parse("# cellar: env=GOOD,$(id),,9LIVES\n");
        assertThat(odd.settings().env()).containsExactly("GOOD");
        assertThat(odd.problems()).containsExactly(
                "setting env=GOOD,$(id),,9LIVES in the header: '$(id)' is not a variable name (letters, digits and _); left out",
                "setting env=GOOD,$(id),,9LIVES in the header: '' is not a variable name (letters, digits and _); left out",
                "setting env=GOOD,$(id),,9LIVES in the header: '9LIVES' is not a variable name (letters, digits and _); left out");
    }

    @Test
    void netListsTcpEndpointsAndOneThatIsNoneIsToldAndLeftOut() {
        assertThat(PercentFormat.parse("# %% id=a\nx = 1\n").settings().net()).isEmpty();
        StoredNotebook nb = PercentFormat.parse("# cellar: sandbox=on net=127.0.0.1:8786,db.lan:5432\n# cellar: net=[::1]:80\n");
        assertThat(nb.settings().net()).containsExactly("127.0.0.1:8786", "db.lan:5432", "[::1]:80");
        assertThat(nb.problems()).isEmpty();
        StoredNotebook odd = PercentFormat.parse("# cellar: net=on,10.0.0.1:0,10.0.0.1:22\n");
        assertThat(odd.settings().net()).containsExactly("10.0.0.1:22");
        assertThat(odd.problems()).containsExactly(
                "setting net=on,10.0.0.1:0,10.0.0.1:22 in the header: 'on' is not HOST:PORT (an IPv6 address in brackets:"
                        + " [::1]:5432); left out",
                "setting net=on,10.0.0.1:0,10.0.0.1:22 in the header: port 0 is not between 1 and 65535; left out");
    }

    @Test
    void kernelUseWritesPythonIntoTheHeaderTouchingNothingElse() {
        assertThat(HeaderRights.withSetting("", "python", "auto")).isEqualTo("# cellar: python=auto\n");
        assertThat(HeaderRights.withSetting("# cellar:  autorun=off python=/old  memory=1G\n", "python", "/new"))
                .isEqualTo("# cellar:  autorun=off python=/new  memory=1G\n");
        assertThat(HeaderRights.withSetting("# cellar: autorun=off\n", "python", ".venv/bin/python"))
                .isEqualTo("# cellar: autorun=off python=.venv/bin/python\n");
        assertThat(HeaderRights.withSetting("# ---\n# jupyter: {}\n# ---\n\n", "python", "graalpy"))
                .isEqualTo("# ---\n# jupyter: {}\n# ---\n# cellar: python=graalpy\n\n");
        assertThat(HeaderRights.withSetting("# cellar: xpython=1 python=a\n", "python", "b"))
                .isEqualTo("# cellar: xpython=1 python=b\n");
        assertThat(PercentFormat.settingsIn(HeaderRights.withSetting("# cellar: python=a\n", "python", "$1"),
                new java.util.ArrayList<>()).python()).isEqualTo("$1");
    }
}
