'use strict';
// Most of the start-up of a 2 MB bundle is V8 compiling it. V8's code cache,
// kept beside the bundle, lets every later run skip that; a cache that does
// not fit (another Node, other flags, a rebuilt bundle) is simply not used.
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

function loadBundle(file) {
  const source = fs.readFileSync(file, 'utf8');
  // V8 itself only checks the source's length, so the name carries a hash of its text.
  const key = crypto
    .createHash('sha256')
    .update(source)
    .update(`\0${process.version}\0${process.arch}\0${process.execArgv.join(' ')}`)
    .digest('hex')
    .slice(0, 24);
  const folder = `${file}.cache`;
  const cacheFile = path.join(folder, `${key}.bin`);
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // No `import()` may be left in the bundle (scripts/build.mjs lowers it): V8 drops its callback from cached functions.
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    // Written at exit, so the functions the run compiled are in it too.
    process.once('exit', () => writeCache(script, folder, cacheFile));
  }
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  const wrapper = script.runInThisContext({ displayErrors: true });
  wrapper.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
}

function writeCache(script, folder, cacheFile) {
  try {
    fs.mkdirSync(folder, { recursive: true });
    // A rename is atomic: two runs writing at once never leave half a cache.
    const partial = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(partial, script.createCachedData());
    fs.renameSync(partial, cacheFile);
  } catch {
    // A read-only installation runs without the cache.
  }
}

module.exports = { loadBundle };
