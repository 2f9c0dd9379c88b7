/**
 * The calling page. `runCases(base, cases)` fetches every case in turn and
 * returns what the page could read; opened as
 * `runner.html#<runId>` it loads `/cases/<runId>.json` itself and writes each
 * result to the console, for engines driven without a protocol (WebKit's
 * MiniBrowser).
 */
export const RUNNER_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>cors oracle</title></head><body>
<script>
async function runCase(base, c) {
  const init = { method: c.method, headers: c.headers, credentials: c.credentials, mode: 'cors' };
  try {
    if (c.repeat) await (await fetch(base + c.id, init)).text();
    const r = await fetch(base + c.id, init);
    await r.text();
    return { id: c.id, allowed: true };
  } catch (e) {
    return { id: c.id, allowed: false, reason: String(e && e.message || e) };
  }
}
// A sandboxed iframe has an opaque origin, so its fetches carry Origin: null.
function runInNullOrigin(base, c) {
  return new Promise((resolve) => {
    const frame = document.createElement('iframe');
    frame.sandbox = 'allow-scripts';
    const onMessage = (event) => {
      if (!event.data || event.data.id !== c.id) return;
      window.removeEventListener('message', onMessage);
      // Removed a little later: a frame that is gone takes its pending CORS report with it.
      setTimeout(() => frame.remove(), 300);
      resolve(event.data);
    };
    window.addEventListener('message', onMessage);
    frame.srcdoc = '<script>' + runCase.toString() + ';runCase(' + JSON.stringify(base) + ',' + JSON.stringify(c) + ').then((r) => parent.postMessage(r, "*"));<' + '/script>';
    document.body.appendChild(frame);
  });
}
async function runCases(base, cases) {
  const out = [];
  for (const c of cases) {
    console.log('ORACLE-START ' + c.id);
    const r = c.nullOrigin ? await runInNullOrigin(base, c) : await runCase(base, c);
    console.log('ORACLE-RESULT ' + JSON.stringify(r));
    out.push(r);
  }
  return out;
}
window.runCases = runCases;
if (location.hash.length > 1) {
  (async () => {
    try {
      const spec = await (await fetch('/cases/' + location.hash.slice(1) + '.json')).json();
      await runCases(spec.base, spec.cases);
      console.log('ORACLE-DONE');
    } catch (e) {
      console.log('ORACLE-FAILED ' + String(e && e.message || e));
    }
  })();
}
</script></body></html>
`;
