/**
 * Issue #7: a raw SQL string cannot reach the case database by accident. The type system does
 * most of it (`CaseDb.run/all/one` take only a `SqlFragment`, which only the `sql` tag makes);
 * this test scans the sources so that a widened signature, a forged fragment, a string handed to
 * the connection directly or a second identifier quoter is caught even if someone loosens a type.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { CaseDb } from '../../electron/engine/store/duck.js';
import { ident, literal, quoteIdentifier, raw, sql } from '../../electron/engine/store/sql.js';

const root = path.resolve(import.meta.dirname, '../..');
/** Every TypeScript source that can talk to a case database. */
const SCANNED = ['electron', 'bench', 'scripts', 'test'];
const SQL_MODULE = 'electron/engine/store/sql.ts';
const CASE_DB_MODULE = 'electron/engine/store/duck.ts';
/** Files allowed to double quotes for a reason other than identifiers: CSV cells. */
const CSV_QUOTERS = new Set(['electron/engine/reports/csv.ts']);
/** Tests of the SOQL compiler on a bare DuckDB connection (no case, no CaseDb): their `db` is not a CaseDb. */
const BARE_CONNECTION_TESTS = new Set(['test/unit/soql.sql.test.ts']);

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .filter((f) => !f.split('/').includes('node_modules'));
}

const files = SCANNED.flatMap(sources).map((file) => ({ file, source: ts.createSourceFile(file, readFileSync(path.join(root, file), 'utf8'), ts.ScriptTarget.Latest, true) }));

