// <unum-node-view>: one node: its state, host, address and uptime, its load over the last
// minutes, its top processes, its console (live), and the actions on it.
import { LitElement, html } from 'lit';
import { duration, nodeState, activeJob } from './format.js';
import { appendSample } from '../store.js';
import './load-chart.js';

class NodeView extends LitElement {
  static properties = { store: { attribute: false }, node: { type: Number }, tick: {}, target: { state: true },
    processes: { state: true }, console: { state: true }, live: { state: true }, series: { state: true } };

  constructor() {
    super();
    this.target = '';
    this.processes = [];
    this.console = [];
    this.series = { t: [], cpu: [], mem: [] };
  }

  createRenderRoot() {
    return this;
  }

  connectedCallback() {
    super.connectedCallback();
    this.poll();
    // Processes and the console change without events: read each second while the view is open.
    this.timer = setInterval(() => this.poll(), 1000);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  willUpdate(changed) {
    // Another node in the same view: nothing of the last one carries over.
    if (changed.has('node') && changed.get('node') !== undefined) {
      this.series = { t: [], cpu: [], mem: [] };
      this.live = null;
      this.processes = [];
      this.console = [];
    }
  }

  async poll() {
    const api = this.store.api;
    // Only a running node has processes to list (asking a stopped one is a refusal).
    const running = this.store.state.nodes.find(n => n.node === this.node)?.state === 'running';
    // The node itself too: its load and uptime change without events.
    const [node, processes, console] = await Promise.allSettled([
      api.get(`/api/v1/nodes/${this.node}`),
      running ? api.get(`/api/v1/processes?node=${this.node}`) : Promise.resolve([]),
      api.get(`/api/v1/nodes/${this.node}/console?lines=40`),
    ]);
    if (node.status === 'fulfilled') this.live = node.value;
    this.processes = processes.status === 'fulfilled' ? processes.value : [];
    if (console.status === 'fulfilled') this.console = console.value.lines;
    const load = this.live?.node === this.node ? this.live.load : null;
    const t = load ? load.reportedAtMillis / 1000 : null;
    if (load && (!this.series.t.length || this.series.t[this.series.t.length - 1] < t)) {
      const memory = load.memTotalKiB ? Math.round(100 * (1 - load.memAvailableKiB / load.memTotalKiB)) : null;
      this.series = appendSample(this.series, { t, cpu: Math.round(load.cpuPercent), mem: memory });
    }
  }

  async act(path, body) {
    try {
      await this.store.api.post(`/api/v1/nodes/${this.node}/${path}`, body);
    } catch (e) {
      this.store.fail(e);
    }
  }

  render() {
    const { nodes, hosts, jobs } = this.store.state;
    const n = nodes.find(x => x.node === this.node);
    if (!n) return html`<p>No node ${this.node}. <a href="#/">Back to the cluster</a></p>`;
    const state = nodeState(n, jobs);
    const job = activeJob(n.node, jobs);
    // The load as last read by this view, else as the store has it.
    const load = (this.live?.node === n.node ? this.live.load : null) ?? n.load;
    const uptime = load?.uptimeSeconds;
    const others = hosts.filter(h => h.name !== n.host && h.state === 'up' && !h.maintenance && !h.degraded);
    const top = [...this.processes].sort((a, b) => b.cpuPercent - a.cpuPercent).slice(0, 10);
    return html`
      <p><a href="#/">← Cluster</a></p>
      <section class="panel" aria-labelledby="node-h">
        <h2 id="node-h">Node ${n.node} <span class=${`badge state-${state}`} data-test="node-state">${state}</span></h2>
        <dl class="facts">
          <dt>host</dt><dd data-test="node-host">${n.host || '–'}</dd>
          <dt>address</dt><dd>${n.ip || '–'} ${n.mac ? html`<span class="muted">(${n.mac})</span>` : ''}</dd>
          <dt>size</dt><dd>${n.cpus} vCPU · ${n.memoryMiB} MiB</dd>
          <dt>uptime</dt><dd data-test="node-uptime">${uptime == null ? '–' : duration(uptime)}</dd>
          <dt>load</dt><dd>${load ? `${load.load1.toFixed(2)} · ${Math.round(load.cpuPercent)}% CPU · ${load.processes} processes` : '–'}</dd>
          ${n.error ? html`<dt>error</dt><dd>${n.error}</dd>` : ''}
        </dl>
        <div class="row" style="margin-top:.8rem">
          <button data-test="start" ?disabled=${!!job || n.state === 'running'} @click=${() => this.act('start')}>Start</button>
          <button data-test="stop" ?disabled=${n.state === 'stopped' || n.state === 'defined'} @click=${() => this.act('stop')}>Stop</button>
          <button data-test="reboot" ?disabled=${!!job || n.state !== 'running'} @click=${() => this.act('reboot')}>Reboot</button>
          <label>move to
            <select data-test="migrate-target" @change=${e => { this.target = e.target.value; }}>
              <option value="">the best host (balancer)</option>
              ${others.map(h => html`<option value=${h.name} ?selected=${this.target === h.name}>${h.name}</option>`)}
            </select></label>
          <button class="primary" data-test="migrate" ?disabled=${!!job || n.state !== 'running'}
            @click=${() => this.act('migrate', this.target ? { to: this.target } : {})}>Migrate</button>
        </div>
        ${job ? html`<div style="margin-top:.8rem" data-test="job">
          <div>${job.kind}${job.target ? ` to ${job.target}` : ''}: ${job.phase}</div>
          <progress max="100" value=${job.percent} aria-label=${`${job.kind} progress`}></progress></div>` : ''}
      </section>
      <section class="panel"><h2>Load</h2>
        <unum-load-chart .series=${this.series} label=${`node ${n.node}`}></unum-load-chart></section>
      <section class="panel"><h2>Top processes</h2>
        <div class="scroll"><table data-test="processes"><thead><tr><th>PID</th><th>user</th><th>CPU</th><th>RSS</th><th>command</th></tr></thead>
        <tbody>${top.map(p => html`<tr><td>${p.pid}</td><td>${p.user ?? p.uid}</td><td>${p.cpuPercent.toFixed(1)}%</td>
          <td>${Math.round(p.rssKiB / 1024)} MiB</td><td>${p.cmd}</td></tr>`)}</tbody></table></div>
        ${top.length ? '' : html`<p class="muted">no processes reported</p>`}
      </section>
      <section class="panel"><h2>Console</h2>
        <pre class="console" data-test="console">${(this.console.length ? this.console : n.consoleTail || []).join('\n')}</pre>
      </section>`;
  }
}
customElements.define('unum-node-view', NodeView);
