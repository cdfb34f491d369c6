// <unum-cluster-view>: the cluster's state and run level, the boot and its progress per node,
// and the hosts as columns with their nodes and load.
import { LitElement, html } from 'lit';
import { BOOT_PHASES, duration, nodeState } from './format.js';
import './load-chart.js';

/** What each host state means, shown on hover. */
const HOST_STATES = {
  up: 'its orchestrator is heard',
  suspect: 'not heard for a few seconds, or its orchestrator left the control plane: no new nodes go there, its own run on',
  down: 'not heard for the failure deadline: its stopped nodes are placed elsewhere',
  left: 'its orchestrator shut down cleanly',
};

/** How long an unheard host has been silent, counted on between reads: " (silent 4 s)". */
function silence(h) {
  return h.silentSinceMillis == null ? '' : ` (silent ${duration((Date.now() - h.silentSinceMillis) / 1000)})`;
}

const LEVELS = [[0, 'halt'], [1, 'single-user'], [2, 'multi-user'], [3, 'multi-user with services'], [5, 'full'], [6, 'reboot']];

class ClusterView extends LitElement {
  static properties = { store: { attribute: false }, tick: {}, level: { state: true }, busy: { state: true } };

  createRenderRoot() {
    return this;
  }

  async act(what, call) {
    this.busy = what;
    try {
      await call();
    } catch (e) {
      this.store.fail(e);
    } finally {
      this.busy = null;
    }
  }

  render() {
    const { cluster, hosts, nodes, jobs, balancer, loads } = this.store.state;
    if (!cluster) return html`<p class="muted">Reading the cluster…</p>`;
    const levelJob = jobs.find(j => j.kind === 'runlevel' && (j.state === 'running' || j.state === 'queued'));
    // While the cluster boots or changes level, every node's bar; otherwise those still booting.
    const booting = levelJob ? nodes : nodes.filter(n => n.state === 'booting' || n.state === 'pending');
    const report = balancer?.report;
    const selected = this.level ?? cluster.runLevel;
    return html`
      <section class="panel" aria-labelledby="cluster-h">
        <h2 id="cluster-h">Cluster ${cluster.name}</h2>
        <div class="row">
          <span data-test="cluster-state">${cluster.leader ? html`leader <b>${cluster.leader}</b>` : html`<b>no leader</b> (no majority)`}
            · ${cluster.consistency} · ${cluster.nodes} nodes
            (${Object.entries(cluster.nodesByState).map(([k, v]) => `${v} ${k}`).join(', ')})
            · <span data-test="failure-deadline" title="a host unheard this long is suspect, then down">hosts suspect
            after ${cluster.suspectAfterSeconds} s unheard, down after ${cluster.failureDeadlineSeconds} s</span></span>
        </div>
        <div class="row" style="margin-top:.6rem">
          <span>Run level <b data-test="run-level">${cluster.runLevel}</b></span>
          <label>change to
            <select data-test="level-select" @change=${e => { this.level = Number(e.target.value); }}>
              ${LEVELS.map(([l, name]) => html`<option value=${l} ?selected=${l === selected}>${l} – ${name}</option>`)}
            </select></label>
          <button data-test="level-apply" ?disabled=${!!levelJob || !!this.busy}
            @click=${() => this.act('level', () => this.store.api.put('/api/v1/cluster/runlevel', { level: selected }))}>Apply</button>
          <button class="primary" data-test="boot" ?disabled=${!!levelJob || !!this.busy}
            @click=${() => this.act('boot', () => this.store.api.post('/api/v1/cluster/boot'))}>Boot cluster</button>
          ${levelJob ? html`<span data-test="level-job">${levelJob.kind} → ${levelJob.level}: ${levelJob.phase} (${levelJob.percent}%)</span>` : ''}
        </div>
        ${booting.length ? html`<div class="bars" style="margin-top:.8rem" data-test="boot-progress">
          ${booting.map(n => {
            const step = n.state === 'running' ? BOOT_PHASES.length - 1 : Math.max(0, BOOT_PHASES.indexOf(n.bootPhase || 'defined'));
            return html`<span>node ${n.node}</span>
              <progress data-test=${`boot-${n.node}`} max=${BOOT_PHASES.length - 1} value=${step}
                aria-label=${`node ${n.node} boot`}></progress><span>${n.state === 'running' ? 'running' : n.state === 'stopped' ? 'stopped' : n.bootPhase || 'starting'}</span>`;
          })}</div>` : ''}
      </section>
      <section class="hosts" aria-label="Hosts">
        ${hosts.map(h => {
          const load = report?.hosts.find(x => x.host === h.name);
          const onHost = nodes.filter(n => n.host === h.name);
          return html`<article class=${`host host-${h.state}`} data-test=${`host-${h.name}`} data-state=${h.state}>
            <h3><span>${h.name}</span><span class="muted" title=${h.degraded ?? ''}><span class="host-state"
              title=${HOST_STATES[h.state] ?? ''}>${h.state}${silence(h)}</span>${h.maintenance ? ' · maintenance' : ''}${h.degraded ? ' · degraded' : ''}</span></h3>
            <div class="muted">${h.cpus} CPUs · ${Math.round(h.memoryMiB / 1024 * 10) / 10} GiB ·
              load ${load ? `${load.loadPercent}%` : '–'}</div>
            <div class="nodes">
              ${onHost.map(n => {
                const state = nodeState(n, jobs);
                const demand = load?.nodes.find(d => d.node === n.node);
                return html`<a class=${`node state-${state}`} href=${`#/node/${n.node}`} data-test=${`node-${n.node}`}
                  data-state=${state} aria-label=${`node ${n.node}, ${state}`}>
                  <b>${n.node}</b><span>${state}</span>${demand ? html`<span>${demand.cpuDemand.toFixed(2)} CPU</span>` : ''}</a>`;
              })}
              ${onHost.length ? '' : html`<span class="muted">no nodes</span>`}
            </div>
            <unum-load-chart .series=${loads[h.name]} label=${h.name}></unum-load-chart>
          </article>`;
        })}
      </section>
      ${this.unplaced(nodes, jobs)}`;
  }

  unplaced(nodes, jobs) {
    const none = nodes.filter(n => !n.host);
    if (!none.length) return '';
    return html`<section class="panel"><h2>Not placed</h2><div class="nodes">
      ${none.map(n => html`<a class=${`node state-${nodeState(n, jobs)}`} href=${`#/node/${n.node}`}
        data-test=${`node-${n.node}`} data-state=${n.state}><b>${n.node}</b><span>${n.state}</span></a>`)}</div></section>`;
  }
}
customElements.define('unum-cluster-view', ClusterView);
