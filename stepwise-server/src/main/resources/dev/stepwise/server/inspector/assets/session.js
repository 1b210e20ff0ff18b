// One session: where it is, what it waits for, its state, the timeline of its log, and stepping
// back through the turns to see the state after each (read-only time travel).
import { api, ApiError } from './api.js';
import { h, json, replace, time, badge } from './dom.js';
import { drawGraph } from './graph.js';

export async function render(el, route, ctx) {
  const flowId = route.params.get('flow');
  const id = route.params.get('id');
  if (!flowId || !id) throw new Error('missing flow or session id in the address');
  const flow = await api('flow', { id: flowId }).catch(() => null);
  const head = h('div', { class: 'session-head' });
  const facts = h('section', { class: 'card facts' });
  const graphBox = h('section', { class: 'card graph-card' });
  const stateBox = h('section', { class: 'card state' });
  const timelineBox = h('section', { class: 'card timeline' });
  let session = null;
  let timeline = null;
  let selected = null; // the turn shown; null: the latest (live state)

  el.append(head, h('div', { class: 'columns' },
    h('div', { class: 'main-col' }, stateBox, timelineBox),
    h('aside', {}, facts, graphBox)));

  async function load() {
    try {
      session = await api('session', { flow: flowId, id });
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        replace(head, h('h1', {}, 'Session ', h('span', { class: 'mono' }, id)), h('p', { class: 'error' }, e.message));
        session = null;
        return false;
      }
      throw e;
    }
    timeline = await api('timeline', { flow: flowId, id });
    drawHead();
    drawFacts();
    drawGraphBox();
    await drawState();
    drawTimeline();
    return true;
  }

  function drawHead() {
    replace(head, h('h1', {}, 'Session ', h('span', { class: 'mono session-id' }, session.sessionId), ' ', badge(session.status)),
      h('p', { class: 'muted' }, 'Flow ', h('a', { href: '#/flow/' + encodeURIComponent(flowId) }, flowId),
        session.flowVersion ? ' v' + session.flowVersion : '',
        ctx.info.writable ? [' · ', h('button', { class: 'danger small', onclick: remove }, 'Delete session…')] : null));
  }

  async function remove() {
    if (!confirm('Delete session ' + id + ' of ' + flowId + ' with its log? This cannot be undone.')) return;
    await api('session', { flow: flowId, id, confirm: 'yes' }, 'DELETE');
    location.hash = '#/sessions?flow=' + encodeURIComponent(flowId);
  }

  function drawFacts() {
    const s = session;
    const rows = [
      ['Current node', s.node || '—'],
      ['Waiting for', pending(s.pending)],
      ['User', s.userId || '—'],
      ['Intent', s.intent || '—'],
      ['Turns', String(s.turns ?? '—')],
      ['Created', s.createdAt ? time(s.createdAt) : '—'],
      ['Updated', time(s.updatedAt)],
      ['Expires', time(s.expiresAt)],
      ['Store version', String(s.version)],
      ['Graph hash', h('span', { class: 'mono' }, (s.graphHash || '').slice(0, 12), s.graphCurrent ? '' : ' (not the hosted graph)')],
      ['Scopes', (s.scopes || []).map((sc) => h('div', {}, sc.kind + ' ', h('span', { class: 'mono' }, sc.id), sc.state ? json(sc.state, 'json small') : null))],
    ];
    if (!s.readable) rows.push(['Record', h('span', { class: 'error' }, s.reason)]);
    replace(facts, h('h2', {}, 'Session'), h('dl', {}, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])));
  }

  function pending(p) {
    if (!p) return '—';
    if (p.questions) return h('ul', { class: 'pending' }, p.questions.map((q) => h('li', {}, h('span', { class: 'mono' }, q.field), ': ', q.question)));
    if (p.dynamic) return 'questions built at run time by ' + p.node;
    if (p.kind === 'widget') return 'widget ' + p.tool + (p.field ? ' (fills ' + p.field + ')' : '');
    return p.node;
  }

  function drawGraphBox() {
    if (!flow) { replace(graphBox, h('p', { class: 'muted' }, 'Flow ' + flowId + ' is not hosted here.')); return; }
    const visited = new Set();
    replace(graphBox, h('h2', {}, 'Graph'), h('div', { class: 'graph-box' }, drawGraph(flow.graph, { current: session.node, visited })));
  }

  async function drawState() {
    const turns = timeline.turns;
    const at = selected === null ? turns : selected;
    const controls = h('div', { class: 'travel' },
      h('button', { class: 'step-back', disabled: at <= 0, onclick: () => step(at - 1) }, '◀ Step back'),
      h('button', { class: 'step-forward', disabled: at >= turns, onclick: () => step(at + 1) }, 'Step forward ▶'),
      h('button', { disabled: selected === null, onclick: () => step(null) }, 'Latest'));
    if (selected === null) {
      replace(stateBox, h('h2', {}, 'State ', h('span', { class: 'muted turn-label' }, 'now (after turn ' + turns + ' of ' + turns + ')')), controls,
        json(session.state || {}, 'json state-json'));
      return;
    }
    const past = await api('state', { flow: flowId, id, turn: selected });
    replace(stateBox, h('h2', {}, 'State ', h('span', { class: 'muted turn-label' }, 'after turn ' + past.turn + ' of ' + past.turns)), controls,
      past.answerOnlyTurns.length ? h('p', { class: 'muted small' }, 'Turns ' + past.answerOnlyTurns.join(', ')
        + ' show the answers given only: their state changes were not recorded (they are transient, and this server did not run those turns).') : null,
      past.trimmed ? h('p', { class: 'muted small' }, 'The oldest turns were trimmed from the log.') : null,
      json(past.state, 'json state-json'));
  }

  async function step(turn) {
    selected = turn === null || turn >= timeline.turns ? null : Math.max(0, turn);
    await drawState();
    drawTimeline();
  }

  function drawTimeline() {
    const shown = selected === null ? timeline.turns : selected;
    const byTurn = new Map();
    for (const item of timeline.items) (byTurn.get(item.turn) || byTurn.set(item.turn, []).get(item.turn)).push(item);
    replace(timelineBox, h('h2', {}, 'Timeline ', h('span', { class: 'muted' }, timeline.items.length + ' items, ' + timeline.turns + ' turns')),
      timeline.trimmed ? h('p', { class: 'muted small' }, 'Older items were trimmed by the log policy.') : null,
      timeline.items.length ? null : h('p', { class: 'muted' }, 'No stored log items.'),
      h('ol', { class: 'turns' }, [...byTurn.entries()].map(([turn, items]) => h('li', {
        class: 'turn' + (turn > shown ? ' future' : '') + (turn === shown ? ' selected' : ''), dataset: { turn },
      },
      h('button', { class: 'turn-no', title: 'Show the state after this turn', onclick: () => step(turn) }, 'Turn ' + turn),
      items.map((it) => h('div', { class: 'item ' + it.kind + (it.stored ? '' : ' transient') },
        h('span', { class: 'kind' }, it.kind), ' ', time(it.at), it.stored ? h('span', { class: 'muted small' }, ' #' + it.seq) : h('span', { class: 'tag' }, 'live only'),
        summary(it), json(it.payload, 'json small')))))));
  }

  function summary(it) {
    const p = it.payload || {};
    if (it.kind === 'tool') return h('div', { class: 'summary' }, 'action ', h('b', {}, p.action || '?'),
      p.stateUpdates ? [' · answers ', Object.keys(p.stateUpdates).join(', ')] : null);
    if (it.kind === 'user') return h('div', { class: 'summary' }, '“', p.text || '', '”');
    if (it.kind === 'status') return h('div', { class: 'summary' }, 'status ', badge(p.status || '?'));
    return null;
  }

  if (!(await load())) return null;
  return {
    every: 2000,
    poll: async () => {
      const before = session;
      const latest = await api('session', { flow: flowId, id }).catch((e) => { if (e.status === 404) return null; throw e; });
      if (!latest) { await load(); return; }
      if (!before || latest.version !== before.version || latest.status !== before.status) await load();
    },
  };
}
