// The tool calls of the last chat turn as bars on a time axis in milliseconds.

const SVG = 'http://www.w3.org/2000/svg';

export function svgEl(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Tick values from 0 past `span`, a round step apart (1, 2 or 5 times a power of ten), at most
 * `maxTicks` of them: each label differs from its neighbours, even for a 3 ms turn.
 */
export function axisTicks(span, maxTicks) {
  const rough = span / Math.max(1, maxTicks - 1);
  const power = Math.pow(10, Math.floor(Math.log10(rough)));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough);
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  const ticks = [];
  for (let i = 0; ticks.length < maxTicks; i++) {
    const value = i * step;
    ticks.push({ value, label: value.toFixed(decimals) + ' ms' });
    if (value >= span) break;
  }
  return ticks;
}

// The axis starts at the first call's start: the planning before it is not a tool's time.
export function drawTimeline(svg, rawCalls) {
  const origin = Math.min(...rawCalls.map((c) => c.start));
  const calls = rawCalls.map((c) => Object.assign({}, c, { start: c.start - origin, end: c.end - origin }));
  const totalMs = Math.max(1, ...calls.map((c) => c.end));
  svg.replaceChildren();
  const width = svg.clientWidth || 600;
  const rowH = 20;
  // Tool names need less room on a phone; the bars keep the rest.
  const left = Math.min(150, Math.round(width * 0.38));
  const right = 24;
  const height = Math.max(60, calls.length * rowH + 28);
  // About one label per 60 px, so "120 ms" labels never touch.
  const ticks = axisTicks(totalMs, Math.max(2, Math.floor((width - left - right) / 60) + 1));
  const span = ticks[ticks.length - 1].value;
  svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
  svg.style.height = height + 'px';
  const x = (ms) => left + ((width - left - right) * ms) / span;
  for (const tick of ticks) {
    svg.appendChild(svgEl('line', { class: 'axis', x1: x(tick.value), x2: x(tick.value), y1: 0, y2: height - 16 }));
    svg.appendChild(svgEl('text', { class: 'tick', x: x(tick.value), y: height - 3, 'text-anchor': 'middle' }, tick.label));
  }
  calls.forEach((c, i) => {
    const y = 4 + i * rowH;
    svg.appendChild(svgEl('text', { x: 4, y: y + 13 }, c.name));
    const bar = svgEl('rect', {
      class: 'tool-bar' + (c.ok === false ? ' failed' : ''),
      'data-tool': c.name,
      x: x(c.start),
      y: y + 2,
      width: Math.max(2, x(c.end) - x(c.start)),
      height: rowH - 6,
      rx: 3,
    });
    bar.appendChild(svgEl('title', {}, c.name + ': ' + Math.round(c.end - c.start) + ' ms'));
    svg.appendChild(bar);
  });
}
