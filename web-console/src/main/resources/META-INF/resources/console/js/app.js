// <unum-console>: the page. Routes by the URL's hash to a view, shows whether the event stream is
// up (state is never shown as current when it is not) and the last refusal of the API.
import { LitElement, html } from 'lit';
import { Api } from './api.js';
import { Store } from './store.js';
import './views/cluster-view.js';
import './views/node-view.js';
import './views/activity-view.js';

const VIEWS = [
  { hash: '#/', label: 'Cluster' },
  { hash: '#/activity', label: 'Migrations & events' },
];

class UnumConsole extends LitElement {
  static properties = { route: { state: true }, tick: { state: true } };

  constructor() {
    super();
    this.api = new Api();
    this.store = new Store(this.api);
    this.route = location.hash || '#/';
    this.tick = 0;
    this.store.addEventListener('change', () => { this.tick++; });
    window.addEventListener('hashchange', () => { this.route = location.hash || '#/'; });
  }

  createRenderRoot() {
    return this; // light DOM: one style sheet, and tests find what users see
  }

  connectedCallback() {
    super.connectedCallback();
    this.store.start().catch(e => this.store.fail(e));
  }

  /**
   * What the console measures of itself, read by its benchmark: when the first full view was on
   * screen (ms after navigation began), and for each event, the ms from the change to the screen
   * showing it (the event's time, read again, rendered).
   */
  updated() {
    const metrics = window.unumMetrics || (window.unumMetrics = { firstRenderMillis: null, eventToScreenMillis: [] });
    const s = this.store.state;
    const full = s.cluster && s.hosts.length && s.nodes.length;
    const applied = this.store.takeApplied();
    const view = this.querySelector('main > :last-child');
    // On screen: the view rendered too, and the frame after it drawn.
    (view?.updateComplete ?? Promise.resolve()).then(() => requestAnimationFrame(() => {
      if (metrics.firstRenderMillis === null && full) metrics.firstRenderMillis = Math.round(performance.now());
      const now = Date.now();
      for (const event of applied) {
        if (event.timeMillis) metrics.eventToScreenMillis.push(now - event.timeMillis);
      }
      if (metrics.eventToScreenMillis.length > 10000) metrics.eventToScreenMillis.splice(0, 5000);
    }));
  }

  render() {
    const s = this.store.state;
    const node = /^#\/node\/(\d+)$/.exec(this.route);
    return html`
      <header class="top">
        <h1>Unum${s.cluster ? html` <span class="muted">· ${s.cluster.name ?? ''}</span>` : ''}</h1>
        <nav aria-label="Views">
          ${VIEWS.map(v => html`<a href=${v.hash} aria-current=${this.route === v.hash ? 'page' : 'false'}>${v.label}</a>`)}
        </nav>
        <span class="via" data-test="via">via ${this.api.base.replace(/^https?:\/\//, '')}</span>
      </header>
      ${s.streamUp ? '' : html`<div class="banner down" role="status" data-test="stream-down">
        Live updates are down: what you see may be out of date. Reconnecting…</div>`}
      <main>
        ${s.error ? html`<div class="problem" role="alert" data-test="problem">
          <p>${s.error.plain ?? String(s.error)}</p>
          <button @click=${() => this.store.clearError()} aria-label="Dismiss">Dismiss</button></div>` : ''}
        ${node ? html`<unum-node-view .store=${this.store} .node=${Number(node[1])} .tick=${this.tick}></unum-node-view>`
          : this.route === '#/activity' ? html`<unum-activity-view .store=${this.store} .tick=${this.tick}></unum-activity-view>`
          : html`<unum-cluster-view .store=${this.store} .tick=${this.tick}></unum-cluster-view>`}
      </main>`;
  }
}
customElements.define('unum-console', UnumConsole);
