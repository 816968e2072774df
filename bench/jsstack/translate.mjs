// Translates what Shenbao checks into the JavaScript form stack's terms, for the side-by-side
// benchmark (issue 6): the pack's rules into json-logic (json-logic-js), and the registry's format
// checks (required fields, lengths, ranges, phone/e-mail/credit-code patterns) into a JSON
// Schema for ajv. Writes one JSON file: { schema, rules: [{id, logic}], translated, total,
// skipped: [{id, why}] }.
//
// node bench/jsstack/translate.mjs PACK.json SCHEMA.json(from `shenbao schema`) OUT.json
//
// Where json-logic has no operator for our semantics (non-blank character count) we register
// a custom operation, as a json-logic user would; see CUSTOM_OPS in page.mjs.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const [packFile, schemaFile, outFile] = process.argv.slice(2);
const pack = JSON.parse(fs.readFileSync(packFile, 'utf8'));

class Untranslatable extends Error {}

// Context: 'root' (paths from the submission) or 'item' (inside some/all/filter/map: the row is
// the data, and json-logic cannot reach the root from there).
function pathExpr(p, ctx) {
  if (p.startsWith('@.')) {
    if (ctx !== 'item') throw new Untranslatable('row reference outside a row');
    return { var: p.slice(2) };
  }
  if (ctx === 'item') throw new Untranslatable('root path inside a row scope');
  const i = p.indexOf('[]');
  if (i >= 0) {
    // items[].col → map over the table
    const table = p.slice(0, i), col = p.slice(i + 3);
    return { map: [{ var: table }, { var: col }] };
  }
  return { var: p };
}

function expr(e, ctx) {
  if (typeof e === 'string') return pathExpr(e, ctx);
  if (typeof e === 'number' || typeof e === 'boolean') return e;
  const [op, a] = Object.entries(e)[0];
  switch (op) {
    case 'wan': return a * 10000;
    case 'yuan': return a;
    case 'date': case 'text': return a;
    case 'sum': {
      const i = a.indexOf('[]');
      return { reduce: [{ var: a.slice(0, i) }, { '+': [{ var: 'accumulator' }, { var: 'current.' + a.slice(i + 3) }] }, 0] };
    }
    case 'count':
      if (typeof a === 'string') return { reduce: [pathExpr(a, ctx), { '+': [{ var: 'accumulator' }, 1] }, 0] };
      return { reduce: [pathExpr(a.in, ctx), { '+': [{ var: 'accumulator' }, { if: [cond(a.where, 'item', 'current.'), 1, 0] }] }, 0] };
    case 'chars': return { chars: [expr(a, ctx)] };
    case 'add': return { '+': a.map(x => expr(x, ctx)) };
    case 'mul': return { '*': a.map(x => expr(x, ctx)) };
    case 'sub': return { '-': a.map(x => expr(x, ctx)) };
    case 'div': return { '/': a.map(x => expr(x, ctx)) };
    case 'pct': return { '*': [expr(a[0], ctx), a[1] / 100] };
    case 'year': return { substr: [expr(a, ctx), 0, 4] };
    case 'month': return { substr: [expr(a, ctx), 5, 2] };
    default: throw new Untranslatable(`expression ${op}`);
  }
}

