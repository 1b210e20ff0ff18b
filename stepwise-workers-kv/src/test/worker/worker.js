// Serves the paths of Cloudflare's KV REST API (client/v4) on a KV binding, the way the API
// answers them, for the Workers KV store tests. Each NAMESPACE in the path is kept apart by a key
// prefix inside the one binding, so every test fixture can have a fresh, empty namespace.
const BASE = /^\/client\/v4\/accounts\/([^/]+)\/storage\/kv\/namespaces\/([^/]+)\/(.*)$/;
const MIN_TTL = 60; // seconds, as the real API requires

function json(status, body) {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

function failure(status, code, message) {
  return json(status, { success: false, errors: [{ code, message }], messages: [], result: null });
}

function success(result, extra = {}) {
  return json(200, { success: true, errors: [], messages: [], result, ...extra });
}

function ttlOptions(value) {
  if (value === null || value === undefined || value === "") return {};
  const ttl = Number(value);
  if (!Number.isInteger(ttl) || ttl < MIN_TTL) return null;
  return { expirationTtl: ttl };
}

function checkName(name) {
  if (name === "" || name === "." || name === "..") return "invalid key name";
  if (new TextEncoder().encode(name).length > 512) return "key name is longer than 512 bytes";
  return null;
}

export default {
  async fetch(request, env) {
    if (request.headers.get("authorization") !== `Bearer ${env.TOKEN}`) {
      return failure(401, 10000, "Authentication error");
    }
    const url = new URL(request.url);
    const match = url.pathname.match(BASE);
    if (!match) return failure(404, 7003, "Could not route to " + url.pathname);
    const space = decodeURIComponent(match[2]) + "/";
    const rest = match[3];
    try {
      if (rest.startsWith("values/")) {
        const name = decodeURIComponent(rest.slice("values/".length));
        const invalid = checkName(name);
        if (invalid) return failure(400, 10019, invalid);
        if (request.method === "GET") {
          const value = await env.KV.get(space + name, "arrayBuffer");
          if (value === null) return failure(404, 10009, "get: 'key not found'");
          return new Response(value, { headers: { "content-type": "application/octet-stream" } });
        }
        if (request.method === "PUT") {
          const options = ttlOptions(url.searchParams.get("expiration_ttl"));
          if (options === null) return failure(400, 10014, `expiration_ttl must be at least ${MIN_TTL}`);
          await env.KV.put(space + name, await request.arrayBuffer(), options);
          return success({});
        }
        if (request.method === "DELETE") {
          await env.KV.delete(space + name);
          return success({});
        }
        return failure(405, 10000, "method not allowed");
      }
      if (rest === "keys" && request.method === "GET") {
        const limit = Number(url.searchParams.get("limit") || 1000);
        const listed = await env.KV.list({
          prefix: space + (url.searchParams.get("prefix") || ""),
          cursor: url.searchParams.get("cursor") || undefined,
          limit,
        });
        const keys = listed.keys.map((k) => {
          const key = { name: k.name.slice(space.length) };
          if (k.expiration !== undefined) key.expiration = k.expiration;
          return key;
        });
        return success(keys, {
          result_info: { count: keys.length, cursor: listed.list_complete ? "" : listed.cursor },
        });
      }
      if (rest === "bulk/delete" && request.method === "POST") {
        const names = await request.json();
        if (!Array.isArray(names) || names.length > 10000) return failure(400, 10001, "expected up to 10000 key names");
        for (const name of names) await env.KV.delete(space + name);
        return success({ successful_key_count: names.length, unsuccessful_keys: [] });
      }
      if (rest === "bulk" && request.method === "PUT") {
        const pairs = await request.json();
        if (!Array.isArray(pairs) || pairs.length > 10000) return failure(400, 10001, "expected up to 10000 pairs");
        for (const pair of pairs) {
          const options = ttlOptions(pair.expiration_ttl);
          if (options === null) return failure(400, 10014, `expiration_ttl must be at least ${MIN_TTL}`);
          const value = pair.base64 ? Uint8Array.from(atob(pair.value), (c) => c.charCodeAt(0)) : pair.value;
          await env.KV.put(space + pair.key, value, options);
        }
        return success({ successful_key_count: pairs.length, unsuccessful_keys: [] });
      }
      return failure(404, 7003, "Could not route to " + url.pathname);
    } catch (e) {
      return failure(400, 10001, String(e && e.message ? e.message : e));
    }
  },
};
