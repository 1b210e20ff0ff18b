// Playground: drive a flow turn by turn through /mcp, exactly as an MCP host would (tools/call),
// with every raw request and response beside it.
import { api, mcp } from './api.js';
import { h, json, replace, sessionHref } from './dom.js';

export async function render(el, route, ctx) {
  const { flows } = await api('flows');
  let flowId = route.arg || (flows[0] && flows[0].id);
  let sessionId = null;
  const turnBox = h('section', { class: 'card turn-box' });
  const rawBox = h('section', { class: 'card raw' }, h('h2', {}, 'Raw MCP traffic'));
  const intent = h('input', { name: 'intent', placeholder: 'What the user asked for (optional)', size: 40 });
  const picker = h('select', { name: 'flow', onchange: () => { location.hash = '#/playground/' + encodeURIComponent(picker.value); } },
    flows.map((f) => h('option', { value: f.id, selected: f.id === flowId }, f.id)));

  el.append(...[h('h1', {}, 'Playground'),
    ctx.info.writable ? null : h('p', { class: 'error' }, 'Read-only: sign in with the token to drive flows.'),
    h('form', { class: 'start', onsubmit: (e) => { e.preventDefault(); start(); } },
      h('label', {}, 'Flow ', picker), ' ', intent, ' ', h('button', { type: 'submit', class: 'primary', disabled: !ctx.info.writable }, 'Start')),
    h('div', { class: 'columns' }, h('div', { class: 'main-col' }, turnBox), h('aside', { class: 'wide' }, rawBox))].filter(Boolean));
  replace(turnBox, h('p', { class: 'muted' }, 'Start the flow to see its first question.'));

  async function call(name, args) {
    const exchange = await mcp('tools/call', { name, arguments: args });
    rawBox.append(h('div', { class: 'exchange' },
      h('h3', {}, '→ tools/call ' + name), json(exchange.request, 'json small request'),
      h('h3', {}, '← ' + exchange.status), json(exchange.response, 'json small response')));
    rawBox.lastChild.scrollIntoView({ block: 'nearest' });
    const result = exchange.response && exchange.response.result;
    if (!result) {
      const message = exchange.response && exchange.response.error ? exchange.response.error.message : 'HTTP ' + exchange.status;
      replace(turnBox, h('p', { class: 'error' }, message));
      return null;
    }
    return result.structuredContent || JSON.parse(result.content[0].text);
  }

  async function start() {
    sessionId = null;
    replace(rawBox, h('h2', {}, 'Raw MCP traffic'));
    const args = { action: 'start' };
    if (intent.value.trim()) args.intent = intent.value.trim();
    show(await call(flowId, args));
  }

  async function answer(updates) {
    show(await call(flowId, { action: 'continue', sessionId, stateUpdates: updates }));
  }

  function show(out) {
    if (!out) return;
    if (out.sessionId) sessionId = out.sessionId;
    const waiting = out.status === 'interrupt' || out.status === 'widget';
    const link = sessionId ? h('p', { class: 'muted small' }, 'Session ', h('a', { class: 'mono', href: sessionHref(flowId, sessionId) }, sessionId),
      waiting ? [' · ', h('button', { class: 'small', onclick: async () => show(await call(flowId, { action: 'cancel', sessionId })) }, 'Cancel it')] : null) : null;
    if (out.status === 'interrupt') {
      const questions = out.questions || [{ question: out.question, field: out.field, fieldSchema: out.fieldSchema, suggestions: out.suggestions }];
      replace(turnBox, h('h2', {}, 'The flow asks'), out.context ? h('p', { class: out.context.startsWith('ERROR:') ? 'error' : 'muted' }, out.context) : null,
        questionForm(questions), link);
    } else if (out.status === 'widget') {
      replace(turnBox, h('h2', {}, 'Widget ', h('span', { class: 'mono' }, out.tool)), h('p', { class: 'muted' }, out.description || ''),
        out.context ? h('p', { class: 'error' }, out.context) : null, widgetFrame(out),
        out.field ? questionForm([{ question: 'Answer for ' + out.field + ' (what the widget would send)', field: out.field, fieldSchema: out.fieldSchema }])
          : h('button', { class: 'primary', onclick: () => answer({}) }, 'Continue'), link);
    } else if (out.status === 'complete') {
      replace(turnBox, h('h2', { class: 'done' }, 'Complete'), out.result !== undefined ? json(out.result, 'json result') : null, link);
    } else if (out.status === 'cancelled') {
      replace(turnBox, h('h2', {}, 'Cancelled'), link);
    } else {
      replace(turnBox, h('h2', { class: 'error' }, 'Error ', out.code || ''), h('p', {}, out.error || ''), link);
    }
  }

  function questionForm(questions) {
    const form = h('form', { class: 'answers', onsubmit: (e) => {
      e.preventDefault();
      const updates = {};
      for (const q of questions) {
        const value = read(form.elements.namedItem(q.field), q.fieldSchema || {});
        if (value !== undefined) updates[q.field] = value;
      }
      answer(updates);
    } }, questions.map((q) => h('label', { class: 'field' }, h('span', {}, q.question), field(q),
      q.fieldSchema && q.fieldSchema.description ? h('small', { class: 'muted' }, q.fieldSchema.description) : null)),
    h('button', { type: 'submit', class: 'primary' }, 'Answer'));
    setTimeout(() => { const first = form.querySelector('input, select, textarea'); if (first) first.focus(); });
    return form;
  }

  function field(q) {
    const schema = q.fieldSchema || {};
    const name = q.field;
    if (schema.type === 'enum') {
      return h('select', { name }, (schema.values || []).map((v) => h('option', { value: v }, v)));
    }
    if (schema.type === 'boolean') return h('input', { name, type: 'checkbox' });
    if (schema.type === 'number') return h('input', { name, type: 'number', step: 'any', list: q.suggestions && q.suggestions.length ? 'sugg-' + name : null });
    if (schema.type === 'object' || schema.type === 'array') return h('textarea', { name, rows: 4, placeholder: 'JSON' });
    const input = h('input', { name, type: 'text', size: 40 });
    return q.suggestions && q.suggestions.length ? [input, h('small', { class: 'muted' }, 'e.g. ' + q.suggestions.join(', '))] : input;
  }

  function read(input, schema) {
    if (!input) return undefined;
    if (schema.type === 'boolean') return input.checked;
    const raw = input.value;
    if (raw === '') return undefined;
    if (schema.type === 'number') return Number(raw);
    if (schema.type === 'object' || schema.type === 'array') { try { return JSON.parse(raw); } catch (e) { return raw; } }
    return raw;
  }

  // The widget's ui:// template, served sandboxed (opaque origin, no access to this page), given its
  // data the MCP Apps way (postMessage ui/notifications/tool-input).
  function widgetFrame(out) {
    const frame = h('iframe', { class: 'widget', sandbox: 'allow-scripts', title: 'Widget ' + out.tool,
      src: 'widget?tool=' + encodeURIComponent(out.tool) });
    const said = h('p', { class: 'muted small widget-said' });
    const listener = (event) => {
      if (event.source !== frame.contentWindow) return;
      const m = event.data;
      if (m && m.method === 'ui/message' && m.params) {
        const text = (m.params.content || []).map((c) => c.text || '').join(' ');
        said.textContent = 'The widget says: ' + text;
        // what a model would do with the widget's message: pick the one allowed value it names
        const form = turnBox.querySelector('form.answers');
        const select = form && out.field ? form.elements.namedItem(out.field) : null;
        if (select instanceof HTMLSelectElement) {
          const named = [...select.options].filter((o) => new RegExp('\\b' + o.value.replace(/[^A-Za-z0-9_]/g, '\\$&') + '\\b', 'i').test(text));
          if (named.length === 1) select.value = named[0].value;
        }
      }
    };
    window.addEventListener('message', listener);
    frame.addEventListener('load', () => {
      frame.contentWindow.postMessage({ jsonrpc: '2.0', method: 'ui/notifications/tool-input', params: { arguments: out.data || {} } }, '*');
    });
    return [frame, said];
  }

  return null;
}
