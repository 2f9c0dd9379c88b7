export const CHECK_HELP = `Usage: cors-preflight check [options] [paths...]

Checks nginx configs, Apache configs and server code for CORS mistakes.
Folders are walked (node_modules, .git and virtualenvs are skipped); with no
paths, the current folder is checked.

Options:
  -f, --format <stylish|json|sarif>  output format (default: stylish)
  -o, --output <file>                write the report to a file instead of stdout
      --severity <info|warning|error>
                                     the lowest severity that fails the run
                                     (default: warning)
      --trusted-origin <origin>      an origin allowlist fixes may use (repeatable)
      --rule <id>=<severity|off>     change a rule's severity or turn it off
                                     (repeatable)
      --include <glob>               only check walked files matching a pattern
                                     (repeatable; relative to the current folder)
      --exclude <glob>               leave out files and folders (repeatable)
      --fix                          apply the safe quick fixes to the files, then
                                     report what is left
  -q, --quiet                        print only findings that fail the run
  -h, --help                         show this help
  -v, --version                      print the version

Exit codes: 0 no finding at or above --severity, 1 some, 2 usage or internal error.
`;

export const MAIN_HELP = `Usage: cors-preflight <command> [options]

Commands:
  check [paths...]     find CORS mistakes in configs and code (see check --help)
  preflight <url>      send a real preflight (then the request) and explain what
                       browsers would do with the answer
  probe <url>          send crafted Origins to a running server and report which
                       ones it trusts
  lsp --stdio          run the language server over stdin/stdout

Options:
  -h, --help           show this help
  -v, --version        print the version
`;
