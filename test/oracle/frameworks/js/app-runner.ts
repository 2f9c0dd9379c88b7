import { startAppProcess, type RunningApp } from '../../support/app-process';

export { freePort, type RunningApp } from '../../support/app-process';

/**
 * Starts a fixture app with `node` (PORT in its environment) and waits until it
 * prints `listening`. A start-up failure rejects with what the app printed.
 */
export function startApp(file: string, timeoutMs = 20_000): Promise<RunningApp> {
  return startAppProcess({ command: process.execPath, args: () => [file], label: file }, timeoutMs);
}
