/** One CORS set-up a generated file holds; `reflects`: it echoes any origin with credentials, so one reflected-origin finding. */
export interface CorsSetup {
  text: string;
  reflects: boolean;
  /** The file's extension when it differs from the language's (`js` beside `ts`). */
  ext?: string;
}

/**
 * A language of the generated repository: its share of the files, an ordinary
 * module of the kind most of a code base is, and CORS set-ups taken in turn.
 * One more language is one more entry here.
 */
export interface CodeLanguage {
  id: string;
  ext: string;
  /** Files per hundred. */
  share: number;
  plain(i: number): string;
  setups: ((i: number) => CorsSetup)[];
}

function repeat(count: number, make: (f: number) => string[]): string[] {
  return Array.from({ length: count }, (_, f) => make(f)).flat();
}

const js: CodeLanguage = {
  id: 'javascript/typescript',
  ext: 'ts',
  share: 40,
  plain: (i) => [`// Service ${i}: business logic without CORS.`, `import { db } from '../lib/db${i % 10}';`, '', ...repeat(8, (f) => [
    `export async function op${i}_${f}(input: { id: number; name?: string }): Promise<number> {`,
    `  const rows = await db.query('SELECT * FROM t${f} WHERE id = $1', [input.id]);`,
    `  if (!rows.length) throw new Error('missing ${i}/${f}');`,
    `  const total = rows.reduce((sum: number, r: { n: number }) => sum + r.n * ${f + 1}, 0);`,
    '  return input.name ? total + input.name.length : total;',
    '}',
    '',
  ])].join('\n'),
  setups: [
    (i) => ({ reflects: true, ext: 'js', text: `const express = require('express');\nconst cors = require('cors');\nconst app = express();\napp.use(cors({ origin: true, credentials: true }));\napp.get('/v${i}', (req, res) => res.json({ ok: ${i} }));\nmodule.exports = app;\n` }),
    () => ({ reflects: false, text: `import express from 'express';\nimport cors from 'cors';\nimport { allowed } from './origins';\nconst app = express();\napp.use(cors({ origin: allowed, credentials: true, maxAge: 600 }));\nexport default app;\n` }),
    () => ({ reflects: false, ext: 'js', text: `const Koa = require('koa');\nconst cors = require('@koa/cors');\nconst app = new Koa();\napp.use(cors({ origin: 'https://app.example.com' }));\nmodule.exports = app;\n` }),
    () => ({ reflects: false, ext: 'js', text: `const fastify = require('fastify')();\nconst cors = require('@fastify/cors');\nconst { allowed } = require('./origins');\nfastify.register(cors, { origin: (origin, cb) => cb(null, !origin || allowed.includes(origin)) });\nmodule.exports = fastify;\n` }),
    () => ({ reflects: false, text: `import { Hono } from 'hono';\nimport { cors } from 'hono/cors';\nconst app = new Hono();\napp.use('/api/*', cors({ origin: ['https://app.example.com'], credentials: true }));\nexport default app;\n` }),
    (i) => ({ reflects: false, ext: 'js', text: `const http = require('http');\nconst allowed = ['https://app.example.com'];\nhttp.createServer((req, res) => {\n  const origin = req.headers.origin;\n  if (allowed.includes(origin)) res.setHeader('Access-Control-Allow-Origin', origin);\n  res.setHeader('Vary', 'Origin');\n  res.end('ok ${i}');\n});\n` }),
    (i) => ({ reflects: true, text: `import { NextResponse, type NextRequest } from 'next/server';\nexport async function GET(request: NextRequest) {\n  const origin = request.headers.get('origin') ?? '';\n  return NextResponse.json({ id: ${i} }, { headers: { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' } });\n}\n` }),
  ],
};

