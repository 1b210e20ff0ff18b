// The MCP section's peer: WaniWani's insurance-quote flow (flow.mjs) on its MemoryKvStore, served by
// the official MCP TypeScript SDK's Streamable HTTP transport in its documented stateless form (a
// server and transport per POST, JSON responses, no SSE). Prints "listening PORT" once it serves;
// exits when stdin closes, so it never outlives the bench JVM that started it.
import http from "node:http";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { MemoryKvStore } from "@waniwani/sdk/mcp";
import { insuranceQuote } from "./flow.mjs";

const flow = insuranceQuote(new MemoryKvStore());

const MAX_BODY = 1 << 20;

const server = http.createServer((req, res) => {
  if (req.method !== "POST") {
    res.writeHead(405, { Allow: "POST" }).end();
    return;
  }
  const chunks = [];
  let size = 0;
  req.on("data", (chunk) => {
    size += chunk.length;
    if (size <= MAX_BODY) chunks.push(chunk);
  });
  req.on("end", async () => {
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      const mcp = new McpServer({ name: "waniwani-peer", version: "1.0.0" });
      await flow.register(mcp);
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      res.on("close", () => {
        transport.close();
        mcp.close();
      });
      await mcp.connect(transport);
      await transport.handleRequest(req, res, body);
    } catch (e) {
      if (!res.headersSent) {
        res.writeHead(400, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32700, message: String(e.message) } }));
      }
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2] || 0), "127.0.0.1", () => console.log("listening " + server.address().port));
const stop = () => server.close(() => process.exit(0));
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.resume();
