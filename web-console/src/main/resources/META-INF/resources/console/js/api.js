// The REST API and its event stream, through whichever orchestrator answers: every host serves
// the same API, so when the one in use dies the console goes on with another.

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

export class Api {
  constructor(origin = location.origin) {
    this.bases = [origin];
    this.base = origin;
  }

  /** Other hosts' API addresses ("HOST:PORT"), to fail over to. */
  learnHosts(hosts) {
    for (const host of hosts) {
      if (host.apiAddress && !host.apiAddress.startsWith('0.0.0.0')) {
        const base = `${location.protocol}//${host.apiAddress}`;
        if (!this.bases.includes(base)) this.bases.push(base);
      }
    }
  }

  async request(method, path, body) {
    const options = { method, headers: { Accept: 'application/json' } };
    if (body !== undefined) {
      options.headers['Content-Type'] = 'application/json';
      options.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(this.base + path, options);
    } catch (e) {
      // The host in use is gone: the next one that answers serves the same API.
      if (await this.failOver()) return this.request(method, path, body);
      throw new ApiError(0, { title: 'No orchestrator answers', detail: `no orchestrator answers (tried ${this.bases.join(', ')})` });
    }
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) throw new ApiError(response.status, json);
    return json;
  }

  get(path) { return this.request('GET', path); }
  post(path, body = {}) { return this.request('POST', path, body); }
  patch(path, body) { return this.request('PATCH', path, body); }
  put(path, body) { return this.request('PUT', path, body); }

  /** Moves to the first other base whose API answers; true when one did. */
  async failOver() {
    for (const base of this.bases) {
      if (base === this.base) continue;
      try {
        const r = await fetch(base + '/api/v1/status', { signal: AbortSignal.timeout(1500) });
        if (r.ok) {
          this.base = base;
          return true;
        }
      } catch (e) { /* next */ }
    }
    return false;
  }

  /**
   * Follows the event stream: onEvent(type, event) for each, onState(up) when it comes and goes.
   * Resumes after the last event seen, on another host when this one stays down.
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
        // EventSource would retry the same host; a dead one is left for another.
        try {
          await fetch(this.base + '/api/v1/status', { signal: AbortSignal.timeout(1500) });
        } catch (e) {
          await this.failOver();
        }
        setTimeout(open, RECONNECT_MS);
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
  'node.migrated', 'node.migration-failed', 'host.state', 'host.maintenance', 'job.queued', 'job.running',
  'job.succeeded', 'job.failed', 'cluster.runlevel', 'cluster.init-role', 'service.created', 'service.updated',
  'service.restarted', 'service.deleted', 'service.placed', 'service.state', 'balancer.decision',
  'balancer.recommendation', 'balancer.settings', 'gap',
];
