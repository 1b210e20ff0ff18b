// Flows: every hosted flow, and one flow's graph, state schema and MCP tool definition.
import { api } from './api.js';
import { h, json } from './dom.js';
import { drawGraph } from './graph.js';

export async function render(el, route) {
  if (route.name === 'flow' && route.arg) return renderFlow(el, route.arg);
  const { flows } = await api('flows');
  el.append(h('h1', {}, 'Flows'), h('table', { class: 'table' },
    h('thead', {}, h('tr', {}, ['Flow', 'Title', 'Version', 'Nodes', 'Graph hash', ''].map((t) => h('th', {}, t)))),
    h('tbody', {}, flows.map((f) => h('tr', {},
      h('td', {}, h('a', { href: '#/flow/' + encodeURIComponent(f.id) }, f.id)),
      h('td', {}, f.title), h('td', {}, f.version), h('td', {}, f.nodes),
      h('td', { class: 'mono' }, f.graphHash.slice(0, 12)),
      h('td', {}, h('a', { href: '#/playground/' + encodeURIComponent(f.id) }, 'Try it')))))));
  return null;
}

async function renderFlow(el, id) {
  const flow = await api('flow', { id });
  el.append(
    h('h1', {}, flow.title, ' ', h('span', { class: 'muted' }, flow.id + ' v' + flow.version)),
    h('p', {}, flow.description),
    h('p', { class: 'muted' }, 'Graph hash ', h('span', { class: 'mono' }, flow.graphHash), ' · sessions live ', flow.sessionTtl,
      ' · ', h('a', { href: '#/sessions?flow=' + encodeURIComponent(flow.id) }, 'sessions'),
      ' · ', h('a', { href: '#/playground/' + encodeURIComponent(flow.id) }, 'try it in the playground')),
    h('section', { class: 'card' }, h('h2', {}, 'Graph'), h('div', { class: 'graph-box' }, drawGraph(flow.graph)),
      h('p', { class: 'legend muted' }, 'Rounded: ask · double border: widget · square: action · dashed edge: conditional')),
    h('section', { class: 'card' }, h('h2', {}, 'State schema'), schemaTable(flow.schema),
      flow.userSchema.length ? [h('h3', {}, 'User scope'), schemaTable(flow.userSchema)] : null,
      flow.projectSchema.length ? [h('h3', {}, 'Project scope'), schemaTable(flow.projectSchema)] : null),
    h('section', { class: 'card' }, h('h2', {}, 'MCP tool definition'),
      h('p', { class: 'muted' }, 'Exactly what tools/list gives the model.'), json(flow.tool)));
  return null;
}

export function schemaTable(rows) {
  return h('table', { class: 'table schema' },
    h('thead', {}, h('tr', {}, ['Field', 'Type', 'Description', 'Constraints', ''].map((t) => h('th', {}, t)))),
    h('tbody', {}, rows.map((r) => h('tr', {},
      h('td', { class: 'mono' }, r.name), h('td', {}, r.type + (r.items ? ' of ' + r.items : '')), h('td', {}, r.description),
      h('td', {}, r.constraints.join('; ')),
      h('td', {}, r.computed ? h('span', { class: 'tag' }, 'computed') : null, r.optional ? h('span', { class: 'tag' }, 'optional') : null)))));
}
