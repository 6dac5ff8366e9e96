import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigFileError, parseConfigDocument, readParams, writeFileAtomic, writeParams } from '../../orchestrator/target/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'itercrew-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const TOML = `# Strategy C seed
title = "demo" # top comment

[strategy_c]
enabled = true

[strategy_c.params]
# fair value
sigma = 0.003              # σ over 5 min
half_spread_base = 0.025   # below fair
bid_size = 8
ratio = 1.0
"quoted.key" = 'lit'
fee_schedule = "rate"      # fixed

[other]
half_spread_base = 0.5     # a different table with the same key
`;

const YAML = `# Strategy C seed
strategy_c:
  enabled: true
  params:
    # fair value
    sigma: 0.003            # σ over 5 min
    half_spread_base: 0.025 # below fair
    bid_size: 8
    ratio: 1.0
    fee_schedule: "rate"    # fixed
other:
  half_spread_base: 0.5
`;

const JSON_TEXT = `{
    "strategy_c": {
        "enabled": true,
        "params": {
            "sigma": 0.003,
            "half_spread_base": 0.025,
            "bid_size": 8,
            "ratio": 1,
            "fee_schedule": "rate"
        }
    },
    "other": {
        "half_spread_base": 0.5
    }
}
`;

const keys = ['strategy_c', 'params'];

