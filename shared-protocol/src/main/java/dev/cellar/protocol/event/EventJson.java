package dev.cellar.protocol.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;

/**
 * An {@link Event} as one flat JSON object: {@code notebookId}, {@code seq}, {@code type},
 * {@code actor}, {@code requestId}, then the kind's own record components by name (null ones
 * left out), and {@code cellId} for a cell's events. Read back by {@code type}: the kind's
 * record is made from the members its components name; members it does not know are
 * ignored, so newer peers still talk; a missing number is an error naming it.
 */
final class EventJson {
    private EventJson() {
    }

    /** Each kind's components, read once per class: every event sent or read goes through them. */
    private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> kind) {
            return kind.getRecordComponents();
        }
    };

    /** The record that carries events of this type; a new type does not compile until it has one. */
    static Class<? extends Event> recordOf(EventType type) {
        return switch (type) {
            case CELL_CREATED -> Event.CellCreated.class;
            case CELL_UPDATED -> Event.CellUpdated.class;
            case CELL_DELETED -> Event.CellDeleted.class;
            case CELL_MOVED -> Event.CellMoved.class;
            case CELL_STATE -> Event.CellState.class;
            case CELL_OUTPUT -> Event.CellOutput.class;
            case RUN_STARTED -> Event.RunStarted.class;
            case RUN_FINISHED -> Event.RunFinished.class;
            case RESYNC -> Event.Resync.class;
            case NOTEBOOK_FILE -> Event.NotebookFile.class;
            case KERNEL_CHANGED -> Event.KernelChanged.class;
            case NOTEBOOK_CLOSED -> Event.NotebookClosed.class;
            case PRESENCE -> Event.Presence.class;
            case CHAT_MESSAGE, CHAT_DELTA, CHAT_TOOL_CALL, CHAT_APPROVAL, CHAT_TOOL_RESULT, CHAT_TURN_ENDED -> Event.Chat.class;
        };
    }

    /** The meta, and the chat record's kind (the wire's {@code type}), are not members of their own. */
    private static boolean ownMember(RecordComponent c) {
        return !c.getName().equals("meta") && !(c.getDeclaringRecord() == Event.Chat.class && c.getName().equals("kind"));
    }

    static final class Writer extends StdSerializer<Event> {
        Writer() {
            super(Event.class);
        }

        @Override
        public void serialize(Event event, JsonGenerator g, SerializerProvider provider) throws IOException {
            Event.Meta meta = event.meta();
            g.writeStartObject();
            if (meta.notebookId() != null) {
                g.writeStringField("notebookId", meta.notebookId());
            }
            g.writeNumberField("seq", meta.seq());
            g.writeStringField("type", event.type().wireName());
            if (meta.actor() != null) {
                g.writeStringField("actor", meta.actor());
            }
            if (meta.requestId() != null) {
                g.writeStringField("requestId", meta.requestId());
            }
            boolean cellIdWritten = false;
            for (RecordComponent c : COMPONENTS.get(event.getClass())) {
                if (!ownMember(c)) {
                    continue;
                }
                Object value = read(c, event);
                if (value != null) {
                    provider.defaultSerializeField(c.getName(), value, g);
                    cellIdWritten |= c.getName().equals("cellId");
                }
            }
            if (!cellIdWritten && event.cellId() != null) {
                g.writeStringField("cellId", event.cellId());
            }
            g.writeEndObject();
        }

        private static Object read(RecordComponent c, Event event) {
            try {
                return c.getAccessor().invoke(event);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + c.getName() + " of " + event.type(), e);
            }
        }
    }

    static final class Reader extends StdDeserializer<Event> {
        Reader() {
            super(Event.class);
        }

        @Override
        public Event deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode tree = ctxt.readTree(p);
            if (!(tree instanceof ObjectNode node)) {
                return (Event) ctxt.handleUnexpectedToken(Event.class, p);
            }
            JsonNode typeNode = node.get("type");
            if (typeNode == null || !typeNode.isTextual()) {
                return (Event) ctxt.reportInputMismatch(Event.class, "an event needs its type");
            }
            EventType type;
            try {
                type = EventType.parse(typeNode.asText());
            } catch (IllegalArgumentException e) {
                return (Event) ctxt.reportInputMismatch(Event.class, e.getMessage());
            }
            Event.Meta meta = new Event.Meta(text(node, "notebookId"), node.path("seq").asLong(),
                    text(node, "actor"), text(node, "requestId"));
            Class<? extends Event> kind = recordOf(type);
            RecordComponent[] components = COMPONENTS.get(kind);
            Object[] args = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                types[i] = c.getType();
                if (c.getName().equals("meta")) {
                    args[i] = meta;
                } else if (!ownMember(c)) {
                    args[i] = type;
                } else {
                    JsonNode member = node.get(c.getName());
                    if (member == null || member.isNull()) {
                        if (c.getType().isPrimitive()) {
                            return (Event) ctxt.reportInputMismatch(Event.class,
                                    "a " + type.wireName() + " event needs " + c.getName());
                        }
                        args[i] = null;
                    } else {
                        args[i] = ctxt.readTreeAsValue(member, ctxt.getTypeFactory().constructType(c.getGenericType()));
                    }
                }
            }
            try {
                return kind.getDeclaredConstructor(types).newInstance(args);
            } catch (InvocationTargetException e) {
                return (Event) ctxt.reportInputMismatch(Event.class, e.getCause() instanceof NullPointerException
                        ? "a " + type.wireName() + " event needs " + e.getCause().getMessage()
                        : "a bad " + type.wireName() + " event: " + e.getCause().getMessage());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(kind + " has no canonical constructor", e);
            }
        }

        private static String text(JsonNode node, String name) {
            JsonNode v = node.get(name);
            return v == null || !v.isTextual() ? null : v.asText();
        }
    }
}
