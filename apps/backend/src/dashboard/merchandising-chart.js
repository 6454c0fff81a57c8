// The experiment report's chart: each arm's click-through rate as a bar with its 95% interval as
// an error bar, drawn as inline SVG (no chart library).

const SVG = 'http://www.w3.org/2000/svg';

function svgEl(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

export const percent = (rate, digits) => (rate * 100).toFixed(digits === undefined ? 1 : digits) + '%';

/** The axis' top: a round rate above every interval (at least 1%, so an empty report still has an axis). */
function axisTop(arms) {
  const highest = Math.max(0.01, ...arms.map((a) => a.ctr.high));
  const step = Math.pow(10, Math.floor(Math.log10(highest)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * step >= highest) return m * step;
  return 10 * step;
}

/** Draws `arms` (the report's, each with `ctr: { value, low, high }`) into `svg`, replacing what was there. */
export function drawCtrChart(svg, arms) {
  svg.replaceChildren();
  const width = Math.max(320, svg.clientWidth || 560);
  const height = 220;
  const left = 48;
  const right = 12;
  const top = 22;
  const bottom = 40;
  svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
  const max = axisTop(arms);
  const y = (rate) => top + (height - top - bottom) * (1 - Math.min(rate, max) / max);

  // Ticks at quarters of the top, with the fewest decimals that show each exactly (2.5%, 0.25%).
  const ticks = [0, 1, 2, 3, 4].map((t) => (max * t) / 4);
  const exact = (d) => ticks.every((rate) => Math.abs(Number((rate * 100).toFixed(d)) - rate * 100) < 1e-9);
  const digits = [0, 1, 2, 3].find(exact) ?? 3;
  for (const rate of ticks) {
    svg.appendChild(svgEl('line', { class: 'grid-line', x1: left, x2: width - right, y1: y(rate), y2: y(rate) }));
    svg.appendChild(svgEl('text', { class: 'tick', x: left - 6, y: y(rate) + 4, 'text-anchor': 'end' }, percent(rate, digits)));
  }
  svg.appendChild(svgEl('text', { class: 'axis-label', x: 4, y: 11 }, 'CTR (95% interval)'));

  const slot = (width - left - right) / Math.max(1, arms.length);
  const barWidth = Math.min(70, slot * 0.5);
  arms.forEach((arm, i) => {
    const centre = left + slot * (i + 0.5);
    const { value, low, high } = arm.ctr;
    const group = svgEl('g', { class: 'arm', 'data-arm': arm.name });
    group.appendChild(svgEl('title', {}, arm.name + ': CTR ' + percent(value, 2) + ', 95% interval ' + percent(low, 2) + '–' + percent(high, 2)));
    group.appendChild(svgEl('rect', { class: 'ctr-bar', x: centre - barWidth / 2, y: y(value), width: barWidth, height: Math.max(0, y(0) - y(value)), rx: 2 }));
    // The interval: a vertical line from low to high with a cap at each end.
    const cap = barWidth / 4;
    group.appendChild(svgEl('line', { class: 'ctr-interval', x1: centre, x2: centre, y1: y(low), y2: y(high) }));
    group.appendChild(svgEl('line', { class: 'ctr-interval cap', x1: centre - cap, x2: centre + cap, y1: y(high), y2: y(high) }));
    group.appendChild(svgEl('line', { class: 'ctr-interval cap', x1: centre - cap, x2: centre + cap, y1: y(low), y2: y(low) }));
    group.appendChild(svgEl('text', { class: 'value', x: centre, y: Math.max(top + 10, y(high) - 5), 'text-anchor': 'middle' }, percent(value, 2)));
    group.appendChild(svgEl('text', { class: 'arm-name', x: centre, y: height - bottom + 16, 'text-anchor': 'middle' }, arm.name));
    group.appendChild(svgEl('text', { class: 'interval', x: centre, y: height - bottom + 30, 'text-anchor': 'middle' }, percent(low, 1) + '–' + percent(high, 1)));
    svg.appendChild(group);
  });
  svg.appendChild(svgEl('line', { class: 'axis', x1: left, x2: width - right, y1: y(0), y2: y(0) }));
}