describe('config files keep their format', () => {
  it('TOML: reads the params table and edits only the changed values, keeping comments and layout', async () => {
    const file = path.join(dir, 'c.toml');
    await writeFile(file, TOML);
    expect(await readParams(file, keys)).toEqual({ sigma: 0.003, half_spread_base: 0.025, bid_size: 8, ratio: 1, 'quoted.key': 'lit', fee_schedule: 'rate' });
    const result = await writeParams(file, keys, { half_spread_base: 0.03, bid_size: 6, ratio: 2, fee_schedule: 'quartic', added: 0.5 });
    expect(result.diff.map((d) => d.param)).toEqual(['half_spread_base', 'bid_size', 'ratio', 'fee_schedule', 'added']);
    const text = await readFile(file, 'utf8');
    expect(text).toBe(
      TOML.replace('half_spread_base = 0.025   # below fair', 'half_spread_base = 0.03   # below fair')
        .replace('bid_size = 8', 'bid_size = 6')
        .replace('ratio = 1.0', 'ratio = 2.0')
        .replace('fee_schedule = "rate"      # fixed', 'fee_schedule = "quartic"      # fixed\nadded = 0.5'),
    );
    expect(await readParams(file, keys)).toMatchObject({ half_spread_base: 0.03, bid_size: 6, ratio: 2, fee_schedule: 'quartic', added: 0.5 });
    // the same key in another table is untouched
    expect(text).toContain('half_spread_base = 0.5     # a different table');
  });

  it('TOML: a no-op update leaves the file byte-identical', async () => {
    const file = path.join(dir, 'c.toml');
    await writeFile(file, TOML);
    const r = await writeParams(file, keys, { sigma: 0.003 });
    expect(r.diff).toEqual([]);
    expect(await readFile(file, 'utf8')).toBe(TOML);
  });

  it('TOML: the root table can be the params table', async () => {
    const file = path.join(dir, 'root.toml');
    await writeFile(file, 'a = 1 # one\nb = "x"\n\n[t]\na = 5\n');
    await writeParams(file, [], { a: 2 });
    expect(await readFile(file, 'utf8')).toBe('a = 2 # one\nb = "x"\n\n[t]\na = 5\n');
  });

  it('TOML: a params table written with dotted keys cannot be edited in place: clear error, file untouched', async () => {
    const file = path.join(dir, 'dotted.toml');
    const text = '[strategy_c]\nparams.sigma = 0.003\n';
    await writeFile(file, text);
    await expect(writeParams(file, keys, { sigma: 0.004 })).rejects.toThrow(/cannot edit TOML table strategy_c.params in place: no \[strategy_c.params\] table header/);
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it('YAML: edits in place keep comments, alignment, quoting and number style', async () => {
    const file = path.join(dir, 'c.yaml');
    await writeFile(file, YAML);
    expect(await readParams(file, keys)).toEqual({ sigma: 0.003, half_spread_base: 0.025, bid_size: 8, ratio: 1, fee_schedule: 'rate' });
    await writeParams(file, keys, { half_spread_base: 0.03, bid_size: 6, ratio: 2, fee_schedule: 'quartic', added: true });
    const text = await readFile(file, 'utf8');
    expect(text).toBe(
      YAML.replace('half_spread_base: 0.025 # below fair', 'half_spread_base: 0.03 # below fair')
        .replace('bid_size: 8', 'bid_size: 6')
        .replace('ratio: 1.0', 'ratio: 2.0')
        .replace('fee_schedule: "rate"    # fixed', 'fee_schedule: "quartic"    # fixed\n    added: true'),
    );
  });

  it('YAML: a flow mapping params table still gets new keys (through the Document API)', async () => {
    const file = path.join(dir, 'flow.yaml');
    await writeFile(file, '# top\np: {a: 1, b: x}  # flow\n');
    await writeParams(file, ['p'], { a: 2, c: 'quoted: yes' });
    expect(await readParams(file, ['p'])).toEqual({ a: 2, b: 'x', c: 'quoted: yes' });
    expect(await readFile(file, 'utf8')).toContain('# top');
  });

  it('YAML: strings that would read as other types are quoted', async () => {
    const file = path.join(dir, 's.yaml');
    await writeFile(file, 'p:\n  mode: rate\n  other: x\n');
    await writeParams(file, ['p'], { mode: 'true', other: 'plain' });
    expect(await readFile(file, 'utf8')).toBe('p:\n  mode: "true"\n  other: plain\n');
    expect(await readParams(file, ['p'])).toEqual({ mode: 'true', other: 'plain' });
  });

  it('YAML: a no-op round trip is byte-identical', async () => {
    const file = path.join(dir, 'c.yml');
    await writeFile(file, YAML);
    const doc = parseConfigDocument(YAML, 'yaml', file);
    doc.updateParams(keys, { sigma: 0.003 });
    expect(doc.toString()).toBe(YAML);
  });

  it('JSON: keeps key order, indentation and the final newline', async () => {
    const file = path.join(dir, 'c.json');
    await writeFile(file, JSON_TEXT);
    await writeParams(file, keys, { half_spread_base: 0.03, added: 'x' });
    expect(await readFile(file, 'utf8')).toBe(JSON_TEXT.replace('"half_spread_base": 0.025', '"half_spread_base": 0.03').replace('"fee_schedule": "rate"', '"fee_schedule": "rate",\n            "added": "x"'));
    const compact = path.join(dir, 'compact.json');
    await writeFile(compact, '{"p":{"a":1}}');
    await writeParams(compact, ['p'], { a: 2 });
    expect(await readFile(compact, 'utf8')).toBe('{"p":{"a":2}}');
  });
});

describe('bad config files get clear errors with the position', () => {
  const cases: [string, string, RegExp][] = [
    ['bad.json', '{\n  "p": {\n    "a": 1,\n  }\n}\n', /bad\.json:4:3: invalid JSON/],
    ['bad2.json', '{"p": {"a": x}}', /bad2\.json:1:13: invalid JSON/],
    ['bad.toml', '[p]\na = 1\nb = = 2\n', /bad\.toml:3:\d+: invalid TOML/],
    ['bad.yaml', 'p:\n  a: 1\n   b: 2\n', /bad\.yaml:2:6: invalid YAML \(BLOCK_AS_IMPLICIT_KEY\)/],
    ['dup.yaml', 'p:\n  a: 1\n  a: 2\n', /dup\.yaml:3:\d+: invalid YAML \(DUPLICATE_KEY\)/],
  ];
  for (const [name, text, pattern] of cases) {
    it(name, async () => {
      const file = path.join(dir, name);
      await writeFile(file, text);
      const error = await readParams(file, ['p']).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigFileError);
      expect((error as ConfigFileError).code).toBe('config_file_unparseable');
      expect((error as Error).message).toMatch(pattern);
      expect((error as ConfigFileError).line).toBeGreaterThan(0);
    });
  }

  it('missing file, unsupported extension, missing or non-scalar params table', async () => {
    await expect(readParams(path.join(dir, 'nope.toml'), [])).rejects.toMatchObject({ code: 'config_file_unreadable' });
    await writeFile(path.join(dir, 'x.ini'), 'a=1');
    await expect(readParams(path.join(dir, 'x.ini'), [])).rejects.toMatchObject({ code: 'config_file_unsupported' });
    await writeFile(path.join(dir, 'y.toml'), '[p]\na = [1, 2]\n[q]\nb = 1\n[r]\nx = 1\n[r.sub]\ny = 2\n');
    expect(await readParams(path.join(dir, 'y.toml'), ['r'])).toEqual({ x: 1 });
    await expect(readParams(path.join(dir, 'y.toml'), ['p'])).rejects.toThrow('p.a is not a parameter value (number, string or true/false): an array');
    await expect(readParams(path.join(dir, 'y.toml'), ['s', 't'])).rejects.toThrow('params table s.t not found (missing key "s" at (root))');
    await expect(writeParams(path.join(dir, 'y.toml'), ['q', 'b'], { x: 1 })).rejects.toThrow('q.b is not a table of parameters');
  });
});

describe('writeFileAtomic', () => {
  it('replaces the file, keeps its mode and leaves no temp file', async () => {
    const file = path.join(dir, 'f.toml');
    await writeFile(file, 'old', { mode: 0o600 });
    await writeFileAtomic(file, 'new');
    expect(await readFile(file, 'utf8')).toBe('new');
    const { stat } = await import('node:fs/promises');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['f.toml']);
  });

  it('on failure leaves the target untouched and removes the temp file', async () => {
    const target = path.join(dir, 'is-a-dir');
    await mkdir(target);
    await writeFile(path.join(target, 'inside'), 'x');
    await expect(writeFileAtomic(target, 'new')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['is-a-dir']);
    expect(await readFile(path.join(target, 'inside'), 'utf8')).toBe('x');
  });

  it('concurrent readers never see a partial file', async () => {
    const file = path.join(dir, 'big.json');
    const a = JSON.stringify({ v: 'a'.repeat(2_000_000) });
    const b = JSON.stringify({ v: 'b'.repeat(2_000_000) });
    await writeFile(file, a);
    let reads = 0;
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const text = await readFile(file, 'utf8');
        expect(text === a || text === b).toBe(true);
        reads++;
      }
    })();
    for (let i = 0; i < 10; i++) await writeFileAtomic(file, i % 2 === 0 ? b : a);
    writing = false;
    await reader;
    expect(reads).toBeGreaterThan(0);
  });
});
