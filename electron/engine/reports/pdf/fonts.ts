/**
 * The fonts embedded in report.pdf: DejaVu Sans (Latin, Greek, Cyrillic, Hebrew, Arabic, Armenian, Georgian …) and
 * Noto Sans SC for Chinese, Japanese and Korean names. Both ship in npm packages, so the PDF needs no system font and
 * reads the same on every machine; pdfkit embeds only the glyphs used (subset).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The font roles the report uses. */
export type FontRole = 'regular' | 'bold' | 'mono' | 'cjk' | 'cjkBold';

interface GlyphFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

export interface ReportFonts {
  /** Font file bytes by role, registered with pdfkit under the role's name. */
  files: Record<FontRole, Buffer>;
  /** The role to draw `text` in: the Latin role when it covers every character, else the CJK one when that covers more. */
  pick(text: string, role: 'regular' | 'bold' | 'mono'): FontRole;
}

let cached: ReportFonts | null = null;

/** Loads the shipped fonts once per process (DejaVu from dejavu-fonts-ttf, Noto Sans SC from @expo-google-fonts/noto-sans-sc). */
export function reportFonts(): ReportFonts {
  if (cached) return cached;
  const dejavu = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  const noto = dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));
  const files: Record<FontRole, Buffer> = {
    regular: readFileSync(join(dejavu, 'DejaVuSans.ttf')),
    bold: readFileSync(join(dejavu, 'DejaVuSans-Bold.ttf')),
    mono: readFileSync(join(dejavu, 'DejaVuSansMono.ttf')),
    cjk: readFileSync(join(noto, '400Regular', 'NotoSansSC_400Regular.ttf')),
    cjkBold: readFileSync(join(noto, '700Bold', 'NotoSansSC_700Bold.ttf')),
  };
  const fontkit = require('fontkit') as { create(buffer: Buffer): GlyphFont };
  const latin = fontkit.create(files.regular);
  const cjk = fontkit.create(files.cjk);
  const memo = new Map<number, 'latin' | 'cjk' | 'none'>();
  const coverage = (cp: number): 'latin' | 'cjk' | 'none' => {
    let c = memo.get(cp);
    if (c === undefined) {
      c = latin.hasGlyphForCodePoint(cp) ? 'latin' : cjk.hasGlyphForCodePoint(cp) ? 'cjk' : 'none';
      memo.set(cp, c);
    }
    return c;
  };
  cached = {
    files,
    pick(text, role) {
      let cjkOnly = 0;
      for (const ch of text) {
        const cp = ch.codePointAt(0)!;
        if (cp < 0x250) continue; // Latin: both fonts have it
        if (coverage(cp) === 'cjk') cjkOnly++;
      }
      if (cjkOnly === 0) return role;
      return role === 'bold' ? 'cjkBold' : 'cjk';
    },
  };
  return cached;
}
