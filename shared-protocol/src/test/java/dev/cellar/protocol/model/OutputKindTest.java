package dev.cellar.protocol.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.protocol.rpc.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An output says whether it was the cell's value or displayed while the cell ran (Jupyter's
 * execute_result and display_data); outputs without the member, from older peers, read as before.
 */
class OutputKindTest {
    @Test
    void anOutputWithoutAKindMeansWhatItMeantBefore() throws Exception {
        Output text = Json.MAPPER.readValue("{\"type\":\"text\",\"text\":\"42\"}", Output.class);
        Output table = Json.MAPPER.readValue("{\"type\":\"table\",\"columns\":[],\"rows\":[],\"rowCount\":0}", Output.class);
        Output display = Json.MAPPER.readValue("{\"type\":\"display\",\"data\":{\"text/plain\":\"x\"}}", Output.class);
        assertThat(Output.kindOf(text)).isEqualTo(Output.Kind.RESULT);
        assertThat(Output.kindOf(table)).isEqualTo(Output.Kind.RESULT);
        assertThat(Output.kindOf(display)).isEqualTo(Output.Kind.DISPLAY);
        assertThat(Output.kindOf(new Output.Stream("stdout", "hi"))).isNull();
        assertThat(Json.tree(new Output.Text("42")).has("kind")).as("nothing new on the wire for old outputs").isFalse();
    }

    @Test
    void aKindTravelsWithEveryShownOutputAndComesBack() throws Exception {
        List<Output> all = List.of(
                new Output.Text("1", Output.Kind.DISPLAY),
                new Output.Display(Map.of("text/plain", "Md()", "text/markdown", "**b**"), Output.Kind.RESULT),
                new Output.Table(List.of(new Output.Column("k", "int64")), List.of(List.of(1)), 1, null, "py:1",
                        Output.Kind.DISPLAY));
        for (Output o : all) {
            JsonNode wire = Json.tree(o);
            assertThat(wire.path("kind").asText()).isEqualTo(o == all.get(1) ? "result" : "display");
            Output back = Json.convert(wire, Output.class);
            assertThat(back).isEqualTo(o);
            assertThat(Output.kindOf(back)).isEqualTo(o == all.get(1) ? Output.Kind.RESULT : Output.Kind.DISPLAY);
        }
        Output.Table shown = (Output.Table) all.get(2);
        assertThat(shown.withHandle(null).kind()).as("paging handles come and go; the kind stays").isEqualTo(Output.Kind.DISPLAY);
    }
}