// prefix: inside reduce the row is `current.`, so row references need the prefix.
function cond(c, ctx = 'root', prefix = '') {
  if (c === true || c === false) return c;
  const [op, a] = Object.entries(c)[0];
  const ex = x => {
    const r = expr(x, ctx);
    if (prefix && r && r.var !== undefined) return { var: prefix + r.var };
    return r;
  };
  const filled = x => ({ '!=': [x, null] });
  switch (op) {
    case 'all': return { and: a.map(x => cond(x, ctx, prefix)) };
    case 'any': return { or: a.map(x => cond(x, ctx, prefix)) };
    case 'not': return { '!': [cond(a, ctx, prefix)] };
    case 'present': {
      if (a === 'project' || a === 'service_plan') return { '!!': [{ var: a }] };
      return { '!!': [ex(a)] };
    }
    case 'true': return { '===': [ex(a), true] };
    case 'false': return { '!': [ex(a)] };
    case 'min_chars': return { '>=': [{ chars: [ex(a[0])] }, a[1]] };
    case 'eq': case 'ne': case 'lt': case 'le': case 'gt': case 'ge': {
      const sym = { eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=' }[op];
      const l = ex(a[0]), r = ex(a[1]);
      // Ours: a comparison with an unfilled side is false.
      return { and: [filled(l), filled(r), { [sym]: [l, r] }] };
    }
    case 'in': return { in: [ex(a[0]), a[1]] };
    case 'has_all': return { and: a[1].map(id => ({ in: [id, ex(a[0])] })) };
    case 'has_any': return { or: a[1].map(id => ({ in: [id, ex(a[0])] })) };
    case 'contains_any': {
      const parts = [];
      for (const f of a.fields) {
        const i = f.indexOf('[]');
        if (i >= 0) {
          parts.push({ some: [{ var: f.slice(0, i) }, { or: a.words.map(w => ({ in: [w, { var: f.slice(i + 3) }] })) }] });
        } else {
          for (const w of a.words) parts.push({ in: [w, ex(f)] });
        }
      }
      return { or: parts };
    }
    case 'any_item': return { some: [pathExpr(a.in, ctx), cond(a.where, 'item')] };
    case 'all_items': return { all: [pathExpr(a.in, ctx), cond(a.where, 'item')] };
    default: throw new Untranslatable(`condition ${op}`);
  }
}

const rules = [], skipped = [];
for (const r of pack.rules) {
  try {
    const docs = { and: r.documents.map(d => ({ '!!': [{ var: d }] })) };
    let logic;
    if (r.for_each) {
      // Findings = rows where when ∧ ¬require. A root-only `when` is hoisted out of the row
      // scope (json-logic cannot see the root from inside filter).
      const rowViolated = { '!': [cond(r.require, 'item')] };
      const whenRoot = r.when ? cond(r.when, 'root') : true;
      logic = { if: [{ and: [docs, whenRoot] }, { filter: [{ var: r.for_each }, rowViolated] }, []] };
    } else {
      const violated = r.when ? { and: [cond(r.when), { '!': [cond(r.require)] }] } : { '!': [cond(r.require)] };
      logic = { and: [docs, violated] };
    }
    rules.push({ id: r.id, severity: r.severity, logic, for_each: !!r.for_each });
  } catch (e) {
    if (!(e instanceof Untranslatable)) throw e;
    skipped.push({ id: r.id, why: e.message });
  }
}

// JSON Schema: `shenbao schema` gives the shape (types, choice enums, no unknown keys); the
// format checks are the field registry's FORMATS table, added here as keywords.
const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
// The registry's format checks by field path, from the source: `("project.basic.name", &[RequiredText, MaxChars(100)]),`.
const formats = {};
for (const line of fs.readFileSync(path.join(ROOT, 'core/src/fields.rs'), 'utf8').split('\n')) {
  const m = line.match(/^\s*\("([\w.\[\]]+)", &\[(.*)\]\),$/);
  if (m) formats[m[1]] = m[2];
}
// The object node of a path in the schema (whose properties schemars inlines or shares).
const objectAt = p => {
  let node = schema;
  for (const part of p.split('.')) {
    const props = node.properties || (node.anyOf || []).map(v => v.properties).find(Boolean);
    node = props && props[part.replace('[]', '')];
    if (node && part.endsWith('[]')) node = node.items;
    if (!node) return null;
  }
  return node.properties ? node : (node.anyOf || []).find(v => v.properties);
};
// The checked fields by struct, each struct known by its set of property names: the same
// struct appears inlined in the properties and once more in the shared definitions.
const structs = {};
for (const [p, attrs] of Object.entries(formats)) {
  const cut = p.lastIndexOf('.');
  const node = objectAt(p.slice(0, cut));
  if (!node) throw new Error(`${p.slice(0, cut)} is not an object in the schema`);
  const key = Object.keys(node.properties).sort().join(',');
  (structs[key] = structs[key] || {})[p.slice(cut + 1)] = attrs;
}
let constraints = 0;
const key = names => [...names].sort().join(',');
(function walk(node) {
  if (Array.isArray(node)) { node.forEach(walk); return; }
  if (!node || typeof node !== 'object') return;
  const fields = node.properties && structs[key(Object.keys(node.properties))];
  if (fields) {
    for (const [name, attrs] of Object.entries(fields)) {
      const prop = node.properties[name];
      const add = (k, val) => { prop[k] = val; constraints++; };
      const req = () => { node.required = [...new Set([...(node.required || []), name])]; constraints++; };
      let m;
      if ((m = attrs.match(/MaxChars\((\d+)\)/))) add('maxLength', +m[1]);
      if (/\bRequiredText\b/.test(attrs)) { add('pattern', '\\S'); req(); }
      if (/\bRequired\b/.test(attrs)) { req(); add('not', { type: 'null' }); }
      if ((m = attrs.match(/Range\((?:Some\((-?\d+)\)|None), (?:Some\((-?\d+)\)|None)\)/))) {
        if (m[1] !== undefined) add('minimum', +m[1]);
        if (m[2] !== undefined) add('maximum', +m[2]);
      }
      if (/\bPhone\b/.test(attrs)) add('pattern', '^(\\+86)?1[3-9]\\d{9}$|^0\\d{2,3}-?\\d{7,8}$');
      if (/\bEmail\b/.test(attrs)) add('pattern', '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$');
      if (/\bCreditCode\b/.test(attrs)) add('pattern', '^[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}$');
    }
  }
  for (const v of Object.values(node)) walk(v);
})(schema);

// The registry is read with regular expressions: a change in how it is written must stop the
// bench, not quietly give the JavaScript stack fewer checks to make.
if (Object.keys(formats).length < 50 || constraints < 100) {
  throw new Error(`read ${Object.keys(formats).length} fields' format checks and added ${constraints} format constraints: has the layout of core/src/fields.rs changed?`);
}
fs.writeFileSync(outFile, JSON.stringify({ schema, rules, translated: rules.length, total: pack.rules.length, skipped, constraints }));
console.error(`translated ${rules.length}/${pack.rules.length} rules to json-logic; ${constraints} format constraints added to the JSON Schema`);
