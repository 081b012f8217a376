// Code-health counts (issue 13): long functions, long lines, raw SQL outside repositories, module cycles.
// Usage: node scripts/code-health.mjs [--summary] [root=src]. Reads the (Prettier-formatted) sources with
// the TypeScript compiler API; migrations are SQL by nature and are not counted as raw SQL, nor are the files
// of RAW_SQL_EXEMPT (each with its reason). Module cycles are counted on the folder graph of src/ over value
// imports (type-only imports are erased), leaving out the shared layers every module may use: common/,
// config/ and database/ (whose entities.ts lists every entity).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const MAX_FUNCTION_LINES = 70;
const MAX_LINE_CHARS = 120;
const SHARED_LAYERS = new Set(['common', 'config', 'database']);
const args = process.argv.slice(2);
const summaryOnly = args.includes('--summary');
const root = resolve(args.find((a) => !a.startsWith('--')) ?? 'src');

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'assets' || e.name === 'node_modules' ? [] : walk(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

const rel = (file) => relative(process.cwd(), file);
const lineOf = (sf, pos) => sf.getLineAndCharacterOfPosition(pos).line + 1;

function functionName(node) {
  if (node.name && ts.isIdentifier(node.name)) return node.name.text;
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isPropertyDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  return '(anonymous)';
}

const isFunctionLike = (n) =>
  ts.isFunctionDeclaration(n) ||
  ts.isMethodDeclaration(n) ||
  ts.isConstructorDeclaration(n) ||
  ts.isGetAccessorDeclaration(n) ||
  ts.isSetAccessorDeclaration(n) ||
  ts.isArrowFunction(n) ||
  ts.isFunctionExpression(n);

const QUERY_BUILDER_SQL = new Set(['createQueryBuilder']);

/**
 * Files whose raw SQL is not a module's query but the layer under the repositories, or raw by design.
 * Every other file keeps its SQL in a `*.repository.ts`.
 */
const RAW_SQL_EXEMPT = [
  // The database layer: bulk inserts, advisory locks and the migration generator's scratch schema are
  // what repositories are built on.
  { path: /^database\//, reason: 'the database layer under the repositories' },
  // insertEntities calls insertRows with the column list of the entity's metadata, not a hand-typed one.
  { path: /^common\/entity-rows\.ts$/, reason: 'column lists from entity metadata' },
  // The bench's baselines are the hand-written SQL the product's code is measured against.
  { path: /^bench\/baselines\.ts$/, reason: 'raw SQL baselines of the bench, by design' },
];
const rawSqlExempt = (file) => RAW_SQL_EXEMPT.some((e) => e.path.test(relative(root, file).split(/[\\/]/).join('/')));

function isRawSqlCall(node) {
  if (!ts.isCallExpression(node)) return null;
  const callee = node.expression;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : null;
  if (name === 'query' && ts.isPropertyAccessExpression(callee) && node.arguments.length > 0) return '.query(';
  if (name && QUERY_BUILDER_SQL.has(name)) return 'createQueryBuilder';
  if (name === 'insertRows') return 'insertRows (hand-typed columns)';
  return null;
}

/** Module folder of a file under root: `scoring` for src/scoring/x.ts, `(root)` for src/main.ts. */
function moduleOf(file) {
  const parts = relative(root, file).split(/[\\/]/);
  return parts.length > 1 ? parts[0] : '(root)';
}

/** `import type {…}`, `import { type A, type B }`, `export type {…}`: erased by the compiler. */
function isTypeOnly(node) {
  if (ts.isExportDeclaration(node)) {
    if (node.isTypeOnly) return true;
    const clause = node.exportClause;
    return !!clause && ts.isNamedExports(clause) && clause.elements.every((e) => e.isTypeOnly);
  }
  const clause = node.importClause;
  if (!clause) return false;
  if (clause.isTypeOnly) return true;
  const named = clause.namedBindings;
  return !clause.name && !!named && ts.isNamedImports(named) && named.elements.every((e) => e.isTypeOnly);
}

function importTargets(sf, file) {
  const specs = [];
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (!isTypeOnly(node)) specs.push({ spec: node.moduleSpecifier.text, line: lineOf(sf, node.getStart(sf)) });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      specs.push({ spec: node.arguments[0].text, line: lineOf(sf, node.getStart(sf)) });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return specs
    .filter((s) => s.spec.startsWith('.'))
    .map((s) => ({ ...s, target: resolve(dirname(file), s.spec.replace(/\.js$/, '.ts')) }))
    .filter((s) => s.target.startsWith(root + '/'));
}

/** Strongly connected components (Tarjan) of the folder graph; those with more than one folder are cycles. */
function cycles(graph) {
  let index = 0;
  const stack = [];
  const meta = new Map();
  const out = [];
  const strong = (v) => {
    meta.set(v, { index, low: index, on: true });
    index++;
    stack.push(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!meta.has(w)) {
        strong(w);
        meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).low);
      } else if (meta.get(w).on) meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).index);
    }
    if (meta.get(v).low === meta.get(v).index) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        meta.get(w).on = false;
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!meta.has(v)) strong(v);
  return out;
}