const python: CodeLanguage = {
  id: 'python',
  ext: 'py',
  share: 20,
  plain: (i) => [`"""Service ${i}: business logic without CORS."""`, 'import sqlite3', '', ...repeat(8, (f) => [
    `def op_${i}_${f}(conn: sqlite3.Connection, item_id: int, name: str | None = None) -> int:`,
    `    rows = conn.execute('SELECT n FROM t${f} WHERE id = ?', (item_id,)).fetchall()`,
    '    if not rows:',
    `        raise LookupError('missing ${i}/${f}')`,
    `    total = sum(r[0] * ${f + 1} for r in rows)`,
    '    return total + len(name) if name else total',
    '',
  ])].join('\n'),
  setups: [
    () => ({ reflects: true, text: 'from flask import Flask\nfrom flask_cors import CORS\n\napp = Flask(__name__)\nCORS(app, supports_credentials=True)\n' }),
    () => ({ reflects: false, text: "from flask import Flask\nfrom flask_cors import CORS\n\napp = Flask(__name__)\nCORS(app, origins=['https://app.example.com', 'https://admin.example.com'], supports_credentials=True, max_age=600)\n" }),
    () => ({ reflects: false, text: "INSTALLED_APPS = ['django.contrib.contenttypes', 'corsheaders']\nMIDDLEWARE = [\n    'corsheaders.middleware.CorsMiddleware',\n    'django.middleware.common.CommonMiddleware',\n]\nCORS_ALLOWED_ORIGINS = ['https://app.example.com', 'https://admin.example.com']\nCORS_ALLOW_CREDENTIALS = True\nCORS_PREFLIGHT_MAX_AGE = 600\n" }),
    () => ({ reflects: true, text: "INSTALLED_APPS = ['django.contrib.contenttypes', 'corsheaders']\nMIDDLEWARE = [\n    'corsheaders.middleware.CorsMiddleware',\n    'django.middleware.common.CommonMiddleware',\n]\nCORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = True\nCORS_PREFLIGHT_MAX_AGE = 600\n" }),
    () => ({ reflects: false, text: "from starlette.applications import Starlette\nfrom starlette.middleware import Middleware\nfrom starlette.middleware.cors import CORSMiddleware\n\napp = Starlette(middleware=[Middleware(CORSMiddleware, allow_origins=['https://app.example.com'], allow_credentials=True, allow_methods=['GET', 'POST'])])\n" }),
    () => ({ reflects: true, text: "from starlette.applications import Starlette\nfrom starlette.middleware import Middleware\nfrom starlette.middleware.cors import CORSMiddleware\n\napp = Starlette(middleware=[Middleware(CORSMiddleware, allow_origins=['*'], allow_credentials=True, allow_methods=['GET', 'POST'])])\n" }),
  ],
};

const go: CodeLanguage = {
  id: 'go',
  ext: 'go',
  share: 10,
  plain: (i) => [`// Package svc${i} holds business logic without CORS.`, `package svc${i}`, '', 'import "errors"', '', ...repeat(8, (f) => [
    `func Op${f}(rows []int, name string) (int, error) {`,
    '\tif len(rows) == 0 {',
    `\t\treturn 0, errors.New("missing ${i}/${f}")`,
    '\t}',
    '\ttotal := 0',
    `\tfor _, n := range rows {\n\t\ttotal += n * ${f + 1}\n\t}`,
    '\treturn total + len(name), nil',
    '}',
    '',
  ])].join('\n'),
  setups: [
    () => ({ reflects: true, text: 'package main\n\nimport (\n\t"net/http"\n\n\t"github.com/rs/cors"\n)\n\nfunc main() {\n\tc := cors.New(cors.Options{\n\t\tAllowOriginFunc:  func(origin string) bool { return true },\n\t\tAllowCredentials: true,\n\t})\n\thttp.ListenAndServe("127.0.0.1:8080", c.Handler(http.DefaultServeMux))\n}\n' }),
    () => ({ reflects: false, text: 'package main\n\nimport (\n\t"net/http"\n\n\t"github.com/rs/cors"\n)\n\nfunc main() {\n\tc := cors.New(cors.Options{\n\t\tAllowedOrigins:   []string{"https://app.example.com", "https://admin.example.com"},\n\t\tAllowCredentials: true,\n\t\tMaxAge:           600,\n\t})\n\thttp.ListenAndServe("127.0.0.1:8080", c.Handler(http.DefaultServeMux))\n}\n' }),
    () => ({ reflects: false, text: 'package main\n\nimport (\n\t"time"\n\n\t"github.com/gin-contrib/cors"\n\t"github.com/gin-gonic/gin"\n)\n\nfunc main() {\n\tr := gin.New()\n\tr.Use(cors.New(cors.Config{\n\t\tAllowOrigins:     []string{"https://app.example.com"},\n\t\tAllowMethods:     []string{"GET", "POST"},\n\t\tAllowCredentials: true,\n\t\tMaxAge:           10 * time.Minute,\n\t}))\n\tr.Run("127.0.0.1:8080")\n}\n' }),
  ],
};

const java: CodeLanguage = {
  id: 'java',
  ext: 'java',
  share: 10,
  plain: (i) => [`// Service ${i}: business logic without CORS.`, `package com.example.svc${i};`, '', 'import java.util.List;', '', `public class Service${i} {`, ...repeat(8, (f) => [
    `    public int op${f}(List<Integer> rows, String name) {`,
    `        if (rows.isEmpty()) throw new IllegalStateException("missing ${i}/${f}");`,
    '        int total = 0;',
    `        for (int n : rows) total += n * ${f + 1};`,
    '        return name == null ? total : total + name.length();',
    '    }',
    '',
  ]), '}', ''].join('\n'),
  setups: [
    (i) => ({ reflects: true, text: `import org.springframework.context.annotation.Configuration;\nimport org.springframework.web.servlet.config.annotation.CorsRegistry;\nimport org.springframework.web.servlet.config.annotation.WebMvcConfigurer;\n\n@Configuration\npublic class WebConfig${i} implements WebMvcConfigurer {\n    @Override\n    public void addCorsMappings(CorsRegistry registry) {\n        registry.addMapping("/api/**").allowedOriginPatterns("*").allowCredentials(true).maxAge(600);\n    }\n}\n` }),
    (i) => ({ reflects: false, text: `import org.springframework.context.annotation.Configuration;\nimport org.springframework.web.servlet.config.annotation.CorsRegistry;\nimport org.springframework.web.servlet.config.annotation.WebMvcConfigurer;\n\n@Configuration\npublic class WebConfig${i} implements WebMvcConfigurer {\n    @Override\n    public void addCorsMappings(CorsRegistry registry) {\n        registry.addMapping("/api/**").allowedOrigins("https://app.example.com", "https://admin.example.com").allowCredentials(true).maxAge(600);\n    }\n}\n` }),
  ],
};

