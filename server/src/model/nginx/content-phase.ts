import type { Span } from '../../core/range';
import type { ResponseBranch, StatusModel } from '../cors-policy';
import { inheritedItems, itemsNamed, spanOf, type Item, type Level } from './levels';

const PASSES: Record<string, string> = {
  proxy_pass: 'proxy',
  fastcgi_pass: 'fastcgi',
  uwsgi_pass: 'uwsgi',
  scgi_pass: 'scgi',
  grpc_pass: 'grpc',
  memcached_pass: 'memcached',
};

export interface Content {
  status: StatusModel;
  /** The upstream module's directive prefix (`proxy`, `fastcgi`...), for upstream content. */
  prefix?: string;
  passesUpstreamHeaders?: ResponseBranch['passesUpstreamHeaders'];
}

/**
 * What produces the response once the rewrite and access phases let the
 * request through: an `if` or `limit_except` with its own `*_pass` uses it, else the location's
 * handler (a `*_pass`, `try_files`, or the static module).
 */
export function contentOf(conf: Level, location: Level, handlerIf?: Level): Content {
  const handlerLevel = (conf.kind === 'if' || conf.kind === 'limit_except') && passItem(conf) ? conf : location;
  if (handlerIf && handlerLevel === location && !passItem(location)) {
    // A later matching if took over the configuration: the earlier if's proxy handler runs with no upstream.
    const at = spanOf(passItem(handlerIf)!.directive);
    return { status: { kind: 'fixed', code: 500, at } };
  }
  const pass = passItem(handlerLevel);
  if (pass) {
    const prefix = PASSES[pass.directive.name];
    const at = spanOf(pass.directive);
    const hidden = inheritedItems(conf, `${prefix}_hide_header`)?.items.map((i) => i.directive.args[0]?.value ?? '').filter(Boolean) ?? [];
    // try_files is not merged into `if` or `limit_except` configurations: there it does not run.
    const missing = conf === location ? tryFilesCode(location) : undefined;
    return { status: { kind: 'upstream', at, ...(missing !== undefined ? { missing } : {}) }, prefix, passesUpstreamHeaders: { hidden, at } };
  }
  const special = itemsNamed(location, SPECIAL_HANDLERS)[0];
  if (special) return { status: { kind: 'fixed', code: 200, at: spanOf(special.directive) } };
  const tryFiles = conf === location ? itemsNamed(location, 'try_files').at(-1) : undefined;
  if (tryFiles) {
    const last = tryFiles.directive.args.at(-1)?.value ?? '';
    const at: Span = spanOf(tryFiles.directive);
    const code = /^=([0-9]{3})$/.exec(last);
    if (code) return { status: { kind: 'static', at, missing: Number(code[1]) } };
    return { status: { kind: 'unknown', why: `try_files falls back to ${last}`, at } };
  }
  return { status: { kind: 'static', at: location.span } };
}

export function hasPass(level: Level): boolean {
  return passItem(level) !== undefined;
}

const PASS_NAMES = Object.keys(PASSES);
const SPECIAL_HANDLERS = ['stub_status', 'empty_gif'];

/** Each level's first `*_pass`, looked up once: every branch of the level asks. */
function passItem(level: Level): Item | undefined {
  let found = level.memo.pass;
  if (found === undefined) level.memo.pass = found = itemsNamed(level, PASS_NAMES)[0] ?? null;
  return found ?? undefined;
}

/** `try_files ... =CODE`: the status a missing file gets before any handler runs. */
function tryFilesCode(location: Level): number | undefined {
  const last = itemsNamed(location, 'try_files').at(-1)?.directive.args.at(-1)?.value ?? '';
  const code = /^=([0-9]{3})$/.exec(last);
  return code ? Number(code[1]) : undefined;
}
