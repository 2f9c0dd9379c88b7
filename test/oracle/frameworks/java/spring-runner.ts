import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startAppProcess, type RunningApp } from '../../support/app-process';

/** Debian's Spring 4.3 and Jetty 9.4: the packages `scripts/install-test-deps.sh` installs. */
const SPRING = (name: string) => `/usr/share/maven-repo/org/springframework/${name}/4.3.30.RELEASE/${name}-4.3.30.RELEASE.jar`;
const JARS = [
  ...['spring-core', 'spring-beans', 'spring-context', 'spring-aop', 'spring-expression', 'spring-web', 'spring-webmvc'].map(SPRING),
  ...['server', 'servlet', 'http', 'io', 'util', 'security'].map((m) => `/usr/share/java/jetty9-${m}.jar`),
  '/usr/share/java/servlet-api.jar',
  '/usr/share/java/commons-logging.jar',
];
const INSTALL = 'apt-get install -y --no-install-recommends openjdk-17-jdk-headless libspring-web-servlet-java libjetty9-java libservlet-api-java';

let compiled: string | undefined;

/** Compiles the launcher and every fixture app once (Java 8 class files: Debian's Spring 4.3 reads no newer ones). */
export function compileApps(files: string[]): string {
  if (compiled) return compiled;
  const missing = JARS.filter((j) => !fs.existsSync(j));
  if (missing.length > 0) throw new Error(`the Spring oracle needs ${missing.join(', ')}: run ${INSTALL}`);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'spring-oracle-'));
  try {
    execFileSync('javac', ['--release', '8', '-nowarn', '-cp', JARS.join(':'), '-d', out, path.join(__dirname, 'SpringLauncher.java'), ...files], { stdio: 'pipe' });
  } catch (error) {
    const e = error as { code?: string; stderr?: Buffer };
    if (e.code === 'ENOENT') throw new Error(`javac is missing: run ${INSTALL}`);
    throw new Error(`the fixture apps do not compile:\n${e.stderr?.toString() ?? String(error)}`);
  }
  compiled = out;
  return out;
}

/** Starts one fixture app (its class name) in Jetty on a free loopback port. */
export function startSpringApp(classes: string, className: string): Promise<RunningApp> {
  return startAppProcess({ command: 'java', args: (port) => ['-cp', `${JARS.join(':')}:${classes}`, 'SpringLauncher', className, String(port)], label: className }, 60_000);
}
