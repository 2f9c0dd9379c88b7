import * as fs from 'node:fs';
import * as path from 'node:path';

let cached: string | undefined;

/**
 * The package version, read from the manifest next to the code: the bundle
 * (`dist/cli.js`) and the sources run by tsx sit at different depths below it.
 */
export function toolVersion(): string {
  if (cached) return cached;
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const manifest = path.join(dir, 'package.json');
    try {
      const json = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (json.name === 'cors-preflight' && json.version) return (cached = json.version);
    } catch {
      // Not here: keep climbing.
    }
    dir = path.dirname(dir);
  }
  return (cached = '0.0.0');
}

export const TOOL_NAME = 'cors-preflight';
export const TOOL_URI = 'https://github.com/cors-preflight/cors-preflight';
