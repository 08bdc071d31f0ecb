/** @type {{ allowActions: boolean }} */ // the server writes the settings here
const SETTINGS = /** @type {any} */ ("__AGENT_GUARD_UI__");
const token = new URLSearchParams(location.search).get('token') || '';
const q = (path) => `${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;
const $ = (id) => document.getElementById(id);
/** replaceChildren without the nulls of conditional parts (the DOM would write "null"). */
const put = (node, ...children) => node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
const PALETTE = ['#1f77b4', '#e4572e', '#2ca02c', '#9467bd', '#d4a017', '#17becf', '#e377c2', '#8c564b', '#7f7f7f', '#bcbd22'];
let colors = new Map();
const colorOf = (agent) => colors.get(agent) || '#888';
const BAD = new Set(['STRAYED', 'CONFLICTS', 'OVER-BUDGET', 'SETUP-FAILED']);
const GOOD = new Set(['MERGED', 'IDLE']);

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'style') node.setAttribute('style', value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child instanceof Node ? child : String(child));
  return node;
}
const ago = (iso) => { if (!iso) return '—'; const s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000); return s < 90 ? `${Math.round(s)}s ago` : s < 5400 ? `${Math.round(s / 60)}m ago` : s < 129600 ? `${Math.round(s / 3600)}h ago` : `${Math.round(s / 86400)}d ago`; };
const k = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : String(n));

function render(data) {
  $('repo').textContent = data.repository;
  $('setup').hidden = data.ok;
  if (!data.ok) { $('setup').textContent = data.message; return; }
  const agents = data.status.agents;
  colors = new Map(agents.map((a, i) => [a.name, i < PALETTE.length ? PALETTE[i] : `hsl(${Math.round((i * 137.5) % 360)} 55% 48%)`]));
  renderAgents(agents, data.status.base);
  if (data.partial) {
    for (const id of ['map', 'grid']) put($(id), el('p', { class: 'muted' }, 'Working it out…'));
    $('plan').textContent = 'Working it out…';
    return;
  }
  renderMap(data.map, agents, data.plan);
  renderGrid(agents.map((a) => a.name), data.conflicts.conflicts || []);
  $('plan').textContent = data.mergePlan.join('\n');
}

function renderAgents(agents, base) {
  const cards = agents.map((a) => {
    const refusal = a.refusals?.last;
    const actions = SETTINGS.allowActions ? ['merge-dry-run', 'merge', 'sync', 'reset', 'remove'].map((action) => el('button', { type: 'button', 'data-action': action, onclick: () => act(action, a.name) }, action === 'merge-dry-run' ? 'merge --dry-run' : action)) : [];
    return el('article', { class: `card${a.state && a.state.state === 'waiting' ? ' waiting' : ''}`, style: `--agent:${colorOf(a.name)}`, 'data-agent': a.name, 'aria-label': `agent ${a.name}` },
      el('h3', {}, el('span', { class: 'dot', 'aria-hidden': 'true' }), a.name),
      el('div', { class: 'flags' }, a.flags.length ? a.flags.map((f) => el('span', { class: `flag ${BAD.has(f) ? 'bad' : GOOD.has(f) ? 'ok' : 'warn'}`, 'data-flag': f }, f)) : el('span', { class: 'muted' }, 'no flags')),
      el('dl', {},
        el('dt', {}, 'branch'), el('dd', {}, a.branch),
        el('dt', {}, `vs ${base}`), el('dd', {}, `+${a.ahead} −${a.behind}`),
        el('dt', {}, 'changed'), el('dd', { 'data-changed': a.changed.length }, `${a.changed.length} file${a.changed.length === 1 ? '' : 's'}`),
        el('dt', {}, 'last change'), el('dd', {}, ago(a.lastChange)),
        a.state && a.state.state !== 'working' ? [el('dt', {}, a.state.state), el('dd', {}, `${ago(a.state.since)}${a.state.message ? `: ${a.state.message}` : ''}`)] : null,
        a.tokens ? [el('dt', {}, 'tokens'), el('dd', {}, `${k(a.tokens.input)} in, ${k(a.tokens.output)} out, ${k(a.tokens.cacheRead)} cached${typeof a.cost === 'number' ? ` · $${a.cost.toFixed(2)}` : ''}`)] : null,
        a.violations.length ? [el('dt', {}, 'strayed'), el('dd', { class: 'stray' }, a.violations.slice(0, 5).map((v) => v.path).join(', ') + (a.violations.length > 5 ? ' …' : ''))] : null,
        refusal ? [el('dt', {}, 'refused'), el('dd', {}, `${a.refusals.total} (last ${ago(refusal.at)}, ${refusal.source}: ${refusal.paths.join(', ') || 'a command'})`)] : null,
      ),
      el('div', { class: 'row' }, el('button', { type: 'button', 'data-diff': a.name, onclick: () => showDiff(a.name) }, 'Diff'), actions),
    );
  });
  put($('agents'), ...(cards.length ? cards : [el('p', { class: 'muted' }, 'No agents yet: agent-guard spawn NAME --scope GLOB')]));
}

/** The map's folders shown open (the root always). */
const openFolders = new Set(['']);
function renderMap(root, agents, plan) {
  put($('legend'), 
    ...agents.map((a) => el('span', {}, el('i', { class: 'swatch', style: `--agent:${colorOf(a.name)}` }), a.name)),
    el('span', {}, el('i', { class: 'swatch', style: '--agent:#999' }), 'shared'),
    el('span', {}, el('i', { class: 'swatch', style: '--agent:#444' }), 'protected'),
    el('span', {}, el('i', { class: 'swatch', style: '--agent:transparent;border:1px solid var(--line)' }), 'no owner'),
    el('span', { class: 'overlap' }, '⚠ held by two scopes'), el('span', { class: 'stray' }, '✗ changed outside its scope'));
  const pairs = [...(plan.overlaps || []).map((o) => ({ agents: o.agents, text: `${o.paths.length} tracked file${o.paths.length === 1 ? '' : 's'}, e.g. ${o.paths[0]}` })),
    ...(plan.globOverlaps || []).filter((o) => o.witness).map((o) => ({ agents: o.agents, text: `globs that can meet, e.g. ${o.witness}` }))];
  put($('overlaps'), ...(pairs.length ? [el('p', {}, 'Scopes that overlap:'), el('ul', {}, pairs.map((p) => el('li', { class: 'overlap', 'data-overlap-pair': p.agents.join(' ') }, `${p.agents[0]} and ${p.agents[1]}: ${p.text}`)))] : []));
  put($('map'), el('ul', { role: 'tree' }, folderItem(root, true)));
}

function bar(f) {
  const parts = Object.entries(f.owners).map(([agent, n]) => el('i', { title: `${agent}: ${n}`, style: `width:${(100 * n) / f.files}%;background:${colorOf(agent)}` }));
  if (f.shared) parts.push(el('i', { title: `shared: ${f.shared}`, style: `width:${(100 * f.shared) / f.files}%;background:#999` }));
  if (f.protected) parts.push(el('i', { title: `protected: ${f.protected}`, style: `width:${(100 * f.protected) / f.files}%;background:#444` }));
  return el('span', { class: 'bar', 'aria-hidden': 'true' }, parts);
}

