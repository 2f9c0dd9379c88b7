import { rule as reflectedOrigin } from './reflected-origin';
import { rule as credentialsWithWildcardOrigin } from './credentials-with-wildcard-origin';
import { rule as nullOriginAllowed } from './null-origin-allowed';
import { rule as permissiveOriginPattern } from './permissive-origin-pattern';
import { rule as anySubdomainTrusted } from './any-subdomain-trusted';
import { rule as insecureOriginScheme } from './insecure-origin-scheme';
import { rule as invalidOriginValue } from './invalid-origin-value';
import { rule as missingVaryOrigin } from './missing-vary-origin';
import { rule as duplicateCorsHeader } from './duplicate-cors-header';
import { rule as credentialsWithWildcardList } from './credentials-with-wildcard-list';
import { rule as wildcardAllowHeadersAuthorization } from './wildcard-allow-headers-authorization';
import { rule as preflightNot2xx } from './preflight-not-2xx';
import { rule as headersMissingOnErrorResponses } from './headers-missing-on-error-responses';
import { rule as addHeaderInheritance } from './add-header-inheritance';
import { rule as invalidAllowCredentials } from './invalid-allow-credentials';
import { rule as maxAgeCapped } from './max-age-capped';
import { rule as permissivePrivateNetworkAccess } from './permissive-private-network-access';
import type { Rule } from './rule';

/** Every rule, in the order of the catalogue. */
export const allRules: readonly Rule[] = [
  reflectedOrigin,
  credentialsWithWildcardOrigin,
  nullOriginAllowed,
  permissiveOriginPattern,
  anySubdomainTrusted,
  insecureOriginScheme,
  invalidOriginValue,
  missingVaryOrigin,
  duplicateCorsHeader,
  credentialsWithWildcardList,
  wildcardAllowHeadersAuthorization,
  preflightNot2xx,
  headersMissingOnErrorResponses,
  addHeaderInheritance,
  invalidAllowCredentials,
  maxAgeCapped,
  permissivePrivateNetworkAccess,
];

const byId = new Map(allRules.map((r) => [r.meta.id, r]));

export function ruleById(id: string): Rule | undefined {
  return byId.get(id);
}
