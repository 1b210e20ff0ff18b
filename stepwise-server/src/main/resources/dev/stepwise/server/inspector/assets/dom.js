// Builds DOM nodes. Text always goes in as text nodes (never parsed as HTML), so session ids,
// state and log content render as what they are.
const SVG_NS = 'http://www.w3.org/2000/svg';

function fill(el, attrs, children) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      el.setAttribute('class', value);
    } else if (name === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (name === 'value' && 'value' in el) {
      el.value = value;
    } else if (name === 'checked' || name === 'disabled' || name === 'selected') {
      el[name] = Boolean(value);
    } else {
      el.setAttribute(name, String(value));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** An HTML element: h('a', {href: '#/x'}, 'text', otherNode). */
export function h(tag, attrs, ...children) {
  return fill(document.createElement(tag), attrs, children);
}

/** An SVG element. */
export function s(tag, attrs, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attrs, children);
}

/** Pretty JSON in a <pre>, as text. */
export function json(value, cls) {
  return h('pre', { class: cls || 'json' }, JSON.stringify(value, null, 2));
}

export function replace(el, ...children) {
  el.replaceChildren(...children.flat(Infinity).filter((c) => c !== undefined && c !== null && c !== false)
    .map((c) => (c instanceof Node ? c : document.createTextNode(String(c)))));
}

/** A relative time for a past or future ISO instant, with the exact instant as tooltip. */
export function time(iso) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  const ms = Date.parse(iso) - Date.now();
  const abs = Math.abs(ms);
  const units = [[86400000, 'd'], [3600000, 'h'], [60000, 'min'], [1000, 's']];
  let text = 'now';
  for (const [size, unit] of units) {
    if (abs >= size) { text = Math.floor(abs / size) + ' ' + unit; text = ms < 0 ? text + ' ago' : 'in ' + text; break; }
  }
  return h('time', { datetime: iso, title: iso }, text);
}

export function badge(status) {
  return h('span', { class: 'badge ' + String(status).replace(/[^a-z]/g, '') }, status);
}

/** The hash route to a session's page. */
export function sessionHref(flowId, sessionId) {
  return '#/session?flow=' + encodeURIComponent(flowId) + '&id=' + encodeURIComponent(sessionId);
}
