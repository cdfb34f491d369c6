// What the console knows of the cluster: read through the API, kept current by its events.
// Each event says which resource changed; that one is read again (coalesced), so the screen
// shows what the API says, never a guess.

const HISTORY = 240; // load samples kept per host: 4 minutes at one a second
const EVENTS_KEPT = 500;
const AUDIT_SHOWN = 50;
const AUDIT_EVERY_MS = 5000;

const RESOURCES = {
  cluster: '/api/v1/cluster',
  hosts: '/api/v1/hosts',
  nodes: '/api/v1/nodes',
  jobs: '/api/v1/jobs',
  balancer: '/api/v1/balancer',
};

/** Which resources an event changes. */
function affected(type) {
  if (type === 'gap') return Object.keys(RESOURCES);
  const family = type.split('.')[0];
  switch (family) {
    case 'node': return type === 'node.migrated' || type === 'node.migration-failed' ? ['nodes', 'hosts', 'jobs'] : ['nodes', 'hosts'];
    case 'host': return ['hosts', 'nodes'];
    case 'job': return ['jobs'];
    case 'cluster': return ['cluster', 'nodes'];
    case 'balancer': return ['balancer'];
    default: return [];
  }
}

/**
 * The hosts, each unheard one with `silentSinceMillis`: when it was last heard, on this browser's
 * clock (the API says how many seconds ago), so its silence counts on between reads.
 */
export function withSilence(hosts, nowMillis) {
  return hosts.map(h => ({
    ...h, silentSinceMillis: h.lastHeardSecondsAgo == null ? null : nowMillis - 1000 * h.lastHeardSecondsAgo }));
}

/** The series {t, cpu, mem} with one more sample, the oldest dropped beyond HISTORY; a new object. */
export function appendSample(series, sample) {
  const next = {};
  for (const key of ['t', 'cpu', 'mem']) next[key] = [...series[key], sample[key]].slice(-HISTORY);
  return next;
}

export class Store extends EventTarget {
  constructor(api) {
    super();
    this.api = api;
    this.state = { cluster: null, hosts: [], nodes: [], jobs: [], balancer: null, events: [], streamUp: false,
      loads: {}, error: null, lastEventMillis: 0,
      /** The audit log's newest records, newest first, once read: {records, forbidden}; null before. */
      audit: null };
    this.pending = new Set();
    this.timer = null;
    this.stopped = false;
    /** Events whose changes are being read, then those whose changes were read (for the metrics). */
    this.arrived = [];
    this.applied = [];
  }

  async start() {
    await Promise.all(Object.keys(RESOURCES).map(r => this.read(r)));
    if (this.stopped) return; // while it read
    this.api.learnHosts(this.state.hosts);
    this.unfollow = this.api.follow((type, event) => this.onEvent(type, event), up => this.onStream(up));
    // Loads change without events: the balancer's view is read each second.
    this.loadTimer = setInterval(() => this.read('balancer').then(() => this.sample()), 1000);
    this.emit();
  }

  /** Stops following the cluster: the session ended, or the user signed out. */
  stop() {
    this.stopped = true;
    this.unfollow?.();
    clearInterval(this.loadTimer);
    clearTimeout(this.timer);
  }

  onStream(up) {
    this.state.streamUp = up;
    if (up) Object.keys(RESOURCES).forEach(r => this.pending.add(r)); // what changed while it was down
    this.schedule();
    this.emit();
  }

  onEvent(type, event) {
    this.state.lastEventMillis = Date.now();
    if (type !== 'gap') {
      this.state.events = [{ type, ...event, seenMillis: Date.now() }, ...this.state.events].slice(0, EVENTS_KEPT);
    }
    if (type.startsWith('job.') && event.data?.id) this.patchJob(event.data);
    if (type === 'node.boot-phase' && event.data) this.patchNode(event.subject, { bootPhase: event.data.phase });
    affected(type).forEach(r => this.pending.add(r));
    this.arrived.push(event);
    this.schedule();
    this.emit();
  }

