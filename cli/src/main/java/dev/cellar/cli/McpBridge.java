package dev.cellar.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.method.AgentCallParams;
import dev.cellar.protocol.method.AgentCallResult;
import dev.cellar.protocol.method.AgentTools;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.SubscribeParams;
import dev.cellar.protocol.rpc.Json;
import dev.cellar.protocol.rpc.RpcException;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Between the MCP session and the daemon: every tool is the daemon's ({@code agent.tools}),
 * every call goes to {@code agent.call}; nothing about notebooks is decided here. The
 * daemon connection takes the agent's name ({@code clientInfo.name}) at its first call.
 */
final class McpBridge {
    private static final Set<EventType> CHANGES = Set.of(EventType.CELL_CREATED, EventType.CELL_UPDATED,
            EventType.CELL_DELETED, EventType.CELL_MOVED);

    /** The daemon's tool that opens a notebook: each one it opens is offered as a resource. */
    private static final String OPEN_NOTEBOOK = "open_notebook";

    private final CellarClient client;
    /** The tools whose schema has a {@code notebook} argument: with one notebook offered, it is filled in. */
    private final Set<String> inNotebook = ConcurrentHashMap.newKeySet();
    /** Notebook id → the file offered as a resource. */
    private final Map<String, Path> offered = new ConcurrentHashMap<>();
    private volatile String agentName;
    /** The notebooks named on the command line: the agent may always reach them. */
    private final List<Path> named;
    /** Where the agent may work without a root of its host's: the server's working directory. */
    private final Path workingDirectory;
    /** The folders the host declared (roots/list), once asked; empty: it declares none. */
    private volatile List<Path> hostRoots;

    McpBridge(CellarClient client, List<Path> named, Path workingDirectory) {
        this.client = client;
        this.named = List.copyOf(named);
        this.workingDirectory = workingDirectory;
    }

    /**
     * Where the agent may work, as the daemon checks it for every call: the notebooks named on
     * the command line, and the roots the host declares, else the working directory.
     */
    List<String> roots(McpSyncServerExchange exchange) {
        List<Path> declared = hostRoots;
        if (declared == null) {
            declared = askRoots(exchange);
            hostRoots = declared;
        }
        List<String> roots = new ArrayList<>();
        named.forEach(p -> roots.add(p.toString()));
        (declared.isEmpty() ? List.of(workingDirectory) : declared).forEach(p -> roots.add(p.toString()));
        return roots;
    }

    /** The host changed its roots (notifications/roots/list_changed). */
    void rootsChanged(List<McpSchema.Root> roots) {
        hostRoots = paths(roots);
    }

    private static List<Path> askRoots(McpSyncServerExchange exchange) {
        McpSchema.ClientCapabilities caps = exchange.getClientCapabilities();
        if (caps == null || caps.roots() == null) {
            return List.of();
        }
        try {
            McpSchema.ListRootsResult r = exchange.listRoots();
            return r == null || r.roots() == null ? List.of() : paths(r.roots());
        } catch (RuntimeException e) {
            return List.of(); // a host that says it has roots but does not answer: the working directory
        }
    }

    private static List<Path> paths(List<McpSchema.Root> roots) {
        List<Path> paths = new ArrayList<>();
        for (McpSchema.Root root : roots == null ? List.<McpSchema.Root>of() : roots) {
            try {
                java.net.URI uri = java.net.URI.create(root.uri());
                if ("file".equalsIgnoreCase(uri.getScheme())) {
                    paths.add(Path.of(uri));
                }
            } catch (RuntimeException notAFile) {
                // only folders on this machine can be roots of notebooks
            }
        }
        return List.copyOf(paths);
    }

    private volatile McpSyncServer server;

    /**
     * Offers a notebook as a resource and subscribes to its changes; once the MCP session is up,
     * the agent hears that the list of resources changed. Idempotent per notebook.
     */
    void offer(String notebookId, Path file) throws IOException {
        if (offered.putIfAbsent(notebookId, file) != null) {
            return;
        }
        client.call(Methods.NOTEBOOK_SUBSCRIBE, new SubscribeParams(notebookId, null), Object.class);
        McpSyncServer s = server;
        if (s != null) {
            s.addResource(resource(file)); // the SDK tells the agent the list changed
        }
    }