const csharp: CodeLanguage = {
  id: 'csharp',
  ext: 'cs',
  share: 8,
  plain: (i) => [`// Service ${i}: business logic without CORS.`, `namespace Example.Svc${i};`, '', `public class Service${i}`, '{', ...repeat(8, (f) => [
    `    public int Op${f}(IReadOnlyList<int> rows, string? name)`,
    '    {',
    `        if (rows.Count == 0) throw new InvalidOperationException("missing ${i}/${f}");`,
    `        var total = rows.Sum(n => n * ${f + 1});`,
    '        return name is null ? total : total + name.Length;',
    '    }',
    '',
  ]), '}', ''].join('\n'),
  setups: [
    () => ({ reflects: true, text: 'var builder = WebApplication.CreateBuilder(args);\nbuilder.Services.AddCors(options =>\n{\n    options.AddDefaultPolicy(policy => policy.SetIsOriginAllowed(_ => true).AllowAnyHeader().AllowCredentials());\n});\nvar app = builder.Build();\napp.UseCors();\napp.MapGet("/me", () => "{}");\napp.Run();\n' }),
    () => ({ reflects: false, text: 'var builder = WebApplication.CreateBuilder(args);\nbuilder.Services.AddCors(options =>\n{\n    options.AddPolicy("web", policy => policy.WithOrigins("https://app.example.com", "https://admin.example.com").WithMethods("GET", "POST").AllowCredentials());\n});\nvar app = builder.Build();\napp.UseCors("web");\napp.MapGet("/me", () => "{}");\napp.Run();\n' }),
  ],
};

const ruby: CodeLanguage = {
  id: 'ruby',
  ext: 'rb',
  share: 6,
  plain: (i) => [`# Service ${i}: business logic without CORS.`, `class Service${i}`, ...repeat(8, (f) => [
    `  def op_${f}(rows, name = nil)`,
    `    raise ArgumentError, 'missing ${i}/${f}' if rows.empty?`,
    '',
    `    total = rows.sum { |n| n * ${f + 1} }`,
    '    name ? total + name.length : total',
    '  end',
    '',
  ]), 'end', ''].join('\n'),
  setups: [
    () => ({ reflects: true, text: "Rails.application.config.middleware.insert_before 0, Rack::Cors do\n  allow do\n    origins { |source, _env| true }\n    resource '/api/*', headers: :any, methods: %i[get post put], credentials: true, max_age: 600\n  end\nend\n" }),
    () => ({ reflects: false, text: "TRUSTED = %w[https://app.example.com https://admin.example.com].freeze\n\nRails.application.config.middleware.insert_before 0, Rack::Cors do\n  allow do\n    origins(*TRUSTED)\n    resource '/api/*', headers: :any, methods: %i[get post put delete], credentials: true, max_age: 600\n  end\nend\n" }),
  ],
};

const php: CodeLanguage = {
  id: 'php',
  ext: 'php',
  share: 6,
  plain: (i) => ['<?php', `// Service ${i}: business logic without CORS.`, '', ...repeat(8, (f) => [
    `function op_${i}_${f}(array $rows, ?string $name = null): int`,
    '{',
    `    if (count($rows) === 0) throw new RuntimeException('missing ${i}/${f}');`,
    `    $total = array_sum(array_map(fn ($n) => $n * ${f + 1}, $rows));`,
    '    return $name === null ? $total : $total + strlen($name);',
    '}',
    '',
  ])].join('\n'),
  setups: [
    () => ({ reflects: true, text: "<?php\n$origin = $_SERVER['HTTP_ORIGIN'] ?? '';\nheader('Access-Control-Allow-Origin: ' . $origin);\nheader('Access-Control-Allow-Credentials: true');\nheader('Vary: Origin');\necho json_encode(['ok' => true]);\n" }),
    () => ({ reflects: false, text: "<?php\nconst TRUSTED = ['https://app.example.com', 'https://admin.example.com'];\n$origin = $_SERVER['HTTP_ORIGIN'] ?? '';\nif (in_array($origin, TRUSTED, true)) {\n    header('Access-Control-Allow-Origin: ' . $origin);\n    header('Access-Control-Allow-Credentials: true');\n}\nheader('Vary: Origin');\necho 'ok';\n" }),
  ],
};

/** The languages of the generated repository, with the extractors that read them in `server/src/model/code/extractors.ts`. */
export const CODE_LANGUAGES: CodeLanguage[] = [js, python, go, java, csharp, ruby, php];
