import * as assert from 'node:assert/strict';
import type { CorsPolicy } from '../../../../../server/src/model/cors-policy';
import { predict, type Prediction } from '../../../../../server/src/model/predict';
import { acao, analyse, headersFor, onlyPolicy, ready } from './support';

describe('JS framework extractors', () => {
  before(ready);

  it('NestJS enableCors on the Express adapter behaves like the cors package', () => {
    const policy = onlyPolicy(analyse({
      'main.ts': "import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  app.enableCors({ origin: ['https://a.example.com'], credentials: true });\n  await app.listen(3000);\n}\nbootstrap();\n",
    }));
    assert.equal(policy.source, 'nestjs');
    assert.deepEqual(headersFor(policy, { method: 'GET', origin: 'https://a.example.com' }), [
      'access-control-allow-credentials: true',
      'access-control-allow-origin: https://a.example.com',
      'vary: Origin',
    ]);
    assert.equal(predictStatus(policy, 'OPTIONS'), 204);
  });

  it('NestJS cors: true in NestFactory.create on the Fastify adapter uses @fastify/cors defaults', () => {
    const policy = onlyPolicy(analyse({
      'main.ts': "import { NestFactory } from '@nestjs/core';\nimport { FastifyAdapter } from '@nestjs/platform-fastify';\nimport { AppModule } from './app.module';\nNestFactory.create(AppModule, new FastifyAdapter(), { cors: true });\n",
    }));
    assert.equal(acao(policy, 'https://x.example'), '*');
    // strictPreflight: a preflight without Access-Control-Request-Method is refused.
    assert.equal(predictStatus(policy, 'OPTIONS'), 400);
  });

  it('Express 5 rejects app.options("*") at start-up', () => {
    const result = analyse({
      'package.json': JSON.stringify({ dependencies: { express: '^5.1.0', cors: '^2.8.5' } }),
      'app.js': "const express = require('express');\nconst cors = require('cors');\nconst app = express();\napp.options('*', cors());\n",
    }, ['app.js']);
    const policy = onlyPolicy(result);
    assert.deepEqual(policy.notes?.map((n) => n.kind), ['throws-at-startup']);
    const startup = result.findings.filter((f) => f.messageId === 'throwsAtStartup');
    assert.equal(startup.length, 1);
    assert.match(startup[0].message, /Express 5 rejects the path '\*'/);
    assert.equal(startup[0].span.range.start.line, 3);
  });

  it('Koa: credentials with the default origin echoes the request Origin', () => {
    const policy = onlyPolicy(analyse({ 'app.js': "const Koa = require('koa');\nconst cors = require('@koa/cors');\nconst app = new Koa();\napp.use(cors({ credentials: true }));\n" }));
    assert.equal(acao(policy, 'https://evil.example'), 'https://evil.example');
  });

  it('Hono: an origin function whose answer is the Origin for matching origins only', () => {
    const policy = onlyPolicy(analyse({ 'app.ts': "import { Hono } from 'hono';\nimport { cors } from 'hono/cors';\nconst app = new Hono();\napp.use(cors({ origin: (o) => (o.endsWith('.example.com') ? o : null) }));\n" }));
    assert.equal(acao(policy, 'https://a.example.com'), 'https://a.example.com');
    assert.equal(acao(policy, 'https://a.example.org'), undefined);
  });
});

function predictStatus(policy: CorsPolicy, method: string): Prediction['status'] {
  return predict(policy, { method, origin: 'https://a.example.com' }).status;
}
