// Bundles the comparison stack with esbuild (minified, iife, es2020) into OUT_DIR:
// survey.min.js + survey.css + survey.html (the SurveyJS page) and rules.min.js (ajv +
// json-logic-js). node bench/jsstack/build.mjs NPM_DIR OUT_DIR
import path from 'node:path';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const [npmDir, outDir] = process.argv.slice(2).map(p => path.resolve(p));
const require = createRequire(path.join(npmDir, 'package.json'));
const esbuild = require('esbuild');
fs.mkdirSync(outDir, { recursive: true });
const common = { bundle: true, minify: true, format: 'iife', target: 'es2020', nodePaths: [path.join(npmDir, 'node_modules')], legalComments: 'none', logLevel: 'warning' };
await esbuild.build({ ...common, entryPoints: [path.join(HERE, 'survey-entry.mjs')], outfile: path.join(outDir, 'survey.min.js') });
await esbuild.build({ ...common, entryPoints: [path.join(HERE, 'rules-entry.mjs')], outfile: path.join(outDir, 'rules.min.js') });
// The fontless stylesheet (our app uses system fonts too), minified by the package itself.
fs.copyFileSync(path.join(npmDir, 'node_modules/survey-core/survey-core.fontless.min.css'), path.join(outDir, 'survey.css'));
fs.writeFileSync(path.join(outDir, 'survey.html'),
  '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>SurveyJS</title><link rel="stylesheet" href="survey.css"></head>' +
  '<body><div id="app"></div><script src="survey.min.js"></script></body></html>\n');
