// The inspector's HTTP API and MCP calls. The token lives in this module's memory only: never in a
// URL, a cookie or storage.
let token = null;
let onUnauthorized = () => {};

export function setToken(value) { token = value || null; }
export function hasToken() { return token !== null; }
export function whenUnauthorized(handler) { onUnauthorized = handler; }

export class ApiError extends Error {
  constructor(status, code, message) { super(message); this.status = status; this.code = code; }
}

function headers(extra) {
  const out = Object.assign({}, extra);
  if (token) out.Authorization = 'Bearer ' + token;
  return out;
}

/** GET/DELETE/POST a path under /inspector/api, returning the parsed JSON. */
export async function api(path, params, method) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') query.set(k, v);
  }
  const qs = query.toString();
  const res = await fetch('api/' + path + (qs ? '?' + qs : ''), { method: method || 'GET', headers: headers(), cache: 'no-store' });
  let body = null;
  try { body = await res.json(); } catch (e) { body = { error: 'the server answered ' + res.status + ' without JSON' }; }
  if (res.status === 401) onUnauthorized();
  if (!res.ok) throw new ApiError(res.status, body.code || 'HTTP_' + res.status, body.error || 'HTTP ' + res.status);
  return body;
}

let mcpSession = null;
let mcpReady = null;
let nextId = 1;

/** Posts one JSON-RPC message to /mcp, as an MCP host would; returns {request, status, response}. */
export async function mcp(method, params) {
  if (method !== 'initialize' && !mcpReady) {
    mcpReady = initialize().catch((e) => { mcpReady = null; throw e; });
  }
  if (method !== 'initialize') await mcpReady;
  return post({ jsonrpc: '2.0', id: nextId++, method, params });
}

async function initialize() {
  const init = await post({
    jsonrpc: '2.0', id: nextId++, method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'stepwise-inspector', version: '1' } },
  });
  if (init.response && init.response.error) throw new ApiError(init.status, 'MCP', init.response.error.message);
  if (mcpSession) await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, true);
}

async function post(request, notification) {
  const h = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
  if (mcpSession) h['Mcp-Session-Id'] = mcpSession;
  const res = await fetch('../mcp', { method: 'POST', headers: headers(h), body: JSON.stringify(request), cache: 'no-store' });
  const session = res.headers.get('Mcp-Session-Id');
  if (session) mcpSession = session;
  if (res.status === 401) onUnauthorized();
  if (notification) return { request, status: res.status, response: null };
  const text = await res.text();
  let response = null;
  if ((res.headers.get('Content-Type') || '').startsWith('text/event-stream')) {
    // a stateful server may answer as an SSE stream: the answer is the last data line
    const data = text.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim());
    response = data.length ? JSON.parse(data[data.length - 1]) : null;
  } else if (text) {
    try { response = JSON.parse(text); } catch (e) { response = { error: { message: text } }; }
  }
  return { request, status: res.status, response };
}
