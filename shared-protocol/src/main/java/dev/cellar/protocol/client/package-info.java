/** The client library every Cellar client uses: connect to the daemon's socket, call methods, receive events. */
package dev.cellar.protocol.client;
