// The batch section's strings (www/batch.js), in both languages of the page. Kept apart from i18n.js
// (the calculator's) so that they load only with the batch section, after the first answer.

export const BATCH_STRINGS = {
  zh: {
    title: '批量计算（供公益机构使用）',
    hint: '选择一个 CSV 文件：每行一个劳动者、一个月份、一个平台。文件只在本机计算，不会上传。',
    help: '列的格式和说明',
    templateZh: '下载模板（中文列名）',
    templateEn: '下载模板（英文列名）',
    file: 'CSV 文件',
    labels: '结果文件的列名',
    labelsFriendly: '机器列名，下一行加中文说明',
    labelsMachine: '只用机器列名（供程序读取，与命令行 flexcalc batch 相同）',
    progress: '进度',
    cancel: '取消',
    computing: '正在计算：{name}',
    computingCount: '正在计算：{workers} 人，{months} 人月',
    cancelled: '已取消，没有结果',
    done: '完成：{rows} 行，{workers} 人，{months} 人月，用时 {s} 秒',
    doneWithErrors: '完成：{rows} 行，{workers} 人，{months} 人月，用时 {s} 秒。{failed} 人的数据有问题，没有计算，见下面和“下载错误行”。',
    encoding: '文件编码：{enc}',
    failed: '无法计算：{message}',
    workerFailed: '无法启动批量计算。如果现在没有网络：批量计算的程序需要联网加载一次，请联网后再试。',
    results: '下载结果（{n} 行）',
    errors: '下载错误行（{n} 行）',
    summaryJson: '汇总（JSON）',
    failedLine: '未计算：{workers} 人（{rows} 行）· 规则版本 {version}',
    firstErrors: '有问题的数据（前 {n} 条，全部见错误文件）：',
    caption: '合计（元，养老 + 医疗）',
    worker: '劳动者缴',
    platforms: '平台缴',
    injury: '职业伤害保障费（平台缴）',
    currentLaw: '现行法律',
    laborFacts: '按劳动事实（设想，不是现行法律）',
    difference: '按劳动事实计算，劳动者合计少缴 {amount} 元',
    differenceMore: '按劳动事实计算，劳动者合计多缴 {amount} 元',
  },
  en: {
    title: 'Batch (for NGOs)',
    hint: 'Choose a CSV file: one row per worker, month and platform. It is computed on this device and never uploaded.',
    help: 'Columns and how to fill them',
    templateZh: 'Download a template (Chinese column names)',
    templateEn: 'Download a template (English column names)',
    file: 'CSV file',
    labels: 'Column names in the results',
    labelsFriendly: 'Machine names, with a row of plain words under them',
    labelsMachine: 'Machine names only (for programs; the same as the command line flexcalc batch)',
    progress: 'Progress',
    cancel: 'Cancel',
    computing: 'Computing: {name}',
    computingCount: 'Computing: {workers} workers, {months} worker-months',
    cancelled: 'Cancelled: no results',
    done: 'Done: {rows} rows, {workers} workers, {months} worker-months in {s} s',
    doneWithErrors: 'Done: {rows} rows, {workers} workers, {months} worker-months in {s} s. The data of {failed} workers have problems and were not computed: see below and "Download errors".',
    encoding: 'File encoding: {enc}',
    failed: 'Cannot compute: {message}',
    workerFailed: 'The batch could not start. If you are offline: the batch program must be loaded once while online; connect and try again.',
    results: 'Download results ({n} rows)',
    errors: 'Download errors ({n} rows)',
    summaryJson: 'Summary (JSON)',
    failedLine: 'Not computed: {workers} workers ({rows} rows) · rules version {version}',
    firstErrors: 'Problems in the data (the first {n}; all of them in the errors file):',
    caption: 'Totals (yuan, pension + medical)',
    worker: 'Workers pay',
    platforms: 'Platforms pay',
    injury: 'Injury protection fees (platforms pay)',
    currentLaw: 'Current law',
    laborFacts: 'Labor facts (a proposal, not current law)',
    difference: 'Under labor facts, workers pay {amount} yuan less in all',
    differenceMore: 'Under labor facts, workers pay {amount} yuan more in all',
  },
};

/** The string `key` in `lang`, with `{name}` placeholders filled from `vars`. */
export function bt(lang, key, vars = {}) {
  const s = (BATCH_STRINGS[lang] ?? BATCH_STRINGS.zh)[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
}

/**
 * A count or an amount as the engine wrote it ("183323.76"), with thousands separators
 * ("183,323.76"): only the digits before the point are grouped, the text is not re-computed.
 */
export function grouped(text) {
  const s = String(text);
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(s);
  if (!m) return s;
  return m[1] + m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (m[3] ?? '');
}

/** The page's language, from <html lang> (app.js keeps it in step with the switch). */
export function pageLang(doc = document) {
  return (doc.documentElement.lang || 'zh').toLowerCase().startsWith('en') ? 'en' : 'zh';
}
