/**
 * Taking evidence out of archives: real .zip and .gz files built by the test (including malicious
 * ones), extracted into a case folder; the file system is checked, not just the returned lists.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_ARCHIVE_LIMITS, extractArchive, isArchive, type ArchiveLimits } from '../../electron/engine/intake/archives.js';
import { buildZip, crc32, memberDataRanges } from '../helpers/zipWriter.js';

const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

const LOGIN_HEADER = '"EVENT_TYPE","TIMESTAMP","REQUEST_ID","ORGANIZATION_ID","USER_ID","SOURCE_IP","LOGIN_STATUS","URI"';
/** A realistic Login EventLogFile CSV of `rows` rows. */
function loginCsv(rows: number, seed = 1): Buffer {
  const lines = [LOGIN_HEADER];
  for (let i = 0; i < rows; i++) {
    const n = i * 7919 + seed;
    lines.push(`"Login","20250726${String(100000 + (n % 135959)).slice(-6)}.${String(n % 1000).padStart(3, '0')}","4-${n.toString(36)}","00D5j000000abcd","0055j00000${String(n % 100000).padStart(5, '0')}","203.0.113.${n % 255}","LOGIN_NO_ERROR","/index.jsp"`);
  }
  return Buffer.from(lines.join('\n') + '\n');
}

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** A fresh evidence folder and case folder for one test. */
function workspace() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ls-archives-'));
  roots.push(root);
  const evidence = path.join(root, 'evidence');
  const extractDir = path.join(root, 'case', 'extracted');
  mkdirSync(evidence, { recursive: true });
  const put = (name: string, data: Buffer): string => {
    const file = path.join(evidence, name);
    writeFileSync(file, data);
    return file;
  };
  return { root, evidence, extractDir, put };
}

