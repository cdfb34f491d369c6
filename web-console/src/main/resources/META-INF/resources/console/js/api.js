// The REST API and its event stream, through the orchestrator that served the page, with the
// session signed in there: every host serves the same API, so when that one dies the page goes
// on with another.
//
// Sessions are per host. The session cookie (HttpOnly, SameSite=Strict) belongs to the host that
// set it, and hosts are addressed by IP, so each host is a site of its own: a page from host A
// calling host B is a cross-site request, and the browser neither sends B's Strict cookie with it
// nor keeps one B sets in its answer, whatever `credentials: 'include'` or `withCredentials` say.
// So the page never calls another host's API with a credential: when its host dies, it finds one
// that answers (GET /api/v1/health, open to all, the only cross-origin request it makes) and
// moves itself there (location.assign). There it talks to its own origin again, so fetch and
// EventSource send that host's cookie by default; with no session there yet, it asks to sign in
// at that host, saying which one died.

/** A refusal of the API, in the words of its problem document (RFC 9457). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }

  /** The problem in plain words, with the fields a validation named. */
  get plain() {
    const fields = (this.problem?.errors || []).map(e => `${e.field || e.pointer || ''} ${e.reason || e.message || ''}`.trim());
    return [this.message, ...fields].filter(Boolean).join('; ');
  }
}

const RECONNECT_MS = 1000;
const PROBE_MS = 1500;
/** The query parameter that tells the page it came here because the host it was on died. */
const LEFT = 'left';

/**
 * Dispatches 'session-ended' when the API refuses the session it had (401: expired, revoked,
 * signed out elsewhere), so the page stops and asks to sign in again.
 */
export class Api extends EventTarget {
  /** What the API said of the session: {user, role, via, expiresAt}; null when signed out. */
  session = null;
  /** Echoed on every write (CSRF); in memory only, so it goes with the page. */
  #csrfToken = null;
  /** The look for another host while this one is dead; once one answers, the move (never settles). */
  #moving = null;

  constructor() {
    super();
    this.base = location.origin;
    this.bases = [this.base];
  }

  /** The host (HOST:PORT) whose death brought the page here, if it did. */
  static leftHost() {
    const host = new URLSearchParams(location.search).get(LEFT);
    // Shown on the page: only something shaped like an address, not words a link could put there.
    return host && /^[A-Za-z0-9.:[\]-]{1,100}$/.test(host) ? host : null;
  }

  /** Other hosts' API addresses ("HOST:PORT"), to move to. */
  learnHosts(hosts) {
    for (const host of hosts) {
      if (host.apiAddress && !host.apiAddress.startsWith('0.0.0.0')) {
        const base = `${location.protocol}//${host.apiAddress}`;
        if (!this.bases.includes(base)) this.bases.push(base);
      }
    }
  }

  /** The session the page's cookie holds; an ApiError (401) when it holds none. */
  async resume() {
    return this.#keep(await this.get('/api/v1/session'));
  }

  /** Signs in with {user, password} or {token}; an ApiError (401) when the API refuses it. */
  async signIn(credential) {
    return this.#keep(await this.post('/api/v1/session', credential));
  }

  async signOut() {
    await this.request('DELETE', '/api/v1/session');
    this.#forget();
  }

  #keep(session) {
    const { csrfToken, ...shown } = session;
    this.#csrfToken = csrfToken ?? null;
    this.session = shown;
    return shown;
  }

  #forget() {
    this.session = null;
    this.#csrfToken = null;
  }

  async request(method, path, body) {
    const options = { method, headers: { Accept: 'application/json' } };
    if (method !== 'GET' && this.#csrfToken) options.headers['X-CSRF-Token'] = this.#csrfToken;
    if (body !== undefined) {
      options.headers['Content-Type'] = 'application/json';
      options.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(this.base + path, options);
    } catch (e) {
      await this.#moveToAnotherHost();
      throw new ApiError(0, { title: 'No orchestrator answers', detail: `no orchestrator answers (tried ${this.bases.join(', ')})` });
    }
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (response.status === 401 && this.session) {
      this.#forget();
      this.dispatchEvent(new Event('session-ended'));
    }
    if (!response.ok) throw new ApiError(response.status, json);
    return json;
  }

  get(path) { return this.request('GET', path); }
  post(path, body = {}) { return this.request('POST', path, body); }
  patch(path, body) { return this.request('PATCH', path, body); }
  put(path, body) { return this.request('PUT', path, body); }

  /**
   * The page's host is gone: the page moves to the first other host whose API answers, keeping
   * its view. Settles only when none answers: otherwise the page is unloading.
   */
  #moveToAnotherHost() {
    this.#moving ??= this.#firstAnswering().then(base => {
      if (!base) {
        this.#moving = null; // none now; the next failure looks again
        return;
      }
      const there = new URL('/', base);
      there.searchParams.set(LEFT, location.host);
      there.hash = location.hash;
      location.assign(there);
      return new Promise(() => {});
    });
    return this.#moving;
  }

  async #firstAnswering() {
    for (const base of this.bases) {
      if (base === this.base) continue;
      try {
        const r = await fetch(base + '/api/v1/health', { signal: AbortSignal.timeout(PROBE_MS) });
        if (r.ok) return base;
      } catch (e) { /* next */ }
    }
    return null;
  }

  /**
   * Follows the event stream: onEvent(type, event) for each, onState(up) when it comes and goes.
   * Resumes after the last event seen; stops for good when the session ends (the page asks to
   * sign in again) or when stopped.
   */
  follow(onEvent, onState, types) {
    let source = null;
    let lastId = null;
    let closed = false;
    const open = () => {
      if (closed) return;
      const query = new URLSearchParams();
      if (types) query.set('types', types);
      if (lastId !== null) query.set('since', String(Number(lastId) + 1));
      source = new EventSource(`${this.base}/api/v1/events?${query}`);
      source.onopen = () => onState(true);
      source.onerror = async () => {
        source.close();
        onState(false);
        // EventSource says neither why nor whether to retry: asking for the session does. A dead
        // host moves the page, an ended session ends the stream (session-ended), else retry.
        try {
          await this.get('/api/v1/session');
        } catch (e) { /* the request itself moved the page or ended the session, or none answers */ }
        if (this.session) setTimeout(open, RECONNECT_MS);
      };
      source.onmessage = e => handle('message', e);
      for (const type of EVENT_TYPES) source.addEventListener(type, e => handle(type, e));
    };
    const handle = (type, e) => {
      if (e.lastEventId) lastId = e.lastEventId;
      let event = null;
      try { event = JSON.parse(e.data); } catch (err) { return; }
      onEvent(type, event);
    };
    open();
    return () => { closed = true; source?.close(); };
  }
}

/** The event types the stream sends (OpenAPI: streamEvents). */
export const EVENT_TYPES = [
  'node.created', 'node.updated', 'node.removed', 'node.state', 'node.boot-phase', 'node.agent-refused',
  'node.migrated', 'node.migration-failed', 'host.up', 'host.suspect', 'host.down', 'host.left',
  'host.maintenance', 'host.degraded', 'job.queued', 'job.running', 'job.succeeded', 'job.failed', 'cluster.runlevel', 'cluster.init-role', 'service.created', 'service.updated',
  'service.restarted', 'service.deleted', 'service.placed', 'service.state', 'balancer.decision',
  'balancer.recommendation', 'balancer.settings', 'gap',
];
