// Draws a flow graph as SVG with a simple layered layout: layers by longest path from START over
// the graph without its back edges, order within a layer by the barycentre of the layer above.
import { s } from './dom.js';

const START = '__start__';
const END = '__end__';
const W = 150, H = 38, GAP_X = 36, GAP_Y = 58, PAD = 24;

function edgesOf(graph) {
  const out = [];
  for (const e of graph.edges || []) {
    for (const to of Array.isArray(e.to) ? e.to : [e.to]) out.push({ from: e.from, to, conditional: e.type === 'conditional' });
  }
  return out;
}

export function layout(graph) {
  const nodes = [{ id: START, type: 'start' }, ...(graph.nodes || []), { id: END, type: 'end' }];
  const ids = new Set(nodes.map((n) => n.id));
  const edges = edgesOf(graph).filter((e) => ids.has(e.from) && ids.has(e.to));
  const next = new Map(nodes.map((n) => [n.id, []]));
  edges.forEach((e) => next.get(e.from).push(e));
  // depth-first from START: an edge to a node on the current path is a back edge (a loop)
  const state = new Map();
  const visit = (id) => {
    state.set(id, 1);
    for (const e of next.get(id)) {
      if (state.get(e.to) === 1) e.back = true;
      else if (!state.has(e.to)) visit(e.to);
    }
    state.set(id, 2);
  };
  visit(START);
  nodes.forEach((n) => { if (!state.has(n.id)) visit(n.id); });
  const layer = new Map(nodes.map((n) => [n.id, 0]));
  // longest path over forward edges (a DAG now): relax |V| times at most
  for (let i = 0; i < nodes.length; i++) {
    let changed = false;
    for (const e of edges) {
      if (!e.back && layer.get(e.to) < layer.get(e.from) + 1) { layer.set(e.to, layer.get(e.from) + 1); changed = true; }
    }
    if (!changed) break;
  }
  const maxLayer = Math.max(...[...layer.values()]);
  if (layer.get(END) < maxLayer) layer.set(END, maxLayer);
  const layers = [];
  nodes.forEach((n) => { (layers[layer.get(n.id)] ||= []).push(n); });
  const pos = new Map();
  layers.forEach((row, i) => {
    if (i > 0) {
      const bary = (n) => {
        const ins = edges.filter((e) => e.to === n.id && !e.back && pos.has(e.from)).map((e) => pos.get(e.from).order);
        return ins.length ? ins.reduce((a, b) => a + b, 0) / ins.length : 0;
      };
      row.sort((a, b) => bary(a) - bary(b));
    }
    row.forEach((n, j) => pos.set(n.id, { order: j, layer: i }));
  });
  const widest = Math.max(...layers.map((r) => (r ? r.length : 0)));
  const width = PAD * 2 + widest * W + (widest - 1) * GAP_X + 60;
  layers.forEach((row) => {
    if (!row) return;
    const rowWidth = row.length * W + (row.length - 1) * GAP_X;
    row.forEach((n, j) => {
      const p = pos.get(n.id);
      p.x = (width - 60 - rowWidth) / 2 + j * (W + GAP_X);
      p.y = PAD + p.layer * (H + GAP_Y);
    });
  });
  const height = PAD * 2 + layers.length * H + (layers.length - 1) * GAP_Y;
  return { nodes, edges, pos, width, height };
}

function label(n) {
  if (n.id === START) return 'START';
  if (n.id === END) return 'END';
  const text = n.id + ' (' + n.type + ')';
  return text.length > 22 ? text.slice(0, 21) + '…' : text;
}

/** The graph as an <svg>; {current} is highlighted, {visited} ids get a mark. */
export function drawGraph(graph, options) {
  const { current, visited } = options || {};
  const g = layout(graph);
  const marker = s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
    s('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrowhead' }));
  const svg = s('svg', { class: 'graph', viewBox: '0 0 ' + g.width + ' ' + g.height, width: g.width, height: g.height, role: 'img',
    'aria-label': 'Graph of flow ' + graph.flowId }, s('defs', {}, marker));
  for (const e of g.edges) {
    const a = g.pos.get(e.from), b = g.pos.get(e.to);
    let d;
    if (e.back || b.layer <= a.layer) {
      // a loop goes back up along the right side
      const x1 = a.x + W, y1 = a.y + H / 2, x2 = b.x + W, y2 = b.y + H / 2;
      const bulge = Math.max(x1, x2) + 40;
      d = `M ${x1} ${y1} C ${bulge} ${y1}, ${bulge} ${y2}, ${x2 + 2} ${y2}`;
    } else {
      const x1 = a.x + W / 2, y1 = a.y + H, x2 = b.x + W / 2, y2 = b.y - 2;
      const my = (y1 + y2) / 2;
      d = `M ${x1} ${y1} C ${x1} ${my}, ${x2} ${my}, ${x2} ${y2}`;
    }
    svg.append(s('path', { d, class: 'edge' + (e.conditional ? ' conditional' : '') + (e.back ? ' back' : ''), 'marker-end': 'url(#arrow)' }));
  }
  for (const n of g.nodes) {
    const p = g.pos.get(n.id);
    const cls = ['node', n.type, n.id === current ? 'current' : '', visited && visited.has(n.id) ? 'visited' : ''].join(' ').trim();
    const rx = n.type === 'start' || n.type === 'end' ? H / 2 : n.type === 'ask' ? 12 : 4;
    const group = s('g', { class: cls, dataset: { node: n.id } },
      s('title', {}, n.id + ' — ' + n.type + (n.fields ? ': asks ' + n.fields.join(', ') : '') + (n.tool ? ': widget ' + n.tool : '')),
      s('rect', { x: p.x, y: p.y, width: W, height: H, rx }),
      n.type === 'widget' ? s('rect', { x: p.x + 4, y: p.y + 4, width: W - 8, height: H - 8, rx: 2, class: 'inner' }) : null,
      s('text', { x: p.x + W / 2, y: p.y + H / 2 + 4, 'text-anchor': 'middle' }, label(n)));
    svg.append(group);
  }
  return svg;
}
