export { exchange, parseTargetUrl, DEFAULT_TIMEOUT_MS, DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_BODY_BYTES, type Exchange, type ExchangeOptions, type ExchangeRequest } from './http-exchange';
export { ExchangeError, type ExchangeErrorCode } from './exchange-error';
export { testPreflight, DEFAULT_TEST_ORIGIN, type PreflightTestOptions, type PreflightTestResult } from './preflight-run';
export { runOriginProbes, judgeProbe, type ProbeAccess, type ProbeOptions, type ProbeReport, type ProbeResult } from './origin-probes';
export { probeOrigins, ATTACKER_DOMAIN, type ProbeOrigin, type ProbeRuleId } from './probe-origins';
