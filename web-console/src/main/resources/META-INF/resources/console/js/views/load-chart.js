// <unum-load-chart>: one host's CPU use and memory given to nodes over the last minutes (uPlot).
import { LitElement, html } from 'lit';
import uPlot from 'uplot';

const WINDOW = 240;

class LoadChart extends LitElement {
  static properties = { series: { attribute: false }, label: {} };

  createRenderRoot() {
    return this;
  }

  render() {
    return html`<div class="chart" role="img" aria-label=${`CPU and memory of ${this.label} over the last minutes`}></div>`;
  }

  updated() {
    const box = this.querySelector('.chart');
    const s = this.series || { t: [], cpu: [], mem: [] };
    const data = [s.t, s.cpu, s.mem];
    const width = Math.max(200, box.clientWidth || 240);
    if (!this.plot || this.plot.width !== width) {
      this.plot?.destroy();
      this.plot = new uPlot({
        width, height: 110, legend: { show: true, live: false }, cursor: { show: false },
        // The last WINDOW seconds, however few samples there are yet.
        scales: { x: { time: true, range: (u, min, max) => [max - WINDOW, max] }, y: { range: [0, 100] } },
        axes: [{ size: 24, font: '10px system-ui' }, { size: 46, font: '10px system-ui', values: (u, v) => v.map(x => `${x}%`) }],
        series: [{}, { label: 'CPU', stroke: '#2457c5', width: 1.5 }, { label: 'memory', stroke: '#6b46c1', width: 1.5 }],
      }, data, box);
    } else {
      this.plot.setData(data);
    }
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.plot?.destroy();
    this.plot = null;
  }
}
customElements.define('unum-load-chart', LoadChart);
