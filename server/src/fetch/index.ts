export * from './types';
export { evaluateCors, evaluateOutcomes, isPreflightStage, needsPreflight, requestHeadersValue, type VerdictInput } from './verdict';
export { corsCheck } from './access-check';
export { checkPreflight, isOkStatus, preflightCacheSeconds, REDIRECT_STATUSES } from './preflight-check';
export { corsUnsafeHeaders, isForbiddenMethod, isForbiddenRequestHeader, isSafelistedMethod, normalizeMethod, unsafeCause } from './request-headers';
export { getCombined, extractTokenList } from './header-lines';
export { PROFILES, STANDARD, ENGINE_LABELS, type EngineProfile } from './engine-profiles';
export { describeReason } from './reason-text';
