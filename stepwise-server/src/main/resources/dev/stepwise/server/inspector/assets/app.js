// The inspector's entry: hash routes, the token prompt and the polling loop.
import { api, setToken, whenUnauthorized, ApiError } from './api.js';
import { h, replace } from './dom.js';
import * as flows from './flows.js';
import * as sessions from './sessions.js';
import * as session from './session.js';
import * as playground from './playground.js';

const routes = { sessions, flows, flow: flows, session, playground };
const view = document.getElementById('view');
const ctx = { info: null };
let current = null; // { poll, every } of the view on screen
let timer = null;
let generation = 0;

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, query] = raw.split('?');
  const [name, ...rest] = path.split('/');
  return { name: name || 'sessions', arg: rest.map(decodeURIComponent).join('/'), params: new URLSearchParams(query || '') };
}

async function show() {
  const gen = ++generation;
  clearTimeout(timer);
  current = null;
  const route = parseHash();
  const module = routes[route.name] || sessions;
  document.querySelectorAll('[data-nav]').forEach((a) => a.classList.toggle('active', a.dataset.nav === (route.name === 'flow' ? 'flows' : route.name === 'session' ? 'sessions' : route.name)));
  try {
    if (!ctx.info) await loadInfo();
    const container = h('div', { class: 'view-' + route.name });
    replace(view, container);
    const live = await module.render(container, route, ctx);
    if (gen !== generation) return;
    current = live || null;
    schedule(gen);
  } catch (e) {
    if (gen !== generation) return;
    if (e instanceof ApiError && e.status === 401) return; // the prompt is up; it re-renders on sign-in
    replace(view, h('p', { class: 'error' }, e.message));
  }
}

// Polling, not SSE: every view is a cheap GET, works through any proxy and load balancer
// (the API is stateless like /mcp), and pauses while the tab is hidden. See docs/inspector.md.
function schedule(gen) {
  if (!current || !current.poll) return;
  timer = setTimeout(async () => {
    if (gen !== generation) return;
    if (!document.hidden) {
      try { await current.poll(); } catch (e) { /* shown by the view; try again next tick */ }
    }
    schedule(gen);
  }, current.every || 2000);
}

async function loadInfo() {
  ctx.info = await api('info');
  const access = document.getElementById('access');
  replace(access, ctx.info.writable ? 'read & write' : 'read-only', ctx.info.auth === 'bearer' ? ' · token' : ' · loopback');
}

// the token prompt: kept in memory by api.js; a 401 anywhere brings it back
const login = document.getElementById('login');
const loginForm = document.getElementById('login-form');
const loginToken = document.getElementById('login-token');
const loginError = document.getElementById('login-error');
let prompted = false;
whenUnauthorized(() => {
  if (prompted && !login.hidden) return;
  if (prompted) { loginError.hidden = false; loginError.textContent = 'That token was refused.'; }
  prompted = true;
  clearTimeout(timer);
  login.hidden = false;
  loginToken.focus();
});
loginForm.addEventListener('submit', (event) => {
  event.preventDefault();
  setToken(loginToken.value.trim());
  loginToken.value = '';
  login.hidden = true;
  loginError.hidden = true;
  ctx.info = null;
  show();
});

window.addEventListener('hashchange', show);
show();