/** Every regular file under a folder (absolute paths, sorted). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() || d.isSymbolicLink())
    .map((d) => path.join(d.parentPath, d.name))
    .sort();
}

const SMALL: ArchiveLimits = { ...DEFAULT_ARCHIVE_LIMITS };

describe('recognising archives', () => {
  it('trusts a .zip/.gz name only when the first bytes agree', () => {
    const w = workspace();
    expect(isArchive(w.put('logs.zip', buildZip([{ name: 'a.csv', data: loginCsv(3) }])))).toBe(true);
    expect(isArchive(w.put('Login-2025-07-26.csv.gz', gzipSync(loginCsv(3))))).toBe(true);
    expect(isArchive(w.put('fake.zip', loginCsv(3)))).toBe(false);
    expect(isArchive(w.put('Login.csv', buildZip([{ name: 'a.csv', data: loginCsv(3) }])))).toBe(false);
    expect(isArchive(path.join(w.evidence, 'missing.zip'))).toBe(false);
  });
});

describe('extracting a zip', () => {
  it('writes every member with its folders, own size, time and SHA-256, and leaves the source untouched', async () => {
    const w = workspace();
    const login = loginCsv(500);
    const api = Buffer.from('"EVENT_TYPE","TIMESTAMP","ROWS_PROCESSED"\n"RestApi","20250726222419.123","5000"\n');
    const zip = buildZip([
      { name: 'logs/' },
      { name: 'logs/Login-2025-07-26.csv', data: login, modified: new Date(2025, 6, 26, 23, 59, 58) },
      { name: 'logs/RestApi-2025-07-26.csv', data: api, method: 'store' },
      { name: '__MACOSX/logs/._Login-2025-07-26.csv', data: Buffer.from('apple double') },
      { name: 'logs/.DS_Store', data: Buffer.from('finder') },
    ]);
    const source = w.put('export.zip', zip);
    const before = statSync(source);

    const out = await extractArchive(source, w.extractDir);

    expect(out.problems).toEqual([]);
    expect(out.members.map((m) => m.memberPath)).toEqual(['logs/Login-2025-07-26.csv', 'logs/RestApi-2025-07-26.csv']);
    const [first, second] = out.members;
    expect(first).toMatchObject({ archivePath: source, bytes: login.length, sha256: sha256(login), modifiedAt: new Date(2025, 6, 26, 23, 59, 58).toISOString() });
    expect(second).toMatchObject({ bytes: api.length, sha256: sha256(api) });
    for (const m of out.members) {
      expect(m.path.startsWith(w.extractDir + path.sep)).toBe(true);
      expect(path.relative(w.extractDir, m.path)).toMatch(/^[0-9a-f]{8}[/\\]logs[/\\]/);
      expect(sha256(readFileSync(m.path))).toBe(m.sha256);
    }
    expect(filesUnder(w.extractDir)).toEqual(out.members.map((m) => m.path).sort());
    expect(readFileSync(source).equals(zip)).toBe(true);
    expect(statSync(source).mtimeMs).toBe(before.mtimeMs);
  });

  it('extracts the same archive twice into separate folders, never overwriting the first', async () => {
    const w = workspace();
    const source = w.put('export.zip', buildZip([{ name: 'a.csv', data: loginCsv(5) }]));
    const one = await extractArchive(source, w.extractDir);
    const two = await extractArchive(source, w.extractDir);
    expect(one.members[0]!.path).not.toBe(two.members[0]!.path);
    expect(path.basename(path.dirname(two.members[0]!.path))).toBe(`${path.basename(path.dirname(one.members[0]!.path))}-2`);
  });

  it('keeps both members when a zip holds the same name twice, and makes Windows-unsafe names writable', async () => {
    const w = workspace();
    const a = loginCsv(3, 1);
    const b = loginCsv(3, 2);
    const c = loginCsv(3, 3);
    const source = w.put('dupes.zip', buildZip([{ name: 'x.csv', data: a }, { name: 'x.csv', data: b }, { name: 'report:07.csv', data: c }, { name: 'logs/CON.csv', data: c }]));
    const out = await extractArchive(source, w.extractDir);
    expect(out.problems).toEqual([]);
    expect(out.members.map((m) => [m.memberPath, path.basename(m.path), m.sha256])).toEqual([
      ['x.csv', 'x.csv', sha256(a)],
      ['x.csv', 'x (2).csv', sha256(b)],
      ['report:07.csv', 'report_07.csv', sha256(c)],
      ['logs/CON.csv', '_CON.csv', sha256(c)],
    ]);
  });

  it('takes nested archives apart: only the leaves come back, with the chain in memberPath', async () => {
    const w = workspace();
    const deep = loginCsv(50, 3);
    const gzInner = loginCsv(40, 4);
    const top = loginCsv(20, 5);
    const inner = buildZip([{ name: 'deep/x.csv', data: deep }, { name: 'ApiEvent.csv.gz', data: gzipSync(gzInner), method: 'store' }]);
    const source = w.put('case.zip', buildZip([{ name: 'a.csv', data: top }, { name: 'nested/inner.zip', data: inner }, { name: 'Login-2025-07-26.csv.gz', data: gzipSync(gzInner) }]));

    const out = await extractArchive(source, w.extractDir);

    expect(out.problems).toEqual([]);
    expect(out.members.map((m) => [m.memberPath, m.sha256])).toEqual([
      ['a.csv', sha256(top)],
      ['nested/inner.zip!/deep/x.csv', sha256(deep)],
      ['nested/inner.zip!/ApiEvent.csv.gz!/ApiEvent.csv', sha256(gzInner)],
      ['Login-2025-07-26.csv.gz!/Login-2025-07-26.csv', sha256(gzInner)],
    ]);
    expect(out.members.every((m) => m.archivePath === source)).toBe(true);
    // the intermediate inner.zip and .gz files are not left behind, and every member really is on disk
    expect(filesUnder(w.extractDir)).toEqual(out.members.map((m) => m.path).sort());
    for (const m of out.members) expect(sha256(readFileSync(m.path))).toBe(m.sha256);
    expect(path.basename(out.members[3]!.path)).toBe('Login-2025-07-26.csv');
  });

  it('stops at the depth limit instead of unpacking archives forever', async () => {
    const w = workspace();
    let zip = buildZip([{ name: 'x.csv', data: loginCsv(5) }]);
    for (let i = 0; i < 3; i++) zip = buildZip([{ name: `level${i}.zip`, data: zip }]);
    const source = w.put('russian-doll.zip', zip);
    const out = await extractArchive(source, w.extractDir, { ...SMALL, maxDepth: 2 });
    expect(out.members).toEqual([]);
    expect(out.problems).toEqual([{ path: `${source}!/level2.zip!/level1.zip`, reason: 'is an archive nested more than 2 deep; not extracted' }]);
    expect(filesUnder(w.extractDir)).toEqual([]);
    const deepEnough = await extractArchive(source, w.extractDir);
    expect(deepEnough.members.map((m) => m.memberPath)).toEqual(['level2.zip!/level1.zip!/level0.zip!/x.csv']);
  });

  it('decides the member bound from the directory before writing: keeps the first members and names the rest up front', async () => {
    const w = workspace();
    const source = w.put('many.zip', buildZip(Array.from({ length: 6 }, (_, i) => ({ name: `f${i}.csv`, data: loginCsv(2, i) }))));
    const out = await extractArchive(source, w.extractDir, { ...SMALL, maxEntries: 4 });
    expect(out.members.map((m) => m.memberPath)).toEqual(['f0.csv', 'f1.csv', 'f2.csv', 'f3.csv']);
    expect(out.problems).toEqual([{ path: source, reason: 'has 6 members, more than the 4 one extraction takes (nested archives included): the first 4 were extracted, the other 2 were not' }]);
    expect(filesUnder(w.extractDir)).toHaveLength(4);
  });

  it('reports encrypted members and keeps the others', async () => {
    const w = workspace();
    const good = loginCsv(4);
    const source = w.put('locked.zip', buildZip([{ name: 'secret.csv', data: loginCsv(4, 9), encrypted: true }, { name: 'good.csv', data: good }]));
    const out = await extractArchive(source, w.extractDir);
    expect(out.members.map((m) => m.sha256)).toEqual([sha256(good)]);
    expect(out.problems).toEqual([{ path: `${source}!/secret.csv`, reason: 'is encrypted (password-protected); not extracted' }]);
  });
});

describe('zip-slip and links', () => {
  it('writes nothing outside the case folder and names every refused entry', async () => {
    const w = workspace();
    const good = loginCsv(10);
    const payload = Buffer.from('owned\n');
    const source = w.put('evil.zip', buildZip([
      { name: '../evil.csv', data: payload },
      { name: '../../../../../../../../tmp/evil-abs.csv', data: payload },
      { name: 'logs/../../escape.csv', data: payload },
      { name: '..\\backslash.csv', data: payload },
      { name: '/abs.csv', data: payload },
      { name: 'C:\\win.csv', data: payload },
      { name: 'D:relative.csv', data: payload },
      { name: '\\\\server\\share\\unc.csv', data: payload },
      { name: 'link', data: Buffer.from('/etc/passwd'), unixMode: 0o120777, method: 'store' },
      { name: 'logs/good.csv', data: good },
    ]));

    const out = await extractArchive(source, w.extractDir);

    expect(out.members.map((m) => [m.memberPath, m.sha256])).toEqual([['logs/good.csv', sha256(good)]]);
    expect(out.problems).toEqual([
      { path: `${source}!/../evil.csv`, reason: 'its name climbs out of its folder (../); not extracted' },
      { path: `${source}!/../../../../../../../../tmp/evil-abs.csv`, reason: 'its name climbs out of its folder (../); not extracted' },
      { path: `${source}!/logs/../../escape.csv`, reason: 'its name climbs out of its folder (../); not extracted' },
      { path: `${source}!/../backslash.csv`, reason: 'its name climbs out of its folder (../); not extracted' },
      { path: `${source}!//abs.csv`, reason: 'its name is an absolute path; not extracted' },
      { path: `${source}!/C:/win.csv`, reason: 'its name is an absolute Windows path (drive letter); not extracted' },
      { path: `${source}!/D:relative.csv`, reason: 'its name is an absolute Windows path (drive letter); not extracted' },
      { path: `${source}!///server/share/unc.csv`, reason: 'its name is a network (UNC) path; not extracted' },
      { path: `${source}!/link`, reason: 'is a symbolic link; not followed or extracted' },
    ]);
    // the whole temporary tree holds only the source and the one good member
    expect(filesUnder(w.root)).toEqual([source, out.members[0]!.path].sort());
    expect(existsSync('/abs.csv')).toBe(false);
    expect(existsSync('/tmp/evil-abs.csv')).toBe(false);
  });
});

describe('bombs', () => {
  const zeros = Buffer.alloc(200 * 1024 * 1024);
  const bomb = { data: deflateRawSync(zeros, { level: 9 }), size: zeros.length, crc32: crc32(zeros) };

  it('refuses a 200 MB zip bomb under the default limits and still extracts its good sibling', async () => {
    const w = workspace();
    expect(bomb.data.length).toBeLessThan(300 * 1024);
    const good = loginCsv(100);
    const source = w.put('bomb.zip', buildZip([{ name: 'bomb.csv', predeflated: bomb }, { name: 'good.csv', data: good }]));
    const out = await extractArchive(source, w.extractDir);
    expect(out.members.map((m) => [m.memberPath, m.sha256])).toEqual([['good.csv', sha256(good)]]);
    expect(out.problems).toHaveLength(1);
    expect(out.problems[0]!.path).toBe(`${source}!/bomb.csv`);
    expect(out.problems[0]!.reason).toMatch(/^exceeds the compression ratio limit \(200:1 above 100 MiB\)/);
    expect(filesUnder(w.extractDir)).toEqual([out.members[0]!.path]);
  });

  it('stops a bomb whose zip headers lie about its size while it streams, and deletes the partial file', async () => {
    const w = workspace();
    const good = loginCsv(100);
    const source = w.put('liar.zip', buildZip([{ name: 'bomb.csv', predeflated: bomb, declaredSize: 1000 }, { name: 'good.csv', data: good }]));
    const out = await extractArchive(source, w.extractDir);
    expect(out.members.map((m) => m.memberPath)).toEqual(['good.csv']);
    expect(out.problems.map((p) => p.path)).toEqual([`${source}!/bomb.csv`]);
    expect(out.problems[0]!.reason).toMatch(/partial file was deleted|stopped and deleted/);
    expect(filesUnder(w.extractDir)).toEqual([out.members[0]!.path]);
  });

  it('stops a gzip bomb at the size and ratio limits while it streams', async () => {
    const w = workspace();
    const source = w.put('bomb.csv.gz', gzipSync(zeros.subarray(0, 50 * 1024 * 1024)));
    const bySize = await extractArchive(source, w.extractDir, { ...SMALL, maxEntryBytes: 8 * 1024 * 1024 });
    expect(bySize.members).toEqual([]);
    expect(bySize.problems).toEqual([{ path: `${source}!/bomb.csv`, reason: 'exceeds the per-member size limit (8 MiB); stopped and deleted' }]);
    const byRatio = await extractArchive(source, w.extractDir, { ...SMALL, ratioAppliesAboveBytes: 1024 * 1024 });
    expect(byRatio.problems[0]!.reason).toMatch(/^exceeds the compression ratio limit \(200:1 above 1 MiB\)/);
    expect(filesUnder(w.extractDir)).toEqual([]);
  });

  it('decides the total-size bound from the directory before writing, and keeps the members that fit', async () => {
    const w = workspace();
    const a = loginCsv(3000, 1);
    const b = loginCsv(3000, 2);
    const source = w.put('two.zip', buildZip([{ name: 'a.csv', data: a }, { name: 'b.csv', data: b }]));
    const out = await extractArchive(source, w.extractDir, { ...SMALL, maxTotalBytes: a.length + 1000 });
    expect(out.members.map((m) => m.memberPath)).toEqual(['a.csv']);
    const kib = (n: number): string => `${+(n / 1024).toFixed(2)} KiB`;
    expect(out.problems).toEqual([
      { path: source, reason: `declares ${kib(a.length + b.length)} of members, more than the ${kib(a.length + 1000)} one extraction may write: members are extracted in order while they fit, the others are not` },
      { path: `${source}!/b.csv`, reason: `exceeds the total extraction size limit (${kib(a.length + 1000)}) by its recorded size; not extracted` },
    ]);
  });
});

describe('damaged archives', () => {
  const members = [0, 1, 2, 3].map((i) => ({ name: `logs/Login-2025-07-2${i}.csv`, data: loginCsv(2000, i) }));

  it('recovers the complete members of a zip cut in half and names the one cut off', async () => {
    const w = workspace();
    const zip = buildZip(members);
    const ranges = memberDataRanges(zip);
    const cut = Math.floor((ranges[2]!.start + ranges[2]!.end) / 2);
    const source = w.put('cut.zip', zip.subarray(0, cut));

    const out = await extractArchive(source, w.extractDir);

    expect(out.members.map((m) => [m.memberPath, m.sha256])).toEqual(members.slice(0, 2).map((m) => [m.name, sha256(m.data)]));
    expect(out.problems[0]).toMatchObject({ path: source });
    expect(out.problems[0]!.reason).toMatch(/cut short or damaged/);
    expect(out.problems[1]).toEqual({ path: `${source}!/logs/Login-2025-07-22.csv`, reason: expect.stringMatching(/^is cut off/) });
    expect(out.problems).toHaveLength(2);
    expect(filesUnder(w.extractDir)).toEqual(out.members.map((m) => m.path).sort());
  });

  it('recovers streamed members (data descriptors) of a cut zip too', async () => {
    const w = workspace();
    const zip = buildZip(members.map((m) => ({ ...m, dataDescriptor: true })));
    const ranges = memberDataRanges(zip);
    const source = w.put('streamed.zip', zip.subarray(0, ranges[3]!.start + 100));
    const out = await extractArchive(source, w.extractDir);
    expect(out.members.map((m) => [m.memberPath, m.sha256])).toEqual(members.slice(0, 3).map((m) => [m.name, sha256(m.data)]));
    expect(out.problems.at(-1)).toEqual({ path: `${source}!/logs/Login-2025-07-23.csv`, reason: 'is cut off (the end of its data was not found)' });
  });

  it('deletes a member whose bytes are damaged and keeps the rest', async () => {
    const w = workspace();
    const zip = buildZip(members.map((m, i) => ({ ...m, method: i === 1 ? ('store' as const) : ('deflate' as const) })));
    const ranges = memberDataRanges(zip);
    const damaged = Buffer.from(zip);
    damaged.write('TAMPERED', ranges[1]!.start + 500, 'latin1'); // stored member: only the CRC can tell
    const flip = ranges[2]!.start + 40;
    damaged[flip] = damaged[flip]! ^ 0xff; // deflated member: the stream or the CRC breaks
    const source = w.put('damaged.zip', damaged);

    const out = await extractArchive(source, w.extractDir);

    expect(out.members.map((m) => [m.memberPath, m.sha256])).toEqual([members[0], members[3]].map((m) => [m!.name, sha256(m!.data)]));
    expect(out.problems.map((p) => p.path)).toEqual([`${source}!/${members[1]!.name}`, `${source}!/${members[2]!.name}`]);
    expect(out.problems[0]!.reason).toBe('is damaged (extracted content is wrong (its CRC-32 does not match the archive)); the partial file was deleted');
    expect(out.problems[1]!.reason).toMatch(/^is damaged \(.+\); the partial file was deleted$/);
    expect(filesUnder(w.extractDir)).toEqual(out.members.map((m) => m.path).sort());
  });

  it('keeps the members listed before a damaged directory entry and says where listing stopped', async () => {
    const w = workspace();
    const source = w.put('baddir.zip', buildZip([members[0]!, { name: 'liar.csv', data: members[1]!.data, method: 'store', declaredSize: 5 }, members[2]!]));
    const out = await extractArchive(source, w.extractDir);
    expect(out.members.map((m) => [m.memberPath, m.sha256])).toEqual([[members[0]!.name, sha256(members[0]!.data)]]);
    expect(out.problems).toEqual([{ path: source, reason: expect.stringMatching(/^the zip's directory is damaged after member "logs\/Login-2025-07-20.csv" \(.+\); later members could not be listed$/) }]);
  });

  it('reports a .gz missing its tail and leaves no half file', async () => {
    const w = workspace();
    const full = gzipSync(loginCsv(5000));
    const source = w.put('Login-2025-07-26.csv.gz', full.subarray(0, full.length - 100));
    const out = await extractArchive(source, w.extractDir);
    expect(out.members).toEqual([]);
    expect(out.problems).toEqual([{ path: `${source}!/Login-2025-07-26.csv`, reason: 'is damaged (unexpected end of file); the partial file was deleted' }]);
    expect(filesUnder(w.extractDir)).toEqual([]);
  });

  it('reads a .gz made of several gzip members as one file', async () => {
    const w = workspace();
    const a = loginCsv(100, 1);
    const b = loginCsv(100, 2);
    const source = w.put('Login-2025-07-26.csv.gz', Buffer.concat([gzipSync(a), gzipSync(b)]));
    const out = await extractArchive(source, w.extractDir);
    expect(out.problems).toEqual([]);
    expect(out.members).toMatchObject([{ memberPath: 'Login-2025-07-26.csv', bytes: a.length + b.length, sha256: sha256(Buffer.concat([a, b])) }]);
    expect(path.basename(out.members[0]!.path)).toBe('Login-2025-07-26.csv');
  });

  it('reports a file named .zip that is not a zip, and a missing file, without throwing', async () => {
    const w = workspace();
    const fake = w.put('evidence.zip', loginCsv(10));
    const out = await extractArchive(fake, w.extractDir);
    expect(out).toEqual({ members: [], problems: [{ path: fake, reason: 'is not a zip or gzip archive (its first bytes are neither); nothing extracted' }] });
    const missing = path.join(w.evidence, 'gone.zip');
    expect(await extractArchive(missing, w.extractDir)).toEqual({ members: [], problems: [{ path: missing, reason: 'cannot be read (ENOENT)' }] });
    const junkAfterMagic = w.put('junk.zip', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(64, 0x41)]));
    const junk = await extractArchive(junkAfterMagic, w.extractDir);
    expect(junk.members).toEqual([]);
    expect(junk.problems.length).toBeGreaterThan(0);
    expect(filesUnder(w.extractDir)).toEqual([]);
  });
});

describe('cancelling', () => {
  it('does nothing when already cancelled', async () => {
    const w = workspace();
    const source = w.put('a.zip', buildZip([{ name: 'a.csv', data: loginCsv(5) }]));
    const out = await extractArchive(source, w.extractDir, DEFAULT_ARCHIVE_LIMITS, AbortSignal.abort());
    expect(out).toEqual({ members: [], problems: [{ path: source, reason: 'cancelled' }] });
    expect(filesUnder(w.extractDir)).toEqual([]);
  });

  it('stops mid-way, deletes the member being written and keeps the complete ones', async () => {
    const w = workspace();
    const big = Buffer.alloc(64 * 1024 * 1024, '"Login","20250726","x"\n');
    const first = loginCsv(10);
    const source = w.put('big.zip', buildZip([{ name: 'first.csv', data: first }, { name: 'big1.csv', data: big }, { name: 'big2.csv', data: big }, { name: 'big3.csv', data: big }]));
    const controller = new AbortController();
    const watcher = setInterval(() => {
      // big1.csv is created only once first.csv is complete and taken
      if (filesUnder(w.extractDir).some((f) => f.endsWith('big1.csv'))) controller.abort();
    }, 1);
    const out = await extractArchive(source, w.extractDir, DEFAULT_ARCHIVE_LIMITS, controller.signal);
    clearInterval(watcher);

    expect(out.problems).toEqual([{ path: source, reason: 'cancelled' }]);
    expect(out.members.length).toBeGreaterThanOrEqual(1);
    expect(out.members.length).toBeLessThan(4);
    expect(out.members[0]).toMatchObject({ memberPath: 'first.csv', sha256: sha256(first) });
    for (const m of out.members.slice(1)) expect(m.sha256).toBe(sha256(big));
    expect(filesUnder(w.extractDir)).toEqual(out.members.map((m) => m.path).sort());
  });
});
