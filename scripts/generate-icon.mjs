/**
 * Draws the app icon (a lens over a drop: "where did the data leak?") once, as
 * resources/icons/icon.svg and a 512×512 resources/icons/icon.png. Node only (zlib), no image
 * libraries: each pixel is 4×4 supersampled against the same shapes the SVG describes.
 * Usage: node scripts/generate-icon.mjs
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 512;
const NAVY = [0x1d, 0x35, 0x57];
const PAPER = [0xf1, 0xfa, 0xee];
const AMBER = [0xe9, 0xa2, 0x3b];
const lens = { cx: 224, cy: 224, r: 118, stroke: 36 };
const handle = { x1: 322, y1: 322, x2: 420, y2: 420, width: 52 };
const drop = { tipX: 224, tipY: 148, cx: 224, cy: 248, r: 48, shoulderY: 228, halfWidth: 44 };

const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">
  <title>Leakscope</title>
  <rect x="16" y="16" width="480" height="480" rx="96" fill="#1d3557"/>
  <circle cx="${lens.cx}" cy="${lens.cy}" r="${lens.r}" fill="none" stroke="#f1faee" stroke-width="${lens.stroke}"/>
  <line x1="${handle.x1}" y1="${handle.y1}" x2="${handle.x2}" y2="${handle.y2}" stroke="#f1faee" stroke-width="${handle.width}" stroke-linecap="round"/>
  <path d="M${drop.tipX} ${drop.tipY} L${drop.cx - drop.halfWidth} ${drop.shoulderY} A${drop.r} ${drop.r} 0 1 0 ${drop.cx + drop.halfWidth} ${drop.shoulderY} Z" fill="#e9a23b"/>
</svg>
`;

const inRoundedRect = (x, y) => {
  const [lo, hi, rad] = [16, 496, 96];
  if (x < lo || x > hi || y < lo || y > hi) return false;
  const dx = Math.max(lo + rad - x, 0, x - (hi - rad));
  const dy = Math.max(lo + rad - y, 0, y - (hi - rad));
  return dx * dx + dy * dy <= rad * rad;
};
const inRing = (x, y) => Math.abs(Math.hypot(x - lens.cx, y - lens.cy) - lens.r) <= lens.stroke / 2;
const inHandle = (x, y) => {
  const [vx, vy] = [handle.x2 - handle.x1, handle.y2 - handle.y1];
  const t = Math.max(0, Math.min(1, ((x - handle.x1) * vx + (y - handle.y1) * vy) / (vx * vx + vy * vy)));
  return Math.hypot(x - (handle.x1 + t * vx), y - (handle.y1 + t * vy)) <= handle.width / 2;
};
const inDrop = (x, y) => {
  if (Math.hypot(x - drop.cx, y - drop.cy) <= drop.r) return true;
  if (y < drop.tipY || y > drop.shoulderY) return false;
  const half = (drop.halfWidth * (y - drop.tipY)) / (drop.shoulderY - drop.tipY);
  return Math.abs(x - drop.tipX) <= half;
};

/** Colour (RGBA) of one sample point: the topmost shape that contains it. */
function sample(x, y) {
  if (!inRoundedRect(x, y)) return [0, 0, 0, 0];
  if (inDrop(x, y)) return [...AMBER, 255];
  if (inRing(x, y) || inHandle(x, y)) return [...PAPER, 255];
  return [...NAVY, 255];
}

const SUB = 4;
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let py = 0; py < SIZE; py++) {
  const row = py * (SIZE * 4 + 1);
  raw[row] = 0; // PNG filter: none
  for (let px = 0; px < SIZE; px++) {
    const sum = [0, 0, 0, 0];
    for (let sy = 0; sy < SUB; sy++) {
      for (let sx = 0; sx < SUB; sx++) {
        const [r, g, b, a] = sample(px + (sx + 0.5) / SUB, py + (sy + 0.5) / SUB);
        sum[0] += r * a;
        sum[1] += g * a;
        sum[2] += b * a;
        sum[3] += a;
      }
    }
    const offset = row + 1 + px * 4;
    const alpha = sum[3] / (SUB * SUB);
    for (let c = 0; c < 3; c++) raw[offset + c] = sum[3] ? Math.round(sum[c] / sum[3]) : 0;
    raw[offset + 3] = Math.round(alpha);
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes) => {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, deflate, no filter set, no interlace
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);

const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../resources/icons');
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'icon.svg'), svg);
writeFileSync(path.join(outDir, 'icon.png'), png);
console.log(`Wrote ${path.join(outDir, 'icon.svg')} and icon.png (${png.length} bytes)`);
