// Sizes, compressed the same way for both stacks (node's zlib: gzip level 9, brotli quality 11):
// our served build (dist/), the one-file build, the SurveyJS page and the ajv + json-logic-js
// bundle. Prints JSON. node bench/web/sizes.mjs ROOT JSSTACK_DIR
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const [root, js] = process.argv.slice(2);
function size(file) {
  const b = fs.readFileSync(file);
  return {
    file: path.relative(root, file), raw: b.length,
    gzip: zlib.gzipSync(b, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: b.length } }).length,
  };
}
const sum = (list, label) => list.reduce((a, x) => ({ file: label, raw: a.raw + x.raw, gzip: a.gzip + x.gzip, brotli: a.brotli + x.brotli }), { raw: 0, gzip: 0, brotli: 0 });
const dist = path.join(root, 'dist');
const ours = {
  wasm: size(path.join(dist, 'shenbao_bg.wasm')),
  glue: size(path.join(dist, 'shenbao.js')),
  css: size(path.join(dist, 'style.css')),
  html: size(path.join(dist, 'index.html')),
  onefile: size(path.join(root, 'dist-usb', 'shenbao.html')),
  // The part loader and the parts loaded on first use (scripts/build-web splits the wasm).
  loader: size(path.join(dist, '__wasm_split.js')),
};
const parts = fs.readdirSync(dist).filter(f => /^(split|chunk)_.*\.wasm$/.test(f)).sort();
ours.parts = Object.fromEntries(parts.map(f => [f.replace(/\.[0-9a-f]{16}\.wasm$/, ''), size(path.join(dist, f))]));
// The built-in rule packs, fetched by the form of their city (the reviewer's desk reads all).
const packDir = path.join(dist, 'packs');
const packFiles = fs.existsSync(packDir) ? fs.readdirSync(packDir).sort() : [];
ours.packs = Object.fromEntries(packFiles.map(f => [f.replace(/\.[0-9a-f]{16}\.json$/, ''), size(path.join(packDir, f))]));
// The form measured is the largest pack's city (巴中, the large project's).
const largestPack = Object.values(ours.packs).sort((a, b) => b.brotli - a.brotli).slice(0, 1);
const shared = Object.entries(ours.parts).filter(([k]) => k.startsWith('chunk_')).map(([, v]) => v);
// What the first visit downloads before the start page and the form are usable (the service
// worker then precaches the rest of dist/: the parts, icons, manifest, sw.js).
ours.first_load = sum([ours.wasm, ours.glue, ours.loader, ours.css, ours.html, ...largestPack],
  packFiles.length ? 'html + glue + loader + main wasm + css + the largest pack' : 'html + glue + loader + main wasm + css');
ours.start_page = sum([ours.wasm, ours.glue, ours.loader, ours.css, ours.html], 'html + glue + loader + main wasm + css');
// The signing part, which the form fetches once it is shown, and the reviewer's desk.
ours.with_signing = sum([ours.first_load, ours.parts.split_sign, ...shared], 'first load + signing part + shared part');
ours.with_review = sum([ours.start_page, ours.parts.split_review, ...shared, ...Object.values(ours.packs)], 'start page + review part + shared part + every pack');
ours.all_wasm = sum([ours.wasm, ...Object.values(ours.parts)], 'main wasm + every part');
const all = [];
(function walk(d) { for (const f of fs.readdirSync(d)) { const p = path.join(d, f); fs.statSync(p).isDirectory() ? walk(p) : all.push(size(p)); } })(dist);
ours.dist_all = sum(all, 'all of dist/');
if (!js) { console.log(JSON.stringify({ ours }, null, 1)); process.exit(0); }
const survey = {
  js: size(path.join(js, 'survey.min.js')),
  css: size(path.join(js, 'survey.css')),
  html: size(path.join(js, 'survey.html')),
};
survey.page = sum([survey.js, survey.css, survey.html], 'SurveyJS page');
const rules = size(path.join(js, 'rules.min.js'));
console.log(JSON.stringify({ ours, survey, rules }, null, 1));
