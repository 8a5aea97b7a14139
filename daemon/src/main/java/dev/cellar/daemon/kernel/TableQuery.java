package dev.cellar.daemon.kernel;

/**
 * What {@code table.rows} asks of a kept table: its handle as the kernel gave it, the rows
 * {@code [offset, offset+limit)} after an optional search and sort (a column's name).
 */
public record TableQuery(String handle, long offset, int limit, String sort, boolean descending, String search) {

    public TableQuery withHandle(String other) {
        return new TableQuery(other, offset, limit, sort, descending, search);
    }

    /** The table is no longer kept (the cell ran again, or the kernel is another one). */
    public static dev.cellar.protocol.rpc.RpcException gone(String why) {
        return new dev.cellar.protocol.rpc.RpcException(dev.cellar.protocol.rpc.ErrorCode.TABLE_GONE,
                "the table's rows are no longer kept (" + why + "): run the cell again");
    }
}
