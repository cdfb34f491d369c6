// How values read on screen.

export function duration(seconds) {
  if (seconds == null || Number.isNaN(seconds)) return '–';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  const h = Math.floor(s / 3600);
  return h < 48 ? `${h} h ${Math.floor((s % 3600) / 60)} min` : `${Math.floor(h / 24)} d ${h % 24} h`;
}

export function clock(millis) {
  return millis ? new Date(millis).toLocaleTimeString() : '–';
}

/** A node's state, and "migrating" while it moves. */
export function nodeState(node, jobs) {
  const moving = jobs.find(j => j.kind === 'migrate' && j.node === node.node && (j.state === 'running' || j.state === 'queued'));
  return moving ? 'migrating' : node.state;
}

/** The job of a node still under way, if any. */
export function activeJob(node, jobs) {
  return jobs.find(j => j.node === node && (j.state === 'running' || j.state === 'queued'));
}

export const BOOT_PHASES = ['defined', 'starting', 'kernel', 'init', 'agent', 'joined'];
