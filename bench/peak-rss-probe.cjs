// Preloaded into a measured Node process: at exit, writes the process's peak
// resident set size (KiB) to the file named by CORS_PREFLIGHT_BENCH_RSS_FILE.
'use strict';
const fs = require('node:fs');
const target = process.env.CORS_PREFLIGHT_BENCH_RSS_FILE;
if (target) {
  process.on('exit', () => {
    fs.writeFileSync(target, String(process.resourceUsage().maxRSS));
  });
}