function folderItem(f, isRoot) {
  const expanded = openFolders.has(f.path);
  const label = isRoot ? '(repository)' : `${f.name}/`;
  const toggle = el('button', { type: 'button', 'aria-expanded': String(expanded), 'data-folder': f.path, onclick: () => { if (openFolders.has(f.path)) openFolders.delete(f.path); else openFolders.add(f.path); item.replaceWith(folderItem(f, isRoot)); } }, expanded ? '▾' : '▸');
  const summary = el('span', { class: 'muted' }, `${f.files} file${f.files === 1 ? '' : 's'}`, f.unowned ? `, ${f.unowned} no owner` : '');
  const marks = [f.overlap ? el('span', { class: 'overlap', 'data-overlap': f.overlap }, `⚠ ${f.overlap}`) : null, f.strays.length ? el('span', { class: 'stray', 'data-strays': f.strays.length, title: f.strays.map((s) => `${s.path} (${s.agent}, ${s.reason})`).join('\n') }, `✗ ${f.strays.length}`) : null];
  const item = el('li', { role: 'treeitem', 'aria-expanded': String(expanded), 'data-path': f.path },
    el('div', { class: 'node' }, toggle, el('span', { class: 'name' }, label), bar(f), summary, marks),
    expanded ? el('ul', { role: 'group' }, f.folders.map((c) => folderItem(c, false)), f.own.map(fileItem), f.more ? el('li', { class: 'muted' }, `… ${f.more} more files`) : null) : null);
  return item;
}

