// The read-only dashboard: groups with their member strips, recent events, stored versions with
// diffs. Live through the manager's Event/0.1.0 stream (/events, server-sent events); the group
// view is re-read after each event and every few seconds. No library, no build step.
'use strict';

const api = (what) => fetch('api/' + what, {cache: 'no-store'}).then((r) => {
  if (!r.ok) throw new Error(what + ': HTTP ' + r.status);
  return r.json();
});

const el = (tag, attrs, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else if (k.startsWith('data-')) e.setAttribute(k, v); else e[k] = v;
  }
  for (const c of children) if (c != null) e.append(c);
  return e;
};

const openVersions = new Map(); // group -> selected version (kept across refreshes)

function counts(g) {
  const c = (n, label, key) => el('div', {'data-count': key}, el('b', {}, String(n)), el('span', {}, label));
  return el('div', {class: 'counts'}, c(g.desired, 'desired', 'desired'), c(g.running, 'running', 'running'),
    c(g.healthy, 'healthy', 'healthy'), c(g.outdated, 'old config', 'outdated'),
    c(g.provisioning, 'provisioning', 'provisioning'));
}

function strip(g) {
  const s = el('div', {class: 'strip', 'data-strip': g.id});
  for (const m of g.members) {
    const cls = ['member', m.current ? 'current' : 'old', m.health];
    if (m.destroying) cls.push('destroying');
    s.append(el('i', {class: cls.join(' '), title: m.id + (m.logicalId ? ' (' + m.logicalId + ')' : '') + ': '
      + (m.current ? 'new' : 'old') + ' config, ' + m.health + (m.destroying ? ', being destroyed' : ''),
      'data-id': m.id, 'data-config': m.current ? 'new' : 'old', 'data-health': m.health}));
  }
  for (let i = 0; i < g.provisioning; i++) s.append(el('i', {class: 'member inflight', title: 'being provisioned'}));
  return s;
}

function badge(g) {
  if (g.updatePaused) return el('span', {class: 'badge bad'}, 'update paused');
  if (g.remediationStopped) return el('span', {class: 'badge bad'}, 'remediation stopped');
  if (g.outdated > 0) return el('span', {class: 'badge busy'}, 'rolling update');
  return g.converged ? el('span', {class: 'badge ok'}, 'converged') : el('span', {class: 'badge busy'}, 'converging');
}

// Line diff (longest common subsequence): small specs, so the quadratic table is fine.
function diff(a, b) {
  const x = a.split('\n'), y = b.split('\n');
  const t = Array.from({length: x.length + 1}, () => new Array(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i--) for (let j = y.length - 1; j >= 0; j--)
    t[i][j] = x[i] === y[j] ? t[i + 1][j + 1] + 1 : Math.max(t[i + 1][j], t[i][j + 1]);
  const out = [];
  let i = 0, j = 0;
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) { out.push(['', x[i]]); i++; j++; }
    else if (t[i + 1][j] >= t[i][j + 1]) out.push(['del', x[i++]]);
    else out.push(['add', y[j++]]);
  }
  while (i < x.length) out.push(['del', x[i++]]);
  while (j < y.length) out.push(['add', y[j++]]);
  return out;
}

const versionCache = new Map(); // group -> the last versions read, so a re-render does not flicker

async function showVersions(g, box) {
  const data = await api('versions?group=' + encodeURIComponent(g));
  versionCache.set(g, data.versions);
  renderVersions(g, box, data.versions);
}