const files = walk(root).filter((f) => !/\.(spec|e2e-spec)\.ts$/.test(f));
const longFunctions = [];
const longLines = [];
const rawSql = [];
const graph = new Map();

for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const isMigration = /[\\/]database[\\/]migrations[\\/]/.test(file);
  text.split('\n').forEach((line, i) => {
    const chars = [...line].length;
    if (chars > MAX_LINE_CHARS) longLines.push({ where: `${rel(file)}:${i + 1}`, chars, migration: isMigration });
  });
  const isRepository = file.endsWith('.repository.ts');
  const visit = (node) => {
    if (isFunctionLike(node) && node.body) {
      const lines = lineOf(sf, node.getEnd()) - lineOf(sf, node.getStart(sf)) + 1;
      if (lines > MAX_FUNCTION_LINES) {
        longFunctions.push({ where: `${rel(file)}:${lineOf(sf, node.getStart(sf))}`, name: functionName(node), lines });
      }
    }
    const sql = isRepository || isMigration || rawSqlExempt(file) ? null : isRawSqlCall(node);
    if (sql) rawSql.push({ where: `${rel(file)}:${lineOf(sf, node.getStart(sf))}`, kind: sql });
    ts.forEachChild(node, visit);
  };
  visit(sf);
  const from = moduleOf(file);
  for (const { target, line } of importTargets(sf, file)) {
    const to = moduleOf(target);
    if (to === from || SHARED_LAYERS.has(to) || SHARED_LAYERS.has(from)) continue;
    if (!graph.has(from)) graph.set(from, new Map());
    const edges = graph.get(from);
    if (!edges.has(to)) edges.set(to, []);
    edges.get(to).push(`${rel(file)}:${line}`);
  }
}

const components = cycles(graph);
const mutual = [];
for (const [a, edges] of graph) {
  for (const b of edges.keys()) if (a < b && graph.get(b)?.has(a)) mutual.push([a, b]);
}

if (!summaryOnly) {
  console.log(`Functions over ${MAX_FUNCTION_LINES} lines (${longFunctions.length}):`);
  for (const f of longFunctions.sort((x, y) => y.lines - x.lines)) console.log(`  ${f.lines}\t${f.name}\t${f.where}`);
  console.log(`Lines over ${MAX_LINE_CHARS} characters (${longLines.length}):`);
  for (const l of longLines) console.log(`  ${l.chars}\t${l.where}`);
  console.log(`Raw SQL outside *.repository.ts (${rawSql.length}):`);
  for (const s of rawSql) console.log(`  ${s.kind}\t${s.where}`);
  console.log(`Module cycles (${components.length} strongly connected groups, ${mutual.length} mutual pairs):`);
  for (const c of components) console.log(`  group: ${c.join(', ')}`);
  for (const [a, b] of mutual) {
    console.log(`  ${a} ↔ ${b}`);
    console.log(`    ${a} → ${b}: ${graph.get(a).get(b).join(', ')}`);
    console.log(`    ${b} → ${a}: ${graph.get(b).get(a).join(', ')}`);
  }
}
const handLines = longLines.filter((l) => !l.migration).length;
console.log(
  `summary: ${files.length} files; functions>${MAX_FUNCTION_LINES}: ${longFunctions.length}; ` +
    `lines>${MAX_LINE_CHARS}: ${longLines.length} (outside generated migrations: ${handLines}); ` +
    `raw SQL outside repositories: ${rawSql.length}; ` +
    `cyclic module groups: ${components.length} (mutual pairs: ${mutual.length})`,
);