function fileItem(file) {
  const owner = file.owners[0];
  const swatch = file.protected ? '#444' : file.shared ? '#999' : owner ? colorOf(owner) : 'transparent';
  return el('li', { class: 'file', 'data-file': file.name, 'data-stray': file.stray || null },
    el('i', { class: 'swatch', style: `--agent:${swatch}${owner || file.shared || file.protected ? '' : ';border:1px solid var(--line)'}` }),
    el('span', { class: file.stray ? 'stray' : '' }, file.name),
    el('span', { class: 'muted' }, file.protected ? 'protected' : file.shared ? 'shared' : file.owners.join(', ') || 'no owner'),
    file.owners.length > 1 ? el('span', { class: 'overlap' }, '⚠') : null,
    file.stray ? el('span', { class: 'stray' }, `✗ changed by ${file.stray}`) : null);
}

function renderGrid(names, conflicts) {
  const pair = new Map();
  for (const c of conflicts) pair.set(c.agents.join('\0'), c);
  const cell = (a, b) => {
    if (a === b) return el('td', { class: 'self' }, '·');
    const c = pair.get(`${a}\0${b}`) || pair.get(`${b}\0${a}`);
    return c ? el('td', { class: 'conflict', 'data-pair': `${a} ${b}` }, el('button', { type: 'button', onclick: () => showCell(c) }, `${c.files.length}`)) : el('td', { 'data-pair': `${a} ${b}` }, '');
  };
  const withBase = conflicts.filter((c) => c.agents[1] === 'base');
  put($('grid'), 
    names.length < 2 ? el('p', { class: 'muted' }, 'Fewer than two agents.') :
    el('table', { class: 'grid' }, el('tr', {}, el('th', {}, ''), names.map((n) => el('th', { scope: 'col' }, n))), names.map((a) => el('tr', {}, el('th', { scope: 'row' }, a), names.map((b) => cell(a, b))))),
    withBase.length ? el('p', { class: 'stray' }, `Conflicts with base: ${withBase.map((c) => `${c.agents[0]} (${c.files.join(', ')})`).join('; ')}`) : null);
}

function showCell(c) {
  put($('cell'), el('p', {}, `${c.agents[0]} and ${c.agents[1]} would conflict in:`), el('ul', {}, c.files.map((f) => el('li', {}, `${f} (${c.kinds?.[f] || 'content'})`))));
}

async function showDiff(name) {
  put($('diff'), `Loading the diff of ${name}…`);
  const res = await fetch(q(`/api/diff?agent=${encodeURIComponent(name)}`));
  const body = await res.json();
  if (!res.ok) { put($('diff'), body.error); return; }
  const lines = body.diff.split('\n').map((line) => el('span', { class: line.startsWith('+') && !line.startsWith('+++') ? 'add' : line.startsWith('-') && !line.startsWith('---') ? 'del' : line.startsWith('@@') ? 'hunk' : '' }, line + '\n'));
  put($('diff'), el('h3', {}, `${name}: ${body.files.length} file${body.files.length === 1 ? '' : 's'}`),
    el('ul', { 'data-diff-files': name }, body.files.map((f) => el('li', {}, `${f.status}  ${f.path}`))),
    el('pre', { 'data-diff-text': name }, lines), body.truncated ? el('p', { class: 'muted' }, 'The diff was cut at 2 MB.') : null);
}

async function act(action, agent) {
  if (!confirm(`Run agent-guard ${action.replace('-dry-run', ' --dry-run')} ${agent}?`)) return;
  const res = await fetch(q('/api/action'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action, agent, confirm: true }) });
  const body = await res.json();
  $('action-out').hidden = false;
  $('action-text').textContent = res.ok ? `$ ${body.command}  (exit ${body.exitCode})\n${body.output}` : body.error;
}

function connect() {
  const events = new EventSource(q('/api/events'));
  events.addEventListener('data', (e) => { render(JSON.parse(e.data)); $('status').textContent = `live · updated ${new Date().toLocaleTimeString()}`; $('status').dataset.live = 'yes'; document.body.dataset.updated = String(Date.now()); });
  events.onerror = () => { $('status').textContent = 'disconnected; retrying…'; $('status').dataset.live = 'no'; };
}
connect();