    static String uri(Path file) {
        return file.toUri().toString();
    }

    List<McpServerFeatures.SyncToolSpecification> tools(AgentTools tools) {
        List<McpServerFeatures.SyncToolSpecification> specs = new ArrayList<>();
        for (AgentTools.Tool t : tools.tools()) {
            if (t.inputSchema().get("properties") instanceof Map<?, ?> props && props.containsKey("notebook")) {
                inNotebook.add(t.name());
            }
            McpSchema.Tool tool = McpSchema.Tool.builder().name(t.name()).description(t.description())
                    .inputSchema(t.inputSchema())
                    .annotations(new McpSchema.ToolAnnotations(null, t.readOnly(), t.destructive(), t.readOnly(), false, null))
                    .build();
            specs.add(McpServerFeatures.SyncToolSpecification.builder().tool(tool)
                    .callHandler((exchange, request) -> call(exchange, t.name(), request.arguments())).build());
        }
        return specs;
    }

    private McpSchema.CallToolResult call(McpSyncServerExchange exchange, String tool, Map<String, Object> arguments) {
        nameAfter(exchange);
        ObjectNode args = arguments == null ? Json.MAPPER.createObjectNode() : Json.MAPPER.valueToTree(arguments);
        if (!args.hasNonNull("notebook") && offered.size() == 1 && inNotebook.contains(tool)) {
            args.put("notebook", offered.keySet().iterator().next());
        }
        try {
            AgentCallResult r = client.call(Methods.AGENT_CALL, new AgentCallParams(tool, args, roots(exchange)),
                    AgentCallResult.class);
            if (tool.equals(OPEN_NOTEBOOK) && r.ok()) { // every notebook the agent works in is a resource it can watch
                var opened = Json.MAPPER.readTree(r.json());
                offer(opened.path("notebookId").asText(), Path.of(opened.path("path").asText()));
            }
            return McpSchema.CallToolResult.builder().addTextContent(r.json()).isError(!r.ok()).build();
        } catch (RpcException | IOException e) {
            return McpSchema.CallToolResult.builder().addTextContent(Json.MAPPER.createObjectNode()
                    .put("error", String.valueOf(e.getMessage())).toString()).isError(true).build();
        }
    }

    /** The daemon sees the agent as {@code agent:<clientInfo.name>} from its first call on. */
    private void nameAfter(McpSyncServerExchange exchange) {
        if (agentName != null) {
            return;
        }
        McpSchema.Implementation info = exchange.getClientInfo();
        String name = info == null || info.name() == null || info.name().isBlank() ? "mcp" : info.name().strip();
        agentName = name;
        client.notify(Methods.DAEMON_HELLO, Map.of("clientName", "agent:" + name));
    }

    List<McpServerFeatures.SyncResourceSpecification> resources() {
        return offered.values().stream().map(McpBridge::resource).toList();
    }

    private static McpServerFeatures.SyncResourceSpecification resource(Path file) {
        McpSchema.Resource resource = McpSchema.Resource.builder().uri(uri(file)).name(file.getFileName().toString())
                .description("The notebook " + file + " as its percent-format file, as saved after every edit")
                .mimeType("text/x-python").build();
        return new McpServerFeatures.SyncResourceSpecification(resource, (exchange, request) -> {
            try {
                return new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(uri(file),
                        "text/x-python", Files.readString(file))));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
            }
        });
    }

    /**
     * From now on, notebooks the agent opens are added to the session's resources, and a
     * change of an offered notebook's cells tells the agent its resource changed.
     */
    void attach(McpSyncServer server) {
        this.server = server;
        // the sync server blocks while it sends: never on the daemon connection's network thread
        var sender = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mcp-notify");
            t.setDaemon(true);
            return t;
        });
        client.onEvent(e -> {
            Path file = offered.get(e.notebookId());
            if (file != null && CHANGES.contains(e.type())) {
                sender.execute(() -> {
                    try {
                        server.notifyResourcesUpdated(new McpSchema.ResourcesUpdatedNotification(uri(file)));
                    } catch (RuntimeException closing) {
                        // the session ended while the event arrived
                    }
                });
            }
        });
    }
}
