import * as fs from 'node:fs';
import * as path from 'node:path';

export interface GeneratedCode {
  folder: string;
  files: number;
  corsFiles: number;
  bytes: number;
  /** Files whose set-up echoes any origin with credentials: one reflected-origin finding each. */
  reflecting: string[];
}

/** A plain module of the kind most of a repository is: services, helpers, routes without CORS. */
function plainModule(i: number): string {
  const lines = [`// Service ${i}: business logic without CORS.`, `import { db } from '../lib/db${i % 10}';`, ''];
  for (let f = 0; f < 8; f++) {
    lines.push(
      `export async function op${i}_${f}(input: { id: number; name?: string }): Promise<number> {`,
      `  const rows = await db.query('SELECT * FROM t${f} WHERE id = $1', [input.id]);`,
      `  if (!rows.length) throw new Error('missing ${i}/${f}');`,
      `  const total = rows.reduce((sum: number, r: { n: number }) => sum + r.n * ${f + 1}, 0);`,
      `  return input.name ? total + input.name.length : total;`,
      '}',
      '',
    );
  }
  return lines.join('\n');
}

/** The CORS set-ups, in turn: each framework, allowlists imported from a sibling, callbacks, hand-written headers. */
function corsModule(i: number): { text: string; reflects: boolean } {
  switch (i % 6) {
    case 0: return { reflects: true, text: `const express = require('express');\nconst cors = require('cors');\nconst app = express();\napp.use(cors({ origin: true, credentials: true }));\napp.get('/v${i}', (req, res) => res.json({ ok: ${i} }));\nmodule.exports = app;\n` };
    case 1: return { reflects: false, text: `import express from 'express';\nimport cors from 'cors';\nimport { allowed } from './origins';\nconst app = express();\napp.use(cors({ origin: allowed, credentials: true, maxAge: 600 }));\nexport default app;\n` };
    case 2: return { reflects: false, text: `const Koa = require('koa');\nconst cors = require('@koa/cors');\nconst app = new Koa();\napp.use(cors({ origin: 'https://app.example.com' }));\nmodule.exports = app;\n` };
    case 3: return { reflects: false, text: `const fastify = require('fastify')();\nconst cors = require('@fastify/cors');\nconst { allowed } = require('./origins');\nfastify.register(cors, { origin: (origin, cb) => cb(null, !origin || allowed.includes(origin)) });\nmodule.exports = fastify;\n` };
    case 4: return { reflects: false, text: `import { Hono } from 'hono';\nimport { cors } from 'hono/cors';\nconst app = new Hono();\napp.use('/api/*', cors({ origin: ['https://app.example.com'], credentials: true }));\nexport default app;\n` };
    default: return { reflects: false, text: `const http = require('http');\nconst allowed = ['https://app.example.com'];\nhttp.createServer((req, res) => {\n  const origin = req.headers.origin;\n  if (allowed.includes(origin)) res.setHeader('Access-Control-Allow-Origin', origin);\n  res.setHeader('Vary', 'Origin');\n  res.end('ok ${i}');\n});\n` };
  }
}

/** Writes `total` source files, one in ten configuring CORS, in packages of 50 files each. */
export function generateCodeRepository(folder: string, total = 5000): GeneratedCode {
  fs.rmSync(folder, { recursive: true, force: true });
  let bytes = 0;
  let corsFiles = 0;
  const reflecting: string[] = [];
  for (let i = 0; i < total; i++) {
    const pkg = path.join(folder, `pkg${Math.floor(i / 50)}`);
    if (i % 50 === 0) {
      fs.mkdirSync(pkg, { recursive: true });
      fs.writeFileSync(path.join(pkg, 'origins.ts'), "export const allowed = ['https://app.example.com', 'https://admin.example.com'];\n");
    }
    let file: string;
    let text: string;
    if (i % 10 === 0) {
      const made = corsModule(i / 10);
      file = path.join(pkg, `server${i}.${made.text.includes('import ') ? 'ts' : 'js'}`);
      text = made.text;
      corsFiles++;
      if (made.reflects) reflecting.push(file);
    } else {
      file = path.join(pkg, `service${i}.ts`);
      text = plainModule(i);
    }
    fs.writeFileSync(file, text);
    bytes += Buffer.byteLength(text);
  }
  return { folder, files: total, corsFiles, bytes, reflecting };
}