function where(sf: ts.SourceFile, node: ts.Node): string {
  return `${sf.fileName}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
}

function visit(node: ts.Node, fn: (n: ts.Node) => void): void {
  fn(node);
  node.forEachChild((c) => visit(c, fn));
}

/** Whether an expression is SQL text written in place: a string, an untagged template, a concatenation, a `{ text, values }` literal. */
function isTextInPlace(e: ts.Expression): boolean {
  if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e)) return isTextInPlace(e.expression);
  if (ts.isConditionalExpression(e)) return isTextInPlace(e.whenTrue) || isTextInPlace(e.whenFalse);
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) || ts.isTemplateExpression(e)) return true;
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return true;
  if (ts.isObjectLiteralExpression(e)) return e.properties.some((p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === 'text');
  return false;
}

/** A call `x.run(…)`, `x.all(…)`, `x.one(…)` on something named like a case database (`db`, `c.db`, `this.db`, `caseDb`). */
function caseDbCall(node: ts.Node): ts.CallExpression | null {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return null;
  if (!['run', 'all', 'one'].includes(node.expression.name.text)) return null;
  const receiver = node.expression.expression;
  const name = ts.isIdentifier(receiver) ? receiver.text : ts.isPropertyAccessExpression(receiver) ? receiver.name.text : '';
  return /^(db|duck|caseDb|case_db)$/i.test(name) || /Db$/.test(name) ? node : null;
}

/** Whether the statement holding `node` is marked `// @ts-expect-error` (a deliberate compile-time probe). */
function expectsTypeError(sf: ts.SourceFile, node: ts.Node): boolean {
  let statement: ts.Node = node;
  while (statement.parent && !ts.isBlock(statement.parent) && !ts.isSourceFile(statement.parent)) statement = statement.parent;
  const comments = ts.getLeadingCommentRanges(sf.text, statement.getFullStart()) ?? [];
  return comments.some((c) => sf.text.slice(c.pos, c.end).includes('@ts-expect-error'));
}

/** Places in a file that quote identifiers themselves: a `quoteIdent…` function, or `"${x.replaceAll('"', '""')}"`. */
function identifierQuoters(source: ts.SourceFile): string[] {
  const found: string[] = [];
  visit(source, (n) => {
    const name = (ts.isFunctionDeclaration(n) || ts.isVariableDeclaration(n)) && n.name && ts.isIdentifier(n.name) ? n.name.text : null;
    if (name && /^quote_?ident/i.test(name)) found.push(`${where(source, n)}: ${name}`);
    if (ts.isTemplateExpression(n) && n.head.text.endsWith('"')) {
      const inner = n.templateSpans[0]?.expression.getText(source) ?? '';
      if (/replace(All)?\((['"`])"\2, (['"`])""\3\)|replace\(\/"\/g/.test(inner)) found.push(`${where(source, n)}: ${n.getText(source)}`);
    }
  });
  return found;
}

describe('every statement reaches DuckDB through the sql tag', () => {
  it('no CaseDb.run/all/one call is handed SQL text written in place', () => {
    const found: string[] = [];
    for (const { file, source } of files) {
      if (BARE_CONNECTION_TESTS.has(file)) continue;
      visit(source, (n) => {
        const call = caseDbCall(n);
        const arg = call?.arguments[0];
        if (call && arg && isTextInPlace(arg) && !expectsTypeError(source, call)) found.push(`${where(source, call)}: ${call.getText(source).slice(0, 90)}`);
      });
    }
    expect(found).toEqual([]);
  });

  it('only CaseDb itself talks to the DuckDB connection with SQL text', () => {
    const found: string[] = [];
    for (const { file, source } of files) {
      if (file === CASE_DB_MODULE) continue;
      visit(source, (n) => {
        if (!ts.isPropertyAccessExpression(n) || !ts.isPropertyAccessExpression(n.expression) || n.expression.name.text !== 'connection') return;
        if (['run', 'runAndReadAll', 'runAndRead', 'prepare', 'stream', 'streamAndReadAll', 'extractStatements', 'start'].includes(n.name.text)) found.push(`${where(source, n)}: ${n.getText(source)}`);
      });
    }
    expect(found).toEqual([]);
  });

  it('no fragment is forged by a cast outside the sql module', () => {
    const found: string[] = [];
    for (const { file, source } of files) {
      if (file === SQL_MODULE) continue;
      visit(source, (n) => {
        if (ts.isAsExpression(n) && n.type.getText(source) === 'SqlFragment' && ts.isAsExpression(n.expression) && /^(unknown|any)$/.test(n.expression.type.getText(source))) {
          found.push(`${where(source, n)}: ${n.getText(source).slice(0, 90)}`);
        }
      });
    }
    expect(found).toEqual([]);
  });

  it('the scan itself catches each kind of raw statement', () => {
    const probe = ts.createSourceFile(
      'probe.ts',
      [
        "db.run('DROP TABLE x');",
        'c.db.all(`SELECT * FROM ${t}`);',
        "this.caseDb.one('SELECT ' + col);",
        "db.run({ text: 'DELETE FROM t', values: [] });",
        'db.run(flag ? `A` : sql`B`);',
        'db.run(sql`SELECT ${1}`);',
        'db.all(statement);',
        "stmt.run('a value for better-sqlite3');",
      ].join('\n'),
      ts.ScriptTarget.Latest,
      true,
    );
    const lines: number[] = [];
    visit(probe, (n) => {
      const call = caseDbCall(n);
      if (call?.arguments[0] && isTextInPlace(call.arguments[0])) lines.push(probe.getLineAndCharacterOfPosition(call.getStart(probe)).line + 1);
    });
    expect(lines).toEqual([1, 2, 3, 4, 5]);
  });

  it('the type system refuses a plain string or a hand-made fragment', () => {
    // Never called: these lines only have to fail to type-check (`npm run typecheck` fails if they compile).
    const mustNotCompile = async (db: CaseDb): Promise<void> => {
      // @ts-expect-error a string is not a statement
      await db.run('DROP TABLE events');
      // @ts-expect-error a template literal without the tag is a string
      await db.all(`SELECT * FROM ${'events'}`);
      // @ts-expect-error a fragment comes only from the sql tag
      await db.one({ text: 'SELECT 1', values: [] });
    };
    expect(typeof mustNotCompile).toBe('function');
  });
});

describe('one identifier quoter', () => {
  it('quotes identifiers and splices them as text, values as parameters', () => {
    expect(quoteIdentifier('Na"me')).toBe('"Na""me"');
    const q = sql`SELECT ${ident('a"b')}, ${raw('count(*)')} FROM t WHERE x = ${"'; DROP TABLE t; --"} AND f = ${literal("it's")}`;
    expect(q.text).toBe(`SELECT "a""b", count(*) FROM t WHERE x = ? AND f = 'it''s'`);
    expect(q.values).toEqual(["'; DROP TABLE t; --"]);
  });

  it('no other identifier-quoting function exists in the sources', () => {
    const found: string[] = [];
    for (const { file, source } of files) {
      // Tests and the demo generator write CSV files, whose cells are quoted the same way.
      if (file === SQL_MODULE || CSV_QUOTERS.has(file) || file.startsWith('test/') || file.startsWith('scripts/')) continue;
      found.push(...identifierQuoters(source));
    }
    expect(found).toEqual([]);
  });

  it('the scan finds a hand-written quoter', () => {
    const probe = ts.createSourceFile(
      'probe.ts',
      [
        "const quote = (name: string): string => `\"${name.replaceAll('\"', '\"\"')}\"`;",
        'export function quoteIdent(n: string): string { return n; }',
        "const select = `${col ? `\"${col.replace(/\"/g, '\"\"')}\"::VARCHAR` : 'NULL'} AS x`;",
        "const fine = `${quoteIdentifier(col)}::VARCHAR`;",
      ].join('\n'),
      ts.ScriptTarget.Latest,
      true,
    );
    expect(identifierQuoters(probe).map((f) => f.split(':')[1])).toEqual(['1', '2', '3']);
  });
});
