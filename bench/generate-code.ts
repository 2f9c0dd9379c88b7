import * as fs from 'node:fs';
import * as path from 'node:path';
import { CODE_LANGUAGES, type CodeLanguage } from './code-languages';

export interface GeneratedCode {
  folder: string;
  files: number;
  corsFiles: number;
  bytes: number;
  /** Files whose set-up echoes any origin with credentials: one reflected-origin finding each. */
  reflecting: string[];
  /** Per language: files, those configuring CORS, those reflecting. */
  byLanguage: { id: string; files: number; corsFiles: number; reflecting: number }[];
}

/** A cycle of 100 slots, each language holding its share, spread evenly so every package mixes them. */
function slotCycle(languages: CodeLanguage[]): CodeLanguage[] {
  const slots = languages.flatMap((lang) => Array.from({ length: lang.share }, (_, k) => ({ lang, at: (k + 0.5) / lang.share })));
  return slots.sort((a, b) => a.at - b.at).map((s) => s.lang);
}

/** Writes `total` source files in the languages' shares, one in ten of each configuring CORS, in packages of 50 files each. */
export function generateCodeRepository(folder: string, total = 5000, languages: CodeLanguage[] = CODE_LANGUAGES): GeneratedCode {
  fs.rmSync(folder, { recursive: true, force: true });
  const cycle = slotCycle(languages);
  const counts = new Map(languages.map((l) => [l.id, { id: l.id, files: 0, corsFiles: 0, reflecting: 0 }]));
  let bytes = 0;
  let corsFiles = 0;
  const reflecting: string[] = [];
  for (let i = 0; i < total; i++) {
    const pkg = path.join(folder, `pkg${Math.floor(i / 50)}`);
    if (i % 50 === 0) {
      fs.mkdirSync(pkg, { recursive: true });
      // JS set-ups import their allowlist from a sibling module.
      fs.writeFileSync(path.join(pkg, 'origins.ts'), "export const allowed = ['https://app.example.com', 'https://admin.example.com'];\n");
    }
    const lang = cycle[i % cycle.length];
    const count = counts.get(lang.id)!;
    const k = count.files++;
    let file: string;
    let text: string;
    if (k % 10 === 0) {
      const setup = lang.setups[(k / 10) % lang.setups.length](i);
      file = path.join(pkg, `server${i}.${setup.ext ?? lang.ext}`);
      text = setup.text;
      corsFiles++;
      count.corsFiles++;
      if (setup.reflects) {
        reflecting.push(file);
        count.reflecting++;
      }
    } else {
      file = path.join(pkg, `service${i}.${lang.ext}`);
      text = lang.plain(i);
    }
    fs.writeFileSync(file, text);
    bytes += Buffer.byteLength(text);
  }
  return { folder, files: total, corsFiles, bytes, reflecting, byLanguage: [...counts.values()] };
}