  /** A job's progress straight from its event: bars move without waiting for a read. */
  patchJob(data) {
    const jobs = this.state.jobs.slice();
    const i = jobs.findIndex(j => j.id === data.id);
    const merged = { ...(i >= 0 ? jobs[i] : { createdMillis: Date.now() }), ...data };
    if (i >= 0) jobs[i] = merged; else jobs.unshift(merged);
    this.state.jobs = jobs;
  }

  patchNode(subject, change) {
    const n = Number(String(subject || '').split('/')[1]);
    this.state.nodes = this.state.nodes.map(node => node.node === n ? { ...node, ...change } : node);
  }

  schedule() {
    if (this.timer) return;
    // A burst of events becomes one read per resource, still well within half a second.
    this.timer = setTimeout(async () => {
      this.timer = null;
      const resources = [...this.pending];
      const events = this.arrived;
      this.pending.clear();
      this.arrived = [];
      await Promise.all(resources.map(r => this.read(r)));
      this.applied.push(...events);
      this.emit();
    }, 50);
  }

  async read(resource) {
    try {
      const value = await this.api.get(RESOURCES[resource]);
      this.state[resource] = resource === 'hosts' ? withSilence(value, Date.now()) : value;
      if (resource === 'hosts') this.api.learnHosts(this.state.hosts);
    } catch (e) {
      this.state.error = e;
    }
  }

  /**
   * Reads the audit log's newest records now and every 5 s until the returned function is called
   * (while a view shows them). Polled: the event stream has no audit events, and the log is not
   * for every role, so it is read only where it is shown.
   */
  watchAudit() {
    this.readAudit();
    // A role refused once stays refused for the session: not asked again (each refusal is audited).
    const timer = setInterval(() => { if (!this.state.audit?.forbidden) this.readAudit(); }, AUDIT_EVERY_MS);
    return () => clearInterval(timer);
  }

  async readAudit() {
    if (this.stopped) return;
    try {
      const page = await this.api.get(`/api/v1/audit?limit=${AUDIT_SHOWN}`);
      this.state.audit = { records: [...page.records].reverse(), forbidden: false };
    } catch (e) {
      // An operator's role does not reach the audit log: said where the log would be, not as an error.
      if (e.status === 403) this.state.audit = { records: [], forbidden: true };
      else this.state.error = e;
    }
    this.emit();
  }

  sample() {
    const report = this.state.balancer?.report;
    if (!report) return;
    const t = report.updatedMillis / 1000;
    const loads = { ...this.state.loads };
    for (const h of report.hosts) {
      const series = loads[h.host] || { t: [], cpu: [], mem: [] };
      if (series.t.length && series.t[series.t.length - 1] >= t) continue;
      // A new object each time: the charts redraw when what they are given changes.
      loads[h.host] = appendSample(series, {
        t, cpu: h.cpuCapacity ? Math.round(100 * h.cpuUsed / h.cpuCapacity) : null, mem: this.memoryPercent(h.host) });
    }
    this.state.loads = loads;
    this.emit();
  }

  /** Memory the host's nodes are given, over its memory. */
  memoryPercent(hostName) {
    const host = this.state.hosts.find(h => h.name === hostName);
    if (!host || !host.memoryMiB) return null;
    const given = this.state.nodes.filter(n => n.host === hostName && n.state !== 'stopped' && n.state !== 'defined')
      .reduce((sum, n) => sum + n.memoryMiB, 0);
    return Math.round(100 * given / host.memoryMiB);
  }

  /** The events whose changes were read since the last call. */
  takeApplied() {
    const events = this.applied;
    this.applied = [];
    return events;
  }

  clearError() {
    this.state.error = null;
    this.emit();
  }

  fail(error) {
    this.state.error = error;
    this.emit();
  }

  emit() {
    this.dispatchEvent(new Event('change'));
  }
}
