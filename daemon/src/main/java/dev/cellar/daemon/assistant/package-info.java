/**
 * The assistant: configuration, the model behind an OpenAI-compatible endpoint, the notebook tools (commands on the
 * notebook's loop with actor assistant), turns, approvals and the per-notebook conversation; and external agents
 * ({@code cellar mcp}) through the same tools and approvals with actor agent:NAME. Checkpoints and rewind of turns are
 * the notebook's (TurnCheckpoints, TurnRewind), recorded on its loop.
 */
package dev.cellar.daemon.assistant;
