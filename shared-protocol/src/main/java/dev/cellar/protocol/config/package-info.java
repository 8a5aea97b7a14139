/**
 * The user's own Cellar configuration that both the {@code cellar} command and the daemon read:
 * where added JDBC drivers live and the named database connections.
 */
package dev.cellar.protocol.config;
