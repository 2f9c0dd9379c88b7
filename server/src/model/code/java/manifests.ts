/** Maven and Gradle manifests: artifact id → version, as the build declares it. */

/** `pom.xml`: the parent and each dependency, with `${property}` versions resolved from `<properties>`. */
export function readPom(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const props = new Map<string, string>();
  const propsBlock = /<properties>([\s\S]*?)<\/properties>/.exec(text)?.[1] ?? '';
  for (const m of propsBlock.matchAll(/<([\w.-]+)>\s*([^<]*?)\s*<\/\1>/g)) props.set(m[1], m[2]);
  const resolve = (v: string) => v.replace(/\$\{([^}]+)\}/g, (_, k: string) => props.get(k) ?? '');
  for (const block of text.matchAll(/<(parent|dependency|plugin)>([\s\S]*?)<\/\1>/g)) {
    const artifact = /<artifactId>\s*([^<\s]+)\s*<\/artifactId>/.exec(block[2])?.[1];
    const version = /<version>\s*([^<\s]+)\s*<\/version>/.exec(block[2])?.[1];
    const resolved = version && resolve(version);
    if (artifact && resolved && /^\d/.test(resolved)) out[artifact] ??= resolved;
  }
  return out;
}

/** `build.gradle(.kts)`: `group:artifact:version` coordinates and the Spring Boot plugin's version. */
export function readGradle(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/["']([\w.-]+):([\w.-]+):(\d[\w.-]*)["']/g)) out[m[2]] ??= m[3];
  const boot = /id\s*\(?\s*["']org\.springframework\.boot["']\s*\)?\s*version\s*["'](\d[\w.-]*)["']/.exec(text);
  if (boot) out['spring-boot'] ??= boot[1];
  return out;
}

const BOOT_TO_FRAMEWORK: [RegExp, string][] = [
  [/^1\./, '4.3.0'], [/^2\.0\./, '5.0.0'], [/^2\.1\./, '5.1.0'], [/^2\.[23]\./, '5.2.0'], [/^2\./, '5.3.0'], [/^3\.[01]\./, '6.0.0'], [/^3\./, '6.1.0'], [/^[4-9]\./, '7.0.0'],
];

/** The Spring Framework version behind a set of artifacts, from spring-web itself or the Spring Boot release that pins it. */
export function springFrameworkVersion(get: (name: string) => { version: string } | undefined): string | undefined {
  for (const name of ['spring-web', 'spring-webmvc', 'spring-context', 'spring-core']) {
    const v = get(name)?.version;
    if (v) return v;
  }
  for (const name of ['spring-boot-starter-parent', 'spring-boot', 'spring-boot-starter-web', 'spring-boot-dependencies']) {
    const v = get(name)?.version;
    const hit = v && BOOT_TO_FRAMEWORK.find(([re]) => re.test(v));
    if (hit) return hit[1];
  }
  return undefined;
}
