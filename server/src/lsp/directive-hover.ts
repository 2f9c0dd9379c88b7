import type { Dialect } from './header-docs';
import { directiveDoc, type DirectiveDoc, HEADER_ACTIONS, HEADER_CONDITIONS, HEADER_ENV, HEADER_EXPR, NGINX_ALWAYS } from './directive-docs';
import { tokenize, type LineToken } from './header-line';

export interface DirectiveHover {
  markdown: string;
  token: LineToken;
}

/** Which directive tables a document's language reads; plain text may be either. */
function dialectsOf(languageId: string): Dialect[] {
  if (languageId === 'nginx') return ['nginx'];
  if (languageId === 'apacheconf') return ['apache'];
  return ['nginx', 'apache'];
}

/** `<LimitExcept GET POST>` is a section: its name without the brackets. */
function directiveName(token: LineToken): string {
  return token.text.replace(/^<\/?/, '').replace(/>$/, '');
}

const unquoted = (text: string): string => text.replace(/^["'(]+|["')]+$/g, '');

const ORIGIN_VARIABLE = /\$\{?http_origin\b/;

/** Only the forms of these directives that concern CORS get a hover: a `map` of anything else is not explained. */
function applies(doc: DirectiveDoc, tokens: readonly LineToken[]): boolean {
  if (doc.name === 'map') return /^\$\{?http_origin\}?$/.test(unquoted(tokens[1]?.text ?? ''));
  if (doc.name === 'if' && doc.variant === 'origin') return tokens.some((t) => ORIGIN_VARIABLE.test(t.text));
  if (doc.name === 'if') return tokens.some((t) => /\$\{?request_method\b/.test(t.text));
  return true;
}

/**
 * The explanation of the directive on this line when the cursor is on its name,
 * or of the argument under the cursor when that argument changes what the
 * directive does for CORS (nginx `always`, Apache `Header` tables, actions and
 * conditions, RewriteRule flags).
 *
 * directiveHoverAt('add_header Vary Origin always;', 'nginx', 24)?.markdown → '`always`: the header is sent whatever the status, ...'
 */
export function directiveHoverAt(line: string, languageId: string, character: number): DirectiveHover | undefined {
  const tokens = tokenize(line);
  const first = tokens[0];
  if (!first) return undefined;
  const index = tokens.findIndex((t) => character >= t.start && character <= t.end);
  if (index < 0) return undefined;
  const name = directiveName(first);
  for (const dialect of dialectsOf(languageId)) {
    const doc = directiveDoc(name, dialect, tokens.some((t) => ORIGIN_VARIABLE.test(t.text)) ? 'origin' : undefined) ?? directiveDoc(name, dialect);
    if (!doc || !applies(doc, tokens)) continue;
    const token = tokens[index];
    if (index === 0) return { markdown: `**${doc.name}**\n\n${doc.summary}`, token };
    const argument = argumentHover(doc.name, tokens, index);
    return argument === undefined ? undefined : { markdown: argument, token };
  }
  return undefined;
}

function argumentHover(directive: string, tokens: readonly LineToken[], index: number): string | undefined {
  const word = unquoted(tokens[index].text);
  const lower = word.toLowerCase();
  if (directive === 'add_header') return index === 3 && word === 'always' ? NGINX_ALWAYS : undefined;
  if (directive === 'Header') {
    const condition = HEADER_CONDITIONS[tokens[1]?.text.toLowerCase() ?? ''] !== undefined;
    if (index === 1 && condition) return `\`${lower}\`: ${HEADER_CONDITIONS[lower]}`;
    if (index === (condition ? 2 : 1) && HEADER_ACTIONS[lower]) return `\`Header ${lower}\` ${HEADER_ACTIONS[lower]}`;
    if (index >= 3 && /^env=/i.test(word)) return HEADER_ENV;
    if (index >= 3 && /^expr=/i.test(word)) return HEADER_EXPR;
    return undefined;
  }
  if (directive === 'RewriteRule' && index >= 2 && /^\[.*\]$/.test(word)) return rewriteFlags(word);
  return undefined;
}

/** `[R=204,L]`: what the status flags do to a preflight. */
function rewriteFlags(flags: string): string | undefined {
  const parts = flags.slice(1, -1).split(',').map((f) => f.trim());
  const notes: string[] = [];
  for (const flag of parts) {
    const redirect = /^R(?:edirect)?(?:=(\d{3}))?$/i.exec(flag);
    if (redirect) {
      const status = redirect[1] ? Number(redirect[1]) : 302;
      notes.push(
        status >= 300 && status <= 399
          ? `\`${flag}\` redirects with ${status}: a preflight that is redirected fails in every browser.`
          : `\`${flag}\` answers at once with ${status} and no body; the answer goes out on the error path, so only \`Header always\` headers reach it.`,
      );
    } else if (/^F(orbidden)?$/i.test(flag)) {
      notes.push(`\`${flag}\` answers 403: a preflight that takes this rule fails.`);
    } else if (/^G(one)?$/i.test(flag)) {
      notes.push(`\`${flag}\` answers 410: a preflight that takes this rule fails.`);
    }
  }
  return notes.length > 0 ? notes.join('\n\n') : undefined;
}
