export interface PanelPage {
  /** Fresh for every page load, from `crypto.randomBytes`. */
  nonce: string;
  /** `webview.cspSource`: where the page's own files are served from. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  /** The codicon stylesheet bundled beside the page (its font comes from the same place). */
  codiconUri: string;
}

/**
 * Nothing but the page's own script (by nonce), stylesheets and icon font may
 * load: no inline script, no remote resource, no images, frames or
 * connections. A server's header that slipped into the page as markup could
 * run nothing.
 */
export function contentSecurityPolicy(page: Pick<PanelPage, 'nonce' | 'cspSource'>): string {
  return [`default-src 'none'`, `style-src ${page.cspSource}`, `font-src ${page.cspSource}`, `script-src 'nonce-${page.nonce}'`, `base-uri 'none'`, `form-action 'none'`].join('; ');
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The static page; every value from a server or the user is put in later by the script, as text. */
export function panelHtml(page: PanelPage): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(page))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${attr(page.codiconUri)}">
<link rel="stylesheet" href="${attr(page.styleUri)}">
<title>CORS Preflight Tester</title>
</head>
<body>
<main>
<h1>CORS Preflight Tester</h1>
<form id="request" novalidate autocomplete="off">
  <div class="field wide">
    <label for="url">URL</label>
    <input id="url" name="url" type="text" spellcheck="false" placeholder="https://api.example.com/items" aria-describedby="url-problem" required>
    <span id="url-problem" class="problem" role="alert"></span>
  </div>
  <div class="field">
    <label for="origin">Origin (the calling page)</label>
    <input id="origin" name="origin" type="text" spellcheck="false" placeholder="https://app.example" aria-describedby="origin-problem">
    <span id="origin-problem" class="problem" role="alert"></span>
  </div>
  <div class="field narrow">
    <label for="method">Method</label>
    <input id="method" name="method" type="text" spellcheck="false" list="methods" aria-describedby="method-problem">
    <datalist id="methods"><option value="GET"><option value="HEAD"><option value="POST"><option value="PUT"><option value="PATCH"><option value="DELETE"></datalist>
    <span id="method-problem" class="problem" role="alert"></span>
  </div>
  <div class="field wide">
    <label for="headers">Request headers (one <code>Name: value</code> per line; Ctrl+Enter sends)</label>
    <textarea id="headers" name="headers" rows="3" spellcheck="false" placeholder="Content-Type: application/json" aria-describedby="headers-problem"></textarea>
    <span id="headers-problem" class="problem" role="alert"></span>
  </div>
  <div class="field narrow">
    <label for="credentials">Credentials</label>
    <select id="credentials" name="credentials">
      <option value="omit">omit (no cookies)</option>
      <option value="include">include (cookies, Authorization)</option>
    </select>
  </div>
  <div class="field narrow">
    <label for="timeoutSeconds">Timeout (seconds)</label>
    <input id="timeoutSeconds" name="timeoutSeconds" type="number" min="1" max="300" step="1" aria-describedby="timeoutSeconds-problem">
    <span id="timeoutSeconds-problem" class="problem" role="alert"></span>
  </div>
  <div class="field check">
    <input id="insecure" name="insecure" type="checkbox" aria-describedby="insecure-problem">
    <label for="insecure">Allow self-signed certificates</label>
    <span id="insecure-problem" class="problem" role="alert"></span>
  </div>
  <div class="actions">
    <button id="send" type="submit">Send preflight</button>
    <button id="cancel" type="button" class="secondary" disabled>Cancel</button>
    <button id="probe" type="button" class="secondary" title="Sends the URL a set of crafted origins (null, look-alike hosts, http://, subdomains) and shows which ones may read it; with credentials included only reading with cookies counts">Probe origins</button>
    <button id="curl-preflight" type="button" class="secondary">Copy preflight as curl</button>
    <button id="curl-actual" type="button" class="secondary">Copy request as curl</button>
  </div>
</form>
<p id="status" role="status" aria-live="polite"></p>
<section id="failure" class="failure" hidden aria-live="assertive"></section>
<section id="verdict" aria-label="Verdict" hidden></section>
<section id="probes" aria-label="Origin probes" hidden></section>
<section id="history" aria-label="Recent requests" hidden></section>
</main>
<script nonce="${attr(page.nonce)}" src="${attr(page.scriptUri)}"></script>
</body>
</html>
`;
}
