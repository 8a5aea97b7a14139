package dev.cellar.daemon.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.protocol.method.AgentTools;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link Tool} is the one table: the assistant and external agents are offered its rows with
 * the same descriptions and arguments, and the gate, presence and the turn's written cells
 * read their answers from it. No daemon, no Python.
 */
class ToolTableTest {

    @Test
    void everyNotebookToolIsOfferedToTheAssistantAndToAgentsWithTheSameSchema() {
        Map<String, ChatModel.ToolSpec> assistant = NotebookTools.specs().stream()
                .collect(Collectors.toMap(ChatModel.ToolSpec::name, Function.identity()));
        Map<String, AgentTools.Tool> agents = agentTools().stream()
                .collect(Collectors.toMap(AgentTools.Tool::name, Function.identity()));

        assertThat(agentTools()).extracting(AgentTools.Tool::name)
                .containsExactlyElementsOf(Arrays.stream(Tool.values()).map(Tool::wireName).toList());
        assertThat(NotebookTools.specs()).extracting(ChatModel.ToolSpec::name)
                .containsExactlyElementsOf(Tool.inNotebooks().stream().map(Tool::wireName).toList());

        for (Tool t : Tool.values()) {
            AgentTools.Tool agent = agents.get(t.wireName());
            assertThat(agent.description()).as(t.wireName()).isEqualTo(t.description());
            assertThat(agent.readOnly()).as(t.wireName()).isEqualTo(t.readOnly());
            assertThat(agent.destructive()).as(t.wireName()).isEqualTo(t.destructive());
            Map<?, ?> agentProps = (Map<?, ?>) agent.inputSchema().get("properties");
            assertThat(agentProps.keySet().containsAll((List<?>) agent.inputSchema().get("required")))
                    .as(t.wireName() + ": required arguments are among its properties").isTrue();
            if (t.inNotebook()) {
                ChatModel.ToolSpec spec = assistant.get(t.wireName());
                assertThat(spec.description()).isEqualTo(agent.description());
                Map<?, ?> specProps = (Map<?, ?>) spec.parameters().get("properties");
                Map<Object, Object> plusNotebook = new LinkedHashMap<>(specProps);
                plusNotebook.put("notebook", Tool.Args.NOTEBOOK);
                assertThat(agentProps).as(t.wireName()).isEqualTo(plusNotebook);
                assertThat(Set.copyOf((List<?>) spec.parameters().get("required"))).as(t.wireName())
                        .isEqualTo(specProps.keySet());
                assertThat(spec.parameters().get("additionalProperties")).isEqualTo(false);
            } else {
                assertThat(assistant).as("an agents' own tool").doesNotContainKey(t.wireName());
            }
        }
    }

    @Test
    void theGateClassifiesEveryTool() {
        String ruleSays = "the run rule";
        for (Tool t : Tool.values()) {
            String name = t.wireName();
            assertThat(ToolGate.why(ApprovalPolicy.AUTO, name, () -> ruleSays)).as(name).isNull();
            String askAll = ToolGate.why(ApprovalPolicy.ASK_ALL, name, () -> ruleSays);
            String askDestructive = ToolGate.why(ApprovalPolicy.ASK_DESTRUCTIVE, name, () -> ruleSays);
            switch (t.gate()) {
                case NEVER -> {
                    assertThat(askAll).as(name).isNull();
                    assertThat(askDestructive).as(name).isNull();
                }
                case CHANGE -> {
                    assertThat(askAll).as(name).isNotNull();
                    assertThat(askDestructive).as(name).isNull();
                }
                case DESTRUCTIVE -> {
                    assertThat(askAll).as(name).isNotNull();
                    assertThat(askDestructive).as(name).isEqualTo(t.asks()).isNotBlank();
                    assertThat(t.destructive()).as(name + ": asked as destructive, hinted so to MCP hosts").isTrue();
                }
                case RUN -> {
                    assertThat(askAll).as(name).isNotNull();
                    assertThat(askDestructive).as(name).isEqualTo(ruleSays);
                    assertThat(ToolGate.why(ApprovalPolicy.ASK_DESTRUCTIVE, name, () -> null)).as(name).isNull();
                }
            }
            if (t.readOnly()) {
                assertThat(t.gate()).as(name + ": reads never wait").isEqualTo(Tool.Gate.NEVER);
            }
        }
        assertThat(Tool.DELETE_CELL.gate()).isEqualTo(Tool.Gate.DESTRUCTIVE);
        assertThat(Tool.RUN_CELLS.gate()).isEqualTo(Tool.Gate.RUN);
        // a name the table does not know is a change; the tool answers that there is none
        assertThat(ToolGate.why(ApprovalPolicy.ASK_ALL, "no_such_tool", () -> ruleSays)).isNotNull();
        assertThat(ToolGate.why(ApprovalPolicy.ASK_DESTRUCTIVE, "no_such_tool", () -> ruleSays)).isNull();
    }

    @Test
    void presenceAndWrittenCellsComeFromTheTable() {
        for (Tool t : Tool.inNotebooks()) {
            Tool.Presence p = t.presence();
            assertThat(p.activity()).as(t.wireName()).isNotNull();
            if (p.cellArgument() != null) {
                assertThat(t.properties()).as(t.wireName()).containsKey(p.cellArgument());
            }
            String args = "{\"cellId\":\"c1\",\"cellIds\":[\"c1\",\"c2\"]}";
            ToolPresence.Target target = ToolPresence.of(t.wireName(), args);
            assertThat(target.activity()).isEqualTo(p.activity());
            assertThat(target.cellId()).as(t.wireName()).isEqualTo(p.cellArgument() == null ? null : "c1");

            NotebookTools.Result wrote = new NotebookTools.Result("{\"cellId\":\"c7\",\"version\":2}", true);
            assertThat(NotebookTools.writtenBy(t.wireName(), wrote)).as(t.wireName())
                    .isEqualTo(t.writesCell() ? java.util.Optional.of("c7") : java.util.Optional.empty());
            assertThat(NotebookTools.writtenBy(t.wireName(), NotebookTools.Result.error("no"))).isEmpty();
        }
        assertThat(Tool.inNotebooks()).filteredOn(Tool::writesCell).containsExactly(Tool.CREATE_CELL, Tool.UPDATE_CELL);
    }

    private static List<AgentTools.Tool> agentTools() {
        try (Agents agents = new Agents(null, null, ApprovalPolicy.ASK_DESTRUCTIVE)) {
            return agents.tools().tools();
        }
    }
}
