// Starts worker.js in Miniflare (the real workerd runtime) on a free loopback port, with an
// in-memory KV namespace, and prints "listening URL" once it serves. Exits when stdin closes,
// so the server never outlives the test JVM that started it. Token: the KV_TOKEN variable.
import { Miniflare } from "miniflare";
import { fileURLToPath } from "node:url";

const mf = new Miniflare({
  modules: true,
  scriptPath: fileURLToPath(new URL("./worker.js", import.meta.url)),
  kvNamespaces: ["KV"],
  bindings: { TOKEN: process.env.KV_TOKEN || "" },
  host: "127.0.0.1",
  port: 0,
});
const url = await mf.ready;
console.log("listening " + url.href);
const stop = async () => {
  await mf.dispose();
  process.exit(0);
};
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.resume();
