/** Notebook events as sent to subscribers: one flat record whose fields depend on its type. */
package dev.cellar.protocol.event;
