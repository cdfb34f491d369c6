// <unum-bench-view>: the newest report `unum bench all` wrote on the host the page talks to: the
// machine it ran on, and each figure beside the plain tool's from the same run and its target,
// as bars on one scale per figure (Unum blue, the plain tool grey, the target a red mark).
import { LitElement, html } from 'lit';

/** A figure's number with its unit, as the report's Markdown writes it. */
export function figureText(value, unit) {
  const digits = Math.abs(value) >= 100 || Number.isInteger(value) ? value.toFixed(0)
    : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2);
  return !unit ? digits : unit === 'x' ? `${digits}x` : `${digits} ${unit}`;
}

/** The target in the figure's unit, or null. */
function limit(figure) {
  const t = figure.target;
  if (!t) return null;
  return t.timesBaseline ? t.bound * figure.baseline.value : t.bound;
}

function targetText(figure) {
  const t = figure.target;
  if (!t) return '';
  const bound = figure.better === 'LOWER' ? '≤' : '≥';
  return t.timesBaseline ? `${bound} ${t.bound}x the plain tool` : `${bound} ${figureText(t.bound, figure.unit)}`;
}

class BenchView extends LitElement {
  static properties = { api: { attribute: false }, report: { state: true }, problem: { state: true },
    missing: { state: true } };

  createRenderRoot() {
    return this;
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    try {
      this.report = await this.api.get('/api/v1/bench/latest');
      this.problem = null;
    } catch (e) {
      this.report = null;
      this.problem = e.status === 404 ? null : (e.plain ?? String(e));
      this.missing = e.status === 404;
    }
  }

  render() {
    if (this.problem) return html`<section class="panel"><h2>Benchmarks</h2><p role="alert">${this.problem}</p></section>`;
    if (!this.report) {
      return html`<section class="panel" data-test="bench-none"><h2>Benchmarks</h2><p class="muted">${this.missing
        ? html`No report on this host yet: <code>unum bench all</code> writes one.` : 'Loading…'}</p></section>`;
    }
    const r = this.report;
    const figures = r.results.flatMap(x => x.figures);
    const withTarget = figures.filter(f => limit(f) !== null);
    const met = withTarget.filter(f => this.met(f));
    return html`
      <section class="panel" data-test="bench-report"><h2>Benchmarks, ${new Date(r.startedAtMillis).toLocaleString()}</h2>
        <dl class="facts">
          <dt>machine</dt><dd>${r.machine.cpu}, ${r.machine.cores} cores, ${(r.machine.memoryMiB / 1024).toFixed(1)} GiB,
            Linux ${r.machine.kernel}; ${r.machine.qemu}; ${r.machine.libvirt}; guests on ${r.machine.virtualization.toUpperCase()}</dd>
          <dt>Unum</dt><dd>${r.version}</dd>
          <dt>command</dt><dd><code>${r.command}</code>, ${Math.floor(r.tookSeconds / 60)} min</dd>
          <dt>targets</dt><dd data-test="bench-targets">${met.length} of ${withTarget.length} met</dd>
        </dl>
        ${r.failures.length ? html`<ul class="bad" data-test="bench-failures">${r.failures.map(f => html`<li>${f}</li>`)}</ul>` : ''}
      </section>
      ${r.results.map(result => html`
        <section class="panel" data-test=${`bench-${result.kind}`}><h2>${result.kind}: <span class="muted">${result.title}</span></h2>
          <div class="scroll"><table><thead><tr><th>figure</th><th>Unum</th><th>baseline, same run</th><th class="bench-bars">scale</th>
            <th>target</th><th>met</th></tr></thead>
          <tbody>${result.figures.map(f => this.row(f))}</tbody></table></div>
          ${result.notes.map(n => html`<p class="muted">${n}</p>`)}
        </section>`)}`;
  }

  met(figure) {
    const l = limit(figure);
    return l === null ? null : figure.better === 'LOWER' ? figure.value <= l : figure.value >= l;
  }

  row(f) {
    const l = limit(f);
    const max = Math.max(f.value, f.baseline?.value ?? 0, l ?? 0) * 1.05 || 1;
    const pct = v => `${Math.max(0.5, (100 * v) / max).toFixed(1)}%`;
    const met = this.met(f);
    return html`<tr>
      <td class="what">${f.name}</td>
      <td>${figureText(f.value, f.unit)}</td>
      <td>${f.baseline ? html`${figureText(f.baseline.value, f.unit)} <span class="muted">(${f.baseline.what})</span>` : ''}</td>
      <td class="bench-bars" aria-hidden="true">
        <div class="bench-bar unum" style=${`width:${pct(f.value)}`}></div>
        ${f.baseline ? html`<div class="bench-bar plain" style=${`width:${pct(f.baseline.value)}`}></div>` : ''}
        ${l !== null ? html`<div class="bench-target" style=${`left:${pct(l)}`}></div>` : ''}</td>
      <td>${targetText(f)}</td>
      <td class=${met === false ? 'bad' : ''}>${met === null ? '' : met ? 'yes' : 'no'}</td></tr>`;
  }
}
customElements.define('unum-bench-view', BenchView);
