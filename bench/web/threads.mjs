// Diagnosis helper (not part of scripts/bench's table, which carries the main kinds): the CPU
// time of each of Chromium's threads while the live bench's keystrokes are typed (input event →
// new revision, a frame after each), in ms per keystroke, by process type and thread name
// (/proc, Linux). The page's main thread is "renderer:chromium"; what runs beside it on this
// 2-vCPU machine is mostly the frame's remaining work: the compositor, the display compositor
// (software compositing here, so it draws the frame's damage rectangle pixel by pixel) and the
// raster workers (BENCHMARKS.md, nineteenth round).
//   node bench/web/threads.mjs DIST_DIR tests/fixtures/large/combined.json [N]
// STYLE='css' adds a style sheet to the page first (a layout or paint experiment without a
// build); IDLE=ms measures the page left alone for that long instead of typing.
import fs from 'node:fs';
import { openLarge, typingPlan, typeAsBenched, threadTimes, threadDelta, NEXT_VALUE, TIMED_INPUT } from './common.mjs';

const [dist, largeFile, nArg] = process.argv.slice(2);
const N = Number(nArg || 600);
const large = JSON.parse(fs.readFileSync(largeFile, 'utf8'));
const { page, close } = await openLarge(dist, largeFile, [NEXT_VALUE, TIMED_INPUT]);
const { fields, order } = await typingPlan(page, large, N);
if (process.env.STYLE) await page.addStyleTag({ content: process.env.STYLE });
await page.waitForTimeout(500);
const t0 = [threadTimes(), Date.now()];
if (process.env.IDLE) await page.waitForTimeout(Number(process.env.IDLE));
else await typeAsBenched(page, fields.map(f => f.id), order, { timed: true });
const spent = threadDelta(t0[0], threadTimes());
await close();
if (!spent) throw new Error('needs /proc (Linux)');
const per = process.env.IDLE ? 1 : N;
console.log(`${process.env.IDLE ? `idle ${process.env.IDLE} ms` : `${N} keystrokes`} in ${Date.now() - t0[1]} ms; CPU ms${process.env.IDLE ? '' : ' per keystroke'} (10 ms ticks over the run):`);
for (const [thread, ms] of Object.entries(spent)) console.log(`  ${(ms / per).toFixed(3).padStart(8)}  ${thread}`);