function renderVersions(g, box, vs) { // vs: newest first
  box.replaceChildren();
  if (!vs.length) { box.append(el('p', {class: 'message'}, 'No stored version.')); return; }
  const selected = openVersions.get(g) ?? vs[0].version;
  const bar = el('div', {class: 'versions'});
  for (const v of vs) {
    const b = el('button', {class: v.version === selected ? 'selected' : '', title: 'committed ' + v.committedAt},
      'v' + v.version);
    b.onclick = () => { openVersions.set(g, v.version); renderVersions(g, box, vs); };
    bar.append(b);
  }
  box.append(bar);
  const idx = Math.max(0, vs.findIndex((v) => v.version === selected));
  const cur = vs[idx], prev = vs[idx + 1];
  const pre = el('pre', {class: 'diff'});
  for (const [kind, line] of diff(prev ? prev.spec : '', cur.spec)) {
    pre.append(el('span', {class: kind}, (kind === 'add' ? '+ ' : kind === 'del' ? '- ' : '  ') + line + '\n'));
  }
  box.append(el('p', {class: 'message'}, prev ? 'v' + cur.version + ' against v' + prev.version + ', committed '
    + cur.committedAt : 'v' + cur.version + ', the first version, committed ' + cur.committedAt), pre);
}

function card(g) {
  const versions = el('div', {});
  const det = el('details', {}, el('summary', {}, 'Stored versions and their diffs'), versions);
  det.open = openVersions.has(g.id);
  det.ontoggle = () => {
    if (det.open) { if (!openVersions.has(g.id)) openVersions.set(g.id, undefined); showVersions(g.id, versions); }
    else openVersions.delete(g.id);
  };
  if (det.open) {
    if (versionCache.has(g.id)) renderVersions(g.id, versions, versionCache.get(g.id));
    showVersions(g.id, versions).catch(console.warn);
  }
  return el('article', {class: 'group', 'data-group': g.id, 'data-healthy': String(g.healthy),
      'data-running': String(g.running), 'data-desired': String(g.desired)},
    el('h2', {}, g.id, badge(g), el('span', {class: 'hash', title: 'config hash of the spec'}, g.configHash)),
    counts(g), strip(g),
    g.message ? el('p', {class: 'message'}, g.message) : null,
    g.updatePaused ? el('p', {class: 'warn'}, 'Paused: ' + g.updatePaused) : null,
    g.remediationStopped ? el('p', {class: 'warn'}, 'Remediation stopped: ' + g.remediationStopped) : null,
    det);
}

let refreshing = null;
async function refreshGroups() {
  const groups = await api('groups');
  const box = document.getElementById('groups');
  if (!groups.length) return;
  box.replaceChildren(...groups.map(card));
  document.body.dataset.refreshed = String(Date.now());
}
function soon() {
  if (refreshing) return;
  refreshing = setTimeout(() => { refreshing = null; refreshGroups().catch(console.warn); }, 150);
}

const eventList = document.getElementById('events');
function addEvent(e) {
  const li = el('li', {class: e.Type, 'data-type': e.Type},
    el('time', {}, (e.Time || '').replace('T', ' ').replace(/\.\d+Z$/, 'Z')), el('span', {class: 'type'}, e.Type),
    el('span', {}, e.Group + (e.Instance ? ' ' + e.Instance : '') + (e.Message ? ': ' + e.Message : '')));
  eventList.prepend(li);
  while (eventList.children.length > 200) eventList.lastChild.remove();
}

async function start() {
  const page = await api('events?limit=50');
  page.Events.forEach(addEvent);
  await refreshGroups();
  const live = document.getElementById('live');
  const stream = new EventSource('../events?topic=group/&after=' + page.Next);
  stream.onopen = () => { live.className = 'live on'; live.textContent = 'live'; };
  stream.onerror = () => { live.className = 'live off'; live.textContent = 'reconnecting…'; };
  stream.onmessage = (m) => {
    const ev = JSON.parse(m.data);
    addEvent({Time: ev.Timestamp, Type: ev.Type, Group: ev.Data.Group, Instance: ev.Data.Instance, Message: ev.Data.Message});
    soon();
  };
  setInterval(soon, 3000);
}

start().catch((e) => { document.getElementById('groups').replaceChildren(el('p', {class: 'warn'}, String(e))); });
