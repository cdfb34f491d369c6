// <unum-activity-view>: migrations running and done, the balancer's decisions with their reasons,
// the event stream, filterable, and the audit log's newest records (read while the view is shown).
import { LitElement, html } from 'lit';
import { clock } from './format.js';

class ActivityView extends LitElement {
  static properties = { store: { attribute: false }, tick: {}, filter: { state: true } };

  constructor() {
    super();
    this.filter = '';
  }

  createRenderRoot() {
    return this;
  }

  connectedCallback() {
    super.connectedCallback();
    this.watchAudit();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.unwatchAudit?.();
    this.unwatchAudit = null;
    this.watched = null;
  }

  willUpdate(changed) {
    if (changed.has('store') && this.isConnected) this.watchAudit();
  }

  /** Reads the audit log while this view is shown, from the store it is given. */
  watchAudit() {
    if (!this.store || this.watched === this.store) return;
    this.unwatchAudit?.();
    this.watched = this.store;
    this.unwatchAudit = this.store.watchAudit();
  }

  render() {
    const { jobs, balancer, events, audit } = this.store.state;
    const migrations = jobs.filter(j => j.kind === 'migrate');
    const running = migrations.filter(j => j.state === 'running' || j.state === 'queued');
    const done = migrations.filter(j => j.state === 'succeeded' || j.state === 'failed').slice(0, 30);
    const decisions = [...(balancer?.report?.decisions || [])].reverse();
    const shown = this.filter ? events.filter(e => `${e.type} ${e.subject} ${JSON.stringify(e.data)}`.includes(this.filter)) : events;
    return html`
      <section class="panel"><h2>Migrations under way</h2>
        ${running.length ? html`<div class="bars" data-test="migrations-running">${running.map(j => html`
          <span>node ${j.node}</span><progress max="100" value=${j.percent} aria-label=${`node ${j.node} migration`}></progress>
          <span>${j.target ?? ''}</span><span></span><span class="muted">${j.phase}</span><span></span>`)}</div>`
          : html`<p class="muted">none</p>`}
      </section>
      <section class="panel"><h2>Migration history</h2>
        <div class="scroll"><table data-test="migrations-done"><thead><tr><th>ended</th><th>node</th><th>to</th><th>outcome</th>
          <th>duration</th><th>downtime</th></tr></thead>
        <tbody>${done.map(j => html`<tr><td>${clock(j.finishedMillis)}</td><td><a href=${`#/node/${j.node}`}>${j.node}</a></td>
          <td>${j.target ?? ''}</td><td>${j.state === 'succeeded' ? j.phase : j.error}</td>
          <td>${j.finishedMillis && j.startedMillis ? `${((j.finishedMillis - j.startedMillis) / 1000).toFixed(1)} s` : '–'}</td>
          <td data-test=${`downtime-${j.id}`}>${j.downtimeMillis != null ? `${j.downtimeMillis} ms` : '–'}</td></tr>`)}</tbody></table></div>
      </section>
      <section class="panel"><h2>Balancer (${balancer?.settings?.mode ?? '–'})</h2>
        <p class="muted" data-test="balancer-state">${balancer?.report?.state ?? 'no report yet'}</p>
        <ul data-test="decisions">${decisions.map(d => html`<li>${clock(d.atMillis)} node ${d.node} ${d.from} → ${d.to}
          ${d.error ? html`<b>not started: ${d.error}</b>` : ''}: ${d.reason}</li>`)}</ul>
      </section>
      <section class="panel"><h2>Events</h2>
        <label>filter <input data-test="event-filter" type="search" .value=${this.filter}
          @input=${e => { this.filter = e.target.value; }} placeholder="node/3, job.failed, …"></label>
        <div class="scroll"><table data-test="events"><thead><tr><th>time</th><th>type</th><th>subject</th><th>what</th></tr></thead>
        <tbody>${shown.slice(0, 200).map(e => html`<tr><td>${clock(e.timeMillis)}</td><td>${e.type}</td><td>${e.subject}</td>
          <td>${summary(e)}</td></tr>`)}</tbody></table></div>
      </section>
      <section class="panel"><h2>Audit</h2>
        ${audit?.forbidden ? html`<p class="muted" data-test="audit-forbidden">the audit log is for admins and viewers</p>`
          : !audit ? html`<p class="muted">reading the audit log…</p>`
          : html`<p class="muted">every write and every refused call, newest first</p>
        <div class="scroll" tabindex="0" role="region" aria-label="Audit log"><table data-test="audit"><thead><tr><th>time</th>
          <th>user</th><th>role</th><th>what</th><th>status</th></tr></thead>
        <tbody>${audit.records.map(r => html`<tr data-test="audit-row"><td>${clock(r.timeMillis)}</td><td>${r.user}</td>
          <td>${r.role ?? '–'}</td><td class="what">${r.method} ${r.path}</td>
          <td class=${r.outcome === 'ok' ? '' : 'bad'} title=${r.outcome}>${r.status || '–'}</td></tr>`)}</tbody></table></div>`}
      </section>`;
  }
}

function summary(e) {
  const d = e.data || {};
  if (e.type.startsWith('job.')) return `${d.kind ?? ''} ${d.phase ?? ''}${d.error ? ': ' + d.error : ''}`;
  if (e.type === 'node.migrated') return `${d.from} → ${d.to} in ${d.wallMillis} ms`;
  if (e.type === 'node.migration-failed') return `${d.from} → ${d.to}: ${d.error}`;
  if (e.type.startsWith('balancer.')) return d.reason ?? '';
  return Object.entries(d).slice(0, 4).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(', ');
}

customElements.define('unum-activity-view', ActivityView);
