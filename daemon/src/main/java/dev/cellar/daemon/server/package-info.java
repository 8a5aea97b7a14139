/** The socket server: Netty pipeline, JSON-RPC framing and batches, dispatch of methods to notebook commands, error mapping. */
package dev.cellar.daemon.server;
