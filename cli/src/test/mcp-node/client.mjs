// Drives `cellar mcp` with the official MCP TypeScript SDK: initialize, list the tools, one call.
// Usage: node client.mjs COMMAND [ARGS…]   (the command that starts `cellar mcp`)
// Prints one JSON line: {server, tools, result}.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const [command, ...args] = process.argv.slice(2);
const transport = new StdioClientTransport({ command, args, stderr: "inherit" });
const client = new Client({ name: "node-agent", version: "1.0.0" });
await client.connect(transport);
const { tools } = await client.listTools();
const result = await client.callTool({ name: "get_notebook", arguments: {} });
console.log(JSON.stringify({
  server: client.getServerVersion(),
  tools: tools.map((t) => ({ name: t.name, readOnly: t.annotations?.readOnlyHint, destructive: t.annotations?.destructiveHint })),
  result,
}));
await client.close();
