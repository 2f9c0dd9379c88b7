import type { CodeFile, CodeProject } from '../code-project';
import type { ExtractResult, FrameworkExtractor } from '../extractor';
import { javaCorsFixer } from './java-fixer-hook';
import { springFrameworkVersion } from './manifests';
import { crossOriginPolicies } from './spring-annotations';
import { configurationPolicies, registryPolicies } from './spring-registry';
import { JavaValues } from './values';

/**
 * Spring MVC / Spring Security CORS: `@CrossOrigin`, `addCorsMappings` and
 * `CorsConfiguration` objects, with spring-web's `DefaultCorsProcessor`
 * semantics (5.3 and later: `*` with credentials is refused, patterns echo).
 */
export const springExtractor: FrameworkExtractor = {
  id: 'spring-cors',
  languages: ['java'],
  mentions: /@CrossOrigin|addMapping\s*\(|CorsConfiguration/,
  sources: ['spring'],
  extract(file: CodeFile, project: CodeProject): ExtractResult {
    const versions = project.versions(file.path);
    const values = new JavaValues(file, springFrameworkVersion((name) => versions.get(name)));
    return { policies: [...crossOriginPolicies(values), ...registryPolicies(values), ...configurationPolicies(values)] };
  },
  fixer: javaCorsFixer,
};
