// Diagnosis helper (not part of scripts/bench's table): how long a paste of spreadsheet cells
// takes in the large project (80 budget lines): from the paste event to the note under the rows
// saying what was done (the rows written, checked and drawn), and to the frame after it. Blocks
// of N rows × 5 columns pasted over the budget's first rows (rows added past its end), each
// pasted three times (undone in between); the first paste of the page also fetches the paste
// part, and is printed apart.
//   node bench/web/paste.mjs DIST_DIR tests/fixtures/large/combined.json [N,N,...]
import { openLarge, fieldId, pct } from './common.mjs';

const [dist, largeFile, sizesArg] = process.argv.slice(2);
const sizes = (sizesArg || '10,100,500,1000').split(',').map(Number);
const { page, close } = await openLarge(dist, largeFile);
const paste = n => page.evaluate(async ({ n, id }) => {
  const rows = Array.from({ length: n }, (_, i) => `设备${i}\t服务器\t台\t${i % 7 + 1}\t${i % 13}.5`).join('\r\n') + '\r\n';
  const data = new DataTransfer();
  data.setData('text/plain', rows);
  const note = () => document.querySelector('.paste-note');
  note()?.remove();
  const t0 = performance.now();
  document.getElementById(id).dispatchEvent(new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: data }));
  await new Promise(r => { const seen = () => (note() ? r() : setTimeout(seen, 1)); seen(); });
  const shown = performance.now() - t0;
  await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const framed = performance.now() - t0;
  if (!note().textContent.includes(`已粘贴 ${n} 行`)) throw new Error(note().textContent);
  // Undo, for the next paste to start from the same table.
  note().querySelector('[data-act=undo]').click();
  await new Promise(r => setTimeout(r, 300));
  return [shown, framed];
}, { n, id: fieldId('project.cost_estimate.items[0].name') });

const first = await paste(sizes[0]);
console.log(`first paste of the page (${sizes[0]} rows, the part fetched): note ${first[0].toFixed(0)} ms, frame ${first[1].toFixed(0)} ms`);
console.log('| rows pasted | to the note (median of 3) | to the frame after it |\n|---|---|---|');
for (const n of sizes) {
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await paste(n));
  console.log(`| ${n} | ${pct(runs.map(r => r[0]), 50).toFixed(0)} ms | ${pct(runs.map(r => r[1]), 50).toFixed(0)} ms |`);
}
await close();
