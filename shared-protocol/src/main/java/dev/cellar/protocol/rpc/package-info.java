/** JSON-RPC 2.0 plumbing shared by the daemon and clients: message shapes, the error-code enum, the one Jackson configuration. Knows nothing of notebooks. */
package dev.cellar.protocol.rpc;
