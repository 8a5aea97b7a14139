/** The assistant: configuration, the model behind an OpenAI-compatible endpoint, the notebook tools (commands on the notebook's loop with actor assistant), turns, approvals and the per-notebook conversation. */
package dev.cellar.daemon.assistant;
