package dev.cellar.daemon.server;

import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.RpcException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The one place any failure becomes a protocol error. Unexpected ones are logged with their stack. */
final class ErrorMapper {
    private static final System.Logger LOG = System.getLogger("cellar.server");

    private ErrorMapper() {
    }

    static RpcException toRpc(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof RpcException rpc) {
            return rpc;
        }
        if (cause instanceof IllegalArgumentException bad) {
            return new RpcException(ErrorCode.INVALID_PARAMS, describe(bad));
        }
        LOG.log(System.Logger.Level.ERROR, "request failed", cause);
        return new RpcException(ErrorCode.INTERNAL_ERROR, "internal error: " + cause
                + " (details in the daemon's log)");
    }

    /** Jackson's messages name Java types; say which param was wrong instead. */
    private static String describe(IllegalArgumentException bad) {
        if (bad.getCause() instanceof com.fasterxml.jackson.databind.JsonMappingException mapping) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .reduce((a, b) -> a + "." + b).orElse(null);
            Throwable root = mapping.getCause() instanceof IllegalArgumentException inner ? inner : null;
            String why = root != null ? root.getMessage() : firstLine(mapping.getOriginalMessage());
            if (mapping instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mismatch
                    && mismatch.getTargetType() != null && root == null) {
                why = "expected " + jsonType(mismatch.getTargetType());
            }
            return field == null ? "invalid params: " + why : "invalid value for '" + field + "': " + why;
        }
        return firstLine(bad.getMessage());
    }

    /** The JSON a Java type is read from, in the words of the protocol's documentation. */
    private static String jsonType(Class<?> type) {
        if (type == String.class || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == java.math.BigInteger.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> dev.cellar.protocol.rpc.Json.tree(c).asText()).toList();
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid params";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
