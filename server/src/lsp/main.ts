import { startLanguageServer } from './server';

// The transport (stdio, IPC, socket) comes from the command line the client used.
const connection = startLanguageServer();

// A defect in one analysis must not take the editor's diagnostics down with it.
process.on('uncaughtException', (error) => connection.console.error(`Uncaught exception: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) => connection.console.error(`Unhandled rejection: ${String((reason as Error)?.stack ?? reason)}`));
