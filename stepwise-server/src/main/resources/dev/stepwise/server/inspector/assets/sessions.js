// Sessions: live counts per flow and status, filters, and a keyset-paged table.
import { api } from './api.js';
import { h, replace, time, badge, sessionHref } from './dom.js';

const STATUSES = ['active', 'completed', 'cancelled'];

export async function render(el, route, ctx) {
  const p = route.params;
  const filters = { flow: p.get('flow') || '', status: p.get('status') || '', user: p.get('user') || '', updatedSince: p.get('updatedSince') || '' };
  const cursors = [null]; // keyset paging: the cursor of each page seen, to go back
  const countsBox = h('section', { class: 'counts card' });
  const tableBox = h('div', { class: 'sessions-box' });
  const pager = h('div', { class: 'pager' });
  const flowSelect = h('select', { name: 'flow' }, h('option', { value: '' }, 'any'),
    filters.flow ? h('option', { value: filters.flow, selected: true }, filters.flow) : null);
  // the flow names fill in when they arrive: the table does not wait for them
  const flowsLoaded = api('flows').then(({ flows }) => {
    for (const f of flows) if (f.id !== filters.flow) flowSelect.append(h('option', { value: f.id }, f.id));
  });

  const form = h('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); go(); } },
    h('label', {}, 'Flow ', flowSelect),
    h('label', {}, 'Status ', h('select', { name: 'status' }, h('option', { value: '' }, 'any'),
      STATUSES.map((st) => h('option', { value: st, selected: st === filters.status }, st)))),
    h('label', {}, 'User ', h('input', { name: 'user', value: filters.user, size: 14 })),
    h('label', {}, 'Updated since ', h('input', { name: 'updatedSince', type: 'datetime-local', step: 1,
      value: filters.updatedSince ? toLocal(filters.updatedSince) : '' })),
    h('button', { type: 'submit' }, 'Filter'));

  function go() {
    const data = new FormData(form);
    const q = new URLSearchParams();
    for (const [k, v] of data) {
      if (!v) continue;
      q.set(k, k === 'updatedSince' ? new Date(v).toISOString() : v);
    }
    location.hash = '#/sessions' + (q.toString() ? '?' + q : '');
  }

  const admin = ctx.info.writable ? h('section', { class: 'card admin' }, h('h2', {}, 'Purge'),
    h('p', {}, 'Delete finished sessions (with their logs) of the selected flow, or of every flow.'),
    h('button', { class: 'danger', onclick: () => purge('completed') }, 'Purge completed…'), ' ',
    h('button', { class: 'danger', onclick: () => purge('cancelled') }, 'Purge cancelled…'),
    h('p', { class: 'purge-result muted' })) : null;

  async function purge(status) {
    const params = { flow: filters.flow, status };
    const dry = await api('purge', params, 'POST');
    const where = filters.flow ? ' of flow ' + filters.flow : '';
    if (!dry.matched) { admin.querySelector('.purge-result').textContent = 'No ' + status + ' sessions' + where + '.'; return; }
    if (!confirm('Delete ' + dry.matched + ' ' + status + ' sessions' + where + '? This cannot be undone.')) return;
    const done = await api('purge', Object.assign({ confirm: 'yes' }, params), 'POST');
    admin.querySelector('.purge-result').textContent = 'Deleted ' + done.deleted + ' sessions.';
    await refresh();
  }

  // the table first, then the counts: counting lists the whole store, and a store with one
  // connection (SQLite) would make the table wait behind it
  async function refresh(first) {
    drawPage(await api('sessions', Object.assign({ cursor: cursors[cursors.length - 1], limit: 50 }, filters)));
    if (first === true) performance.mark('inspector:sessions-shown'); // measured in docs/inspector.md
    drawCounts(await api('counts'));
    if (first === true) performance.mark('inspector:counts-shown');
  }

  function drawCounts(c) {
    const flows = Object.entries(c.flows);
    replace(countsBox, h('h2', {}, 'Sessions ', h('span', { class: 'total' }, c.total)),
      h('table', { class: 'table compact' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Flow'), STATUSES.map((st) => h('th', {}, st)), h('th', {}, 'total'))),
        h('tbody', {}, flows.map(([flow, n]) => h('tr', { dataset: { countsFlow: flow } },
          h('td', {}, h('a', { href: '#/sessions?flow=' + encodeURIComponent(flow) }, flow)),
          STATUSES.map((st) => h('td', {}, h('a', { href: '#/sessions?flow=' + encodeURIComponent(flow) + '&status=' + st }, n[st]))),
          h('td', {}, n.total))))),
      c.unreadable ? h('p', { class: 'error' }, c.unreadable + ' records cannot be read.') : null,
      h('p', { class: 'muted small' }, 'Counted ', time(c.countedAt), '.'));
  }

  function drawPage(page) {
    if (!page.sessions.length && !page.unreadable.length) {
      replace(tableBox, h('p', { class: 'muted empty' }, 'No sessions match.'));
    } else {
      replace(tableBox, h('table', { class: 'table sessions' },
        h('thead', {}, h('tr', {}, ['Session', 'Flow', 'Status', 'Node', 'User', 'Updated', 'Expires'].map((t) => h('th', {}, t)))),
        h('tbody', {}, page.sessions.map((s) => h('tr', { dataset: { session: s.sessionId } },
          h('td', { class: 'mono id' }, h('a', { href: sessionHref(s.flowId, s.sessionId) }, s.sessionId)),
          h('td', {}, s.flowId), h('td', {}, badge(s.status)), h('td', {}, s.node || ''), h('td', {}, s.userId || ''),
          h('td', {}, time(s.updatedAt)), h('td', {}, time(s.expiresAt))))),
        page.unreadable.map((u) => h('tr', {}, h('td', { colspan: 7, class: 'error' }, 'unreadable ' + u.location + ': ' + u.reason)))));
    }
    replace(pager,
      h('button', { disabled: cursors.length < 2, onclick: () => { cursors.pop(); refresh(); } }, '← Previous'),
      h('span', { class: 'muted' }, ' page ' + cursors.length + ' '),
      h('button', { disabled: !page.nextCursor, onclick: () => { cursors.push(page.nextCursor); refresh(); } }, 'Next →'));
  }

  el.append(h('div', { class: 'columns' },
    h('div', { class: 'main-col' }, h('h1', {}, 'Sessions'), form, tableBox, pager),
    h('aside', {}, countsBox, admin)));
  await Promise.all([refresh(true), flowsLoaded]);
  return { poll: refresh, every: 3000 };
}

function toLocal(iso) {
  const d = new Date(iso);
  if (isNaN(d)) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' + pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
}
