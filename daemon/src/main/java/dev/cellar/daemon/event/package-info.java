/**
 * A notebook's event stream: the log that numbers events gap-free and replays them
 * ({@code EventLog}), drafts that become events once numbered ({@code Draft}), coalesced
 * output deltas, and presence. Used only on the notebook's command loop.
 */
package dev.cellar.daemon.event;
