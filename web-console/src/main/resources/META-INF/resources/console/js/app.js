// <unum-console>: the page. Signs in at the host it talks to, then routes by the URL's hash to a
// view, shows whether the event stream is up (state is never shown as current when it is not),
// who is signed in, and the last refusal of the API.
import { LitElement, html } from 'lit';
import { Api } from './api.js';
import { Store } from './store.js';
import './views/signin-view.js';
import './views/cluster-view.js';
import './views/node-view.js';
import './views/activity-view.js';
import './views/bench-view.js';

const VIEWS = [
  { hash: '#/', label: 'Cluster' },
  { hash: '#/activity', label: 'Migrations & events' },
  { hash: '#/bench', label: 'Benchmarks' },
];

class UnumConsole extends LitElement {
  static properties = { route: { state: true }, tick: { state: true }, store: { state: true },
    checked: { state: true }, signinReason: { state: true } };

  constructor() {
    super();
    this.api = new Api();
    /** The cluster as this session reads it; null while signed out (nothing of a session outlives it). */
    this.store = null;
    /** Who is signed in, as shown: the API's answer without its CSRF token. */
    this.session = null;
    /** Whether the page knows if it is signed in: until then it shows nothing to sign in to. */
    this.checked = false;
    this.signinReason = null;
    this.route = location.hash || '#/';
    this.tick = 0;
    this.api.addEventListener('session-ended', () => this.signedOut('Your session ended; sign in again.'));
    // Leaving the page, or its entry into the back/forward cache, ends its event stream: an open
    // one would keep one of the few connections a browser makes to this host, and a few pages
    // left that way would leave the next one none. A page brought back reads everything anew.
    window.addEventListener('pagehide', () => this.store?.stop());
    window.addEventListener('pageshow', e => {
      if (e.persisted && this.session) this.signedIn();
    });
    window.addEventListener('hashchange', () => { this.route = location.hash || '#/'; });
  }

  createRenderRoot() {
    return this; // light DOM: one style sheet, and tests find what users see
  }

  connectedCallback() {
    super.connectedCallback();
    const left = Api.leftHost();
    if (left) {
      // Said once: a reload here is not another move.
      history.replaceState(null, '', location.pathname + location.hash);
    }
    this.api.resume().then(() => this.signedIn(), e => {
      if (e.status === 401 && left) {
        this.signinReason = `${left} is not answering; sign in at ${location.host} to go on.`;
      } else if (e.status !== 401) {
        this.signinReason = e.plain ?? String(e);
      }
      this.checked = true;
    });
  }

  signedIn() {
    this.checked = true;
    this.signinReason = null;
    this.session = this.api.session;
    const store = new Store(this.api);
    store.addEventListener('change', () => { this.tick++; });
    store.start().catch(e => store.fail(e));
    this.store = store;
  }

  signedOut(reason) {
    this.store?.stop();
    this.store = null;
    this.signinReason = reason;
  }

  async signOut() {
    try {
      await this.api.signOut();
      this.signedOut('Signed out.');
    } catch (e) {
      // Still signed in, unless the session had ended anyway (then session-ended said so).
      this.store?.fail(e);
    }
  }

  /**
   * What the console measures of itself, read by its benchmark: when the first full view was on
   * screen (ms after navigation began), and for each event, the ms from the change to the screen
   * showing it (the event's time, read again, rendered).
   */
  updated() {
    if (!this.store) return;
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
    if (!this.store) {
      return this.checked ? html`
        <header class="top"><h1>Unum</h1></header>
        <main><unum-signin-view .api=${this.api} .reason=${this.signinReason}
          @signed-in=${() => this.signedIn()}></unum-signin-view></main>` : '';
    }
    const s = this.store.state;
    const node = /^#\/node\/(\d+)$/.exec(this.route);
    return html`
      <header class="top">
        <h1>Unum${s.cluster ? html` <span class="muted">· ${s.cluster.name ?? ''}</span>` : ''}</h1>
        <nav aria-label="Views">
          ${VIEWS.map(v => html`<a href=${v.hash} aria-current=${this.route === v.hash ? 'page' : 'false'}>${v.label}</a>`)}
        </nav>
        <div class="who">
          <span data-test="via">via ${this.api.base.replace(/^https?:\/\//, '')}</span>
          ${this.sessionLine()}
          <button data-test="signout" @click=${() => this.signOut()}>Sign out</button>
        </div>
      </header>
      ${s.streamUp ? '' : html`<div class="banner down" role="status" data-test="stream-down">
        Live updates are down: what you see may be out of date. Reconnecting…</div>`}
      <main>
        ${s.error ? html`<div class="problem" role="alert" data-test="problem">
          <p>${s.error.plain ?? String(s.error)}</p>
          <button @click=${() => this.store.clearError()} aria-label="Dismiss">Dismiss</button></div>` : ''}
        ${node ? html`<unum-node-view .store=${this.store} .node=${Number(node[1])} .tick=${this.tick}></unum-node-view>`
          : this.route === '#/activity' ? html`<unum-activity-view .store=${this.store} .tick=${this.tick}></unum-activity-view>`
          : this.route === '#/bench' ? html`<unum-bench-view .api=${this.api}></unum-bench-view>`
          : html`<unum-cluster-view .store=${this.store} .tick=${this.tick}></unum-cluster-view>`}
      </main>`;
  }

  /** Who is signed in and until when, e.g. "root (admin) · until 08:00". */
  sessionLine() {
    const { user, role, expiresAt } = this.session;
    const until = expiresAt ? new Date(expiresAt) : null;
    return html`<span data-test="session" title=${until ? `session ends ${until.toLocaleString()}` : 'no end'}>${user}
      (${role})${until ? ` · until ${until.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })}` : ''}</span>`;
  }
}
customElements.define('unum-console', UnumConsole);
