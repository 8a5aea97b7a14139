package dev.cellar.daemon.assistant;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionSystemMessageParam;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.chat.completions.ChatCompletionUserMessageParam;
import dev.cellar.protocol.model.ChatMessage;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/** The model behind any OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, llama.cpp, LM Studio), through the OpenAI Java SDK. */
public final class OpenAiChatModel implements ChatModel {
    private final OpenAIClient client;
    private final AssistantConfig config;

    public OpenAiChatModel(AssistantConfig config) {
        this.config = config;
        OpenAIOkHttpClient.Builder b = OpenAIOkHttpClient.builder()
                .apiKey(config.apiKey() != null ? config.apiKey() : "none") // local servers ignore it, the SDK wants one
                .maxRetries(0) // a failed call ends the turn with a message; the person decides to retry
                .timeout(config.timeout());
        if (config.baseUrl() != null) {
            b.baseUrl(config.baseUrl());
        }
        this.client = b.build();
    }

    @Override
    public Reply complete(String system, List<ChatMessage> history, List<ToolSpec> tools, Consumer<String> onText,
                          Cancellation cancellation) throws ModelException {
        ChatCompletionCreateParams params = params(system, history, tools);
        StringBuilder text = new StringBuilder();
        Map<Long, String[]> calls = new TreeMap<>(); // index -> {id, name, arguments}
        long tokens = -1;
        Runnable unregister = () -> { };
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            unregister = cancellation.onCancel(stream::close);
            Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
            while (!cancellation.isCancelled() && chunks.hasNext()) {
                ChatCompletionChunk chunk = chunks.next();
                if (chunk.usage().isPresent()) {
                    tokens = chunk.usage().get().totalTokens();
                }
                for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                    choice.delta().content().filter(t -> !t.isEmpty()).ifPresent(t -> {
                        text.append(t);
                        onText.accept(t);
                    });
                    choice.delta().toolCalls().ifPresent(deltas -> deltas.forEach(d -> {
                        String[] call = calls.computeIfAbsent(d.index(), i -> new String[] {null, "", ""});
                        d.id().ifPresent(id -> call[0] = id);
                        d.function().ifPresent(f -> {
                            f.name().ifPresent(n -> call[1] += n);
                            f.arguments().ifPresent(a -> call[2] += a);
                        });
                    }));
                }
            }
        } catch (RuntimeException e) {
            if (!cancellation.isCancelled()) {
                throw new ModelException(describe(e), e);
            }
        } finally {
            unregister.run();
        }
        List<ChatMessage.ToolCall> toolCalls = new ArrayList<>();
        calls.forEach((index, c) -> toolCalls.add(new ChatMessage.ToolCall(c[0] != null ? c[0] : "call_" + index, c[1], c[2])));
        if (tokens < 0) {
            tokens = estimateTokens(system, history, text);
        }
        return new Reply(text.toString(), toolCalls, tokens);
    }

    private ChatCompletionCreateParams params(String system, List<ChatMessage> history, List<ToolSpec> tools) {
        ChatCompletionCreateParams.Builder p = ChatCompletionCreateParams.builder()
                .model(config.model())
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .addMessage(ChatCompletionSystemMessageParam.builder().content(system).build());
        for (ChatMessage m : history) {
            switch (m.role()) {
                case "user" -> p.addMessage(ChatCompletionUserMessageParam.builder().content(m.text()).build());
                case "tool" -> p.addMessage(ChatCompletionToolMessageParam.builder().toolCallId(m.toolCallId())
                        .content(m.text()).build());
                default -> {
                    ChatCompletionAssistantMessageParam.Builder a = ChatCompletionAssistantMessageParam.builder();
                    if (m.text() != null && !m.text().isEmpty()) {
                        a.content(m.text());
                    }
                    for (ChatMessage.ToolCall c : m.toolCalls()) {
                        a.addToolCall(ChatCompletionMessageFunctionToolCall.builder().id(c.id())
                                .function(ChatCompletionMessageFunctionToolCall.Function.builder()
                                        .name(c.name()).arguments(c.arguments()).build())
                                .build());
                    }
                    p.addMessage(a.build());
                }
            }
        }
        for (ToolSpec t : tools) {
            FunctionParameters.Builder schema = FunctionParameters.builder();
            t.parameters().forEach((k, v) -> schema.putAdditionalProperty(k, JsonValue.from(v)));
            p.addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
                    .name(t.name()).description(t.description()).parameters(schema.build()).strict(true).build()).build());
        }
        return p.build();
    }

    private String describe(RuntimeException e) {
        String where = config.baseUrl() != null ? config.baseUrl() : "the OpenAI API";
        if (e instanceof OpenAIServiceException s) {
            return "the model endpoint " + where + " answered HTTP " + s.statusCode() + ": " + firstLine(s.getMessage());
        }
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof InterruptedIOException) {
                return "the model endpoint " + where + " did not answer within " + config.timeout().toSeconds() + " s";
            }
            cause = cause.getCause();
        }
        if (e instanceof OpenAIIoException) {
            return "cannot reach the model endpoint " + where + ": " + firstLine(e.getMessage());
        }
        return "the model call failed: " + firstLine(String.valueOf(e.getMessage()));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static long estimateTokens(String system, List<ChatMessage> history, CharSequence reply) {
        long chars = system.length() + reply.length();
        for (ChatMessage m : history) {
            chars += m.text() == null ? 0 : m.text().length();
            for (ChatMessage.ToolCall c : m.toolCalls()) {
                chars += c.arguments().length();
            }
        }
        return chars / 4; // a rough token count for endpoints that do not report usage
    }
}
