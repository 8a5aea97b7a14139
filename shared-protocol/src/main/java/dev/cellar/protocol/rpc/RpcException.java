package dev.cellar.protocol.rpc;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An error a caller can cause (bad params, unknown cell, conflict…), carried as a value
 * to the protocol layer, which turns it into a JSON-RPC error object. Broken machinery
 * throws other exceptions and is reported as {@link ErrorCode#INTERNAL_ERROR}.
 */
public final class RpcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ErrorCode errorCode;
    private final int code;
    private final transient JsonNode data;

    public RpcException(ErrorCode errorCode, String message) {
        this(errorCode, message, null);
    }

    public RpcException(ErrorCode errorCode, String message, JsonNode data) {
        this(errorCode, errorCode.code(), message, data);
    }

    private RpcException(ErrorCode errorCode, int code, String message, JsonNode data) {
        super(message, null, false, false);
        this.errorCode = errorCode;
        this.code = code;
        this.data = data;
    }

    /** Rebuilds the exception from an error object received over the wire. */
    public static RpcException fromWire(int code, String message, JsonNode data) {
        return new RpcException(ErrorCode.of(code), code, message, data);
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public int code() {
        return code;
    }

    public JsonNode data() {
        return data;
    }
}
