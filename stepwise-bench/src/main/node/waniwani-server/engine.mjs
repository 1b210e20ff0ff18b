// The peer section's WaniWani driver: the insurance_quote flow (flow.mjs) run in-process, with no
// MCP transport and no HTTP, by calling the compiled flow's tool handler (flow.handler(args, extra),
// the callback the SDK hands to McpServer.registerTool) the way the MCP SDK would after parsing a
// tools/call. The store is WaniWani's MemoryKvStore ("memory") or a KvStore over ioredis doing plain
// GET/SET of the JSON value ("redis URL KEY_PREFIX").
//
// Protocol (one line each way): prints "ready {versions}" once the store is open; then for each
// "run IN_FLIGHT MILLIS" on stdin runs IN_FLIGHT conversations concurrently, back to back, for MILLIS
// and prints one JSON line {inFlight, turns, conversations, verified, elapsedNanos, cpuMicros,
// p50Micros, p99Micros} (cpuMicros: process.cpuUsage() user+system over the window), or
// {"error": "..."} when a turn answered the wrong status or a completed conversation's stored state
// is not the expected quote. Exits on "quit" or when stdin closes.
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { MemoryKvStore } from "@waniwani/sdk/mcp";
import { insuranceQuote } from "./flow.mjs";

const STATUSES = ["interrupt", "interrupt", "widget", "complete"];
const ARGS = [
  () => ({ action: "start", intent: "a car quote" }),
  () => ({ action: "continue", stateUpdates: { name: "Ada Lovelace", email: "Ada@Example.com" } }),
  () => ({ action: "continue", stateUpdates: { age: 34 } }),
  () => ({ action: "continue", stateUpdates: { plan: "standard" } }),
];
// finalize's quote id for the lower-cased email the validator stores
const QUOTE_ID = "Q-" + ("ada@example.com".length * 7919).toString(16).toUpperCase();

/** A WaniWani KvStore over ioredis: GET and SET of the JSON value (SET ... EX when a TTL is given). */
class RedisKvStore {
  constructor(redis, prefix) {
    this.redis = redis;
    this.prefix = prefix;
  }
  async get(key) {
    const value = await this.redis.get(this.prefix + key);
    return value === null ? null : JSON.parse(value);
  }
  async set(key, value, options) {
    const json = JSON.stringify(value);
    if (options?.ttlSeconds) await this.redis.set(this.prefix + key, json, "EX", options.ttlSeconds);
    else await this.redis.set(this.prefix + key, json);
  }
  async delete(key) {
    await this.redis.del(this.prefix + key);
  }
}

const version = (pkg) => JSON.parse(readFileSync(new URL(`./node_modules/${pkg}/package.json`, import.meta.url))).version;
const versions = { node: process.version, "@waniwani/sdk": version("@waniwani/sdk") };

let store;
let redis;
if (process.argv[2] === "redis") {
  const { default: Redis } = await import("ioredis");
  versions.ioredis = version("ioredis");
  redis = new Redis(process.argv[3] || "redis://127.0.0.1:6379", { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  store = new RedisKvStore(redis, process.argv[4] || "waniwani-bench:");
} else {
  store = new MemoryKvStore();
}
const flow = insuranceQuote(store);
let run = 0;

/** Runs conversations back to back until the deadline; returns what it saw. */
async function worker(prefix, deadline, latencies) {
  let session = 0;
  let turns = 0;
  let conversations = 0;
  let last = null;
  let step = 0;
  let id = null;
  for (;;) {
    const start = performance.now();
    if (start >= deadline) break; // a conversation cut by the window's end is left unfinished
    if (step === 0) id = prefix + "-" + session++;
    const result = await flow.handler(ARGS[step](), { _meta: { "waniwani/sessionId": id } });
    const status = result.structuredContent?.status;
    if (status !== STATUSES[step]) {
      throw new Error(`turn ${step + 1} of ${id} answered ${status} instead of ${STATUSES[step]}: ${JSON.stringify(result.structuredContent)}`);
    }
    latencies.push(performance.now() - start);
    turns++;
    if (step === 3) {
      conversations++;
      last = id;
    }
    step = (step + 1) % 4;
  }
  return { turns, conversations, last };
}

/** A completed conversation's stored state: no next step, the answers and the issued quote. */
async function verify(id) {
  const token = await store.get(id);
  const s = token?.state;
  if (!token || token.step || s.quoteId !== QUOTE_ID || s.age !== 34 || s.plan !== "standard" || s.email !== "ada@example.com" || s.premium !== 35) {
    throw new Error(`conversation ${id} completed with stored state ${JSON.stringify(token)}`);
  }
}

async function window(inFlight, millis) {
  const prefix = "ww" + process.pid + "r" + ++run;
  const latencies = [];
  const cpu = process.cpuUsage();
  const begin = process.hrtime.bigint();
  const deadline = performance.now() + millis;
  const results = await Promise.all(
    Array.from({ length: inFlight }, (_, w) => worker(prefix + "w" + w, deadline, latencies)),
  );
  const elapsedNanos = Number(process.hrtime.bigint() - begin);
  const used = process.cpuUsage(cpu);
  let verified = 0;
  for (const r of results) {
    if (r.last) {
      await verify(r.last);
      verified++;
    }
  }
  latencies.sort((a, b) => a - b);
  const pct = (q) => (latencies.length ? latencies[Math.max(0, Math.ceil(q * latencies.length) - 1)] * 1000 : null);
  return {
    inFlight,
    turns: results.reduce((n, r) => n + r.turns, 0),
    conversations: results.reduce((n, r) => n + r.conversations, 0),
    verified,
    elapsedNanos,
    cpuMicros: used.user + used.system,
    p50Micros: pct(0.5),
    p99Micros: pct(0.99),
  };
}

let quitting = false;
async function quit() {
  if (quitting) return;
  quitting = true;
  if (redis) await redis.quit().catch(() => {});
  process.exit(0);
}

console.log("ready " + JSON.stringify(versions));
const lines = createInterface({ input: process.stdin });
let queue = Promise.resolve();
lines.on("line", (line) => {
  queue = queue.then(async () => {
    const [command, a, b] = line.trim().split(/\s+/);
    if (command === "quit") return quit();
    if (command !== "run") return console.log(JSON.stringify({ error: "unknown command: " + line }));
    try {
      console.log(JSON.stringify(await window(Number(a), Number(b))));
    } catch (e) {
      console.log(JSON.stringify({ error: String(e?.stack ?? e) }));
    }
  });
});
lines.on("close", () => queue.then(quit));
