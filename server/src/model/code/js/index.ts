import type { FrameworkExtractor } from '../extractor';
import { expressExtractor } from './express-extractor';
import { fastifyExtractor } from './fastify-extractor';
import { honoExtractor } from './hono-extractor';
import { koaExtractor } from './koa-extractor';
import { nestExtractor } from './nest-extractor';
import { nextExtractor } from './next-extractor';
import { nodeExtractor } from './node-extractor';

/** The JavaScript/TypeScript framework extractors. */
export const jsExtractors: FrameworkExtractor[] = [expressExtractor, koaExtractor, fastifyExtractor, honoExtractor, nestExtractor, nextExtractor, nodeExtractor];
