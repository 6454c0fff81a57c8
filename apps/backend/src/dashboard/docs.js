// Renders /api/openapi.json as a page: operations by tag, with parameters, bodies and responses.
'use strict';

(async function () {
  const main = document.getElementById('operations');
  const el = (tag, cls, text) => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const doc = await (await fetch('/api/openapi.json')).json();
  document.getElementById('title').textContent = doc.info.title + ' ' + doc.info.version;
  document.getElementById('description').textContent = doc.info.description || '';
  const byTag = new Map();
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const tag = (op.tags && op.tags[0]) || 'other';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push({ path, method, op });
    }
  }
  const toc = document.getElementById('toc');
  for (const [tag, ops] of byTag) {
    const heading = el('h2', 'tag', tag);
    heading.id = 'tag-' + tag;
    main.appendChild(heading);
    const link = el('a', '', tag);
    link.href = '#tag-' + tag;
    toc.appendChild(link);
    for (const { path, method, op } of ops) {
      const box = el('section', 'op');
      const h = el('h3');
      h.appendChild(el('span', 'method ' + method, method.toUpperCase()));
      h.appendChild(document.createTextNode(path));
      box.appendChild(h);
      box.appendChild(el('p', 'muted', op.summary || ''));
      if (op.parameters && op.parameters.length) {
        const table = el('table');
        const head = el('tr');
        for (const c of ['parameter', 'in', 'required', 'schema']) head.appendChild(el('th', '', c));
        table.appendChild(head);
        for (const p of op.parameters) {
          const row = el('tr');
          row.appendChild(el('td', '', p.name));
          row.appendChild(el('td', '', p.in));
          row.appendChild(el('td', '', p.required ? 'yes' : ''));
          row.appendChild(el('td', '', JSON.stringify(p.schema)));
          table.appendChild(row);
        }
        box.appendChild(table);
      }
      if (op.requestBody) {
        for (const [type, media] of Object.entries(op.requestBody.content)) {
          box.appendChild(el('div', '', 'Body (' + type + ')'));
          box.appendChild(el('pre', '', JSON.stringify(media.schema, null, 2)));
        }
      }
      const statuses = Object.entries(op.responses).map(([s, r]) => s + ' ' + r.description);
      box.appendChild(el('div', 'muted', 'Responses: ' + statuses.join(' · ')));
      const ok = op.responses['200'] || op.responses['201'] || op.responses['202'];
      const schema = ok && ok.content && ok.content['application/json'] && ok.content['application/json'].schema;
      if (schema) {
        const details = el('details');
        details.appendChild(el('summary', '', 'Response schema'));
        details.appendChild(el('pre', '', JSON.stringify(schema, null, 2)));
        box.appendChild(details);
      }
      main.appendChild(box);
    }
  }
})();
