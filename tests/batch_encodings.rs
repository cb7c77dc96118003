//! The files NGOs have (issue 16 item 7): a CSV saved by Excel on Chinese Windows (GBK), "Unicode
//! text" (UTF-16, either byte order, with or without a byte-order mark), Chinese column names, and
//! errors in the file's language with their line and column. The CLI and the page's reader
//! (`CsvStream`, fed in pieces as www/batch-worker.js does) must give for each the output of the same
//! rows in UTF-8 with the English names.
#![cfg(feature = "batch")]

use flexcalc::batch::CsvStream;
use flexcalc::batch::{Lang, Scenarios};
use std::path::PathBuf;
use std::process::Command;

/// The rows of the test, with a header of English names or of Chinese ones. R052 has two bad cells
/// (an unknown region and a negative income): both must be reported.
fn text(chinese: bool) -> String {
    let header = if chinese {
        "编号,地区,月份,平台,工时（小时）,收入,订单,行业"
    } else {
        "worker_id,region,month,platform,hours,income,orders,sector"
    };
    format!(
        "{header}\n\
         R050,郑州,2025-09,美团,260,7000,1100,instant_delivery\n\
         R050,郑州,2025-10,美团,250,6800.5,1050,instant_delivery\n\
         R051,南京,2025-09,滴滴,120,5000,80,ride_hailing\n\
         R052,火星,2025-09,美团,100,-300,10,instant_delivery\n\
         R053,深圳,2025-09,饿了么,abc,4000,x,instant_delivery\n"
    )
}

fn utf16(text: &str, le: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(if le { &[0xFF, 0xFE] } else { &[0xFE, 0xFF] });
    }
    for u in text.encode_utf16() {
        out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    out
}

/// The test's file in every encoding the batch reads, with its name.
fn encodings(text: &str) -> Vec<(&'static str, Vec<u8>)> {
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    vec![
        ("utf-8", text.as_bytes().to_vec()),
        ("utf-8 with a mark", [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat()),
        ("gbk", gbk.into_owned()),
        ("utf-16le with a mark", utf16(text, true, true)),
        ("utf-16le", utf16(text, true, false)),
        ("utf-16be with a mark", utf16(text, false, true)),
        ("utf-16be", utf16(text, false, false)),
    ]
}

fn tmp() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("flexcalc-batch-enc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `flexcalc batch` on `bytes`: (output, errors).
fn cli(bytes: &[u8], name: &str, lang: Option<&str>) -> (String, String) {
    let dir = tmp();
    let input = dir.join(format!("{name}.csv"));
    std::fs::write(&input, bytes).unwrap();
    let output = dir.join(format!("{name}.out.csv"));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_flexcalc"));
    cmd.args(["batch", "--quiet", "--input"])
        .arg(&input)
        .arg("--output")
        .arg(&output);
    if let Some(l) = lang {
        cmd.args(["--lang", l]);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
    let errors = dir.join(format!("{name}.out.errors.csv"));
    (
        std::fs::read_to_string(output).unwrap(),
        std::fs::read_to_string(errors).unwrap(),
    )
}

/// The page's reader on `bytes` in pieces of `size` bytes, as www/batch-worker.js feeds it.
fn page(bytes: &[u8], size: usize, lang: Option<Lang>) -> (String, String, Vec<String>) {
    let rules = flexcalc::api::embedded_rules().unwrap();
    let mut stream = CsvStream::with_lang(Scenarios::Both, lang);
    let (mut at, mut len) = (0, size);
    let (mut out, mut errs, mut shown) = (Vec::new(), Vec::new(), Vec::new());
    loop {
        let end = (at + len).min(bytes.len());
        let last = end == bytes.len();
        let p = stream.push(rules, &bytes[at..end], last).unwrap();
        out.extend_from_slice(&p.output);
        errs.extend_from_slice(&p.errors);
        shown.extend(p.shown_errors);
        at += p.consumed;
        if last {
            break;
        }
        len = if p.consumed == 0 { len * 2 } else { size };
    }
    (String::from_utf8(out).unwrap(), String::from_utf8(errs).unwrap(), shown)
}

#[test]
fn every_encoding_and_chinese_names_give_the_utf8_files() {
    let (want_out, want_errs) = cli(text(false).as_bytes(), "reference", None);
    // Two workers assessed (R050's two months, R051), two failed.
    assert_eq!(want_out.lines().count(), 1 + 3, "{want_out}");
    for chinese in [false, true] {
        for (name, bytes) in encodings(&text(chinese)) {
            let label = format!("{name}, chinese names {chinese}");
            let file = format!("{}-{chinese}", name.replace(' ', "-"));
            assert_eq!(
                cli(&bytes, &file, None),
                (want_out.clone(), want_errs.clone()),
                "CLI: {label}"
            );
            for size in [1, 2, 3, 5, 16, 64, 1000] {
                let (out, errs, _) = page(&bytes, size, None);
                assert_eq!(
                    (&out, &errs),
                    (&want_out, &want_errs),
                    "page, pieces of {size}: {label}"
                );
            }
        }
    }
}

#[test]
fn every_bad_cell_is_reported_with_line_and_column_in_the_files_language() {
    let (_, errs) = cli(text(false).as_bytes(), "english", None);
    // Lines counted by hand: the header is line 1, R052 on line 5, R053 on line 6.
    let lines: Vec<&str> = errs.lines().collect();
    assert_eq!(lines[0], "line,worker_id,field,code,message");
    assert!(
        lines.iter().any(|l| l.starts_with("5,R052,income,invalid_input,")),
        "{errs}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("5,R052,region,unknown_region,")),
        "{errs}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("6,R053,hours,invalid_input,")),
        "{errs}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("6,R053,orders,invalid_input,")),
        "{errs}"
    );
    assert_eq!(lines.len(), 5, "{errs}");

    let zh_text = text(true);
    let (gbk, _, _) = encoding_rs::GBK.encode(&zh_text);
    let (out, errs) = cli(&gbk, "zh", Some("zh"));
    // The output's machine names, then a row of plain words.
    let mut rows = out.lines();
    assert!(rows.next().unwrap().starts_with("worker_id,month,region,platforms,"));
    assert!(rows.next().unwrap().starts_with("编号,月份,地区代码,平台数,"));
    assert!(rows.next().unwrap().starts_with("R050,2025-09,410100,"));
    let lines: Vec<&str> = errs.lines().collect();
    assert_eq!(lines[1], "行号,编号,列,代码,说明");
    assert!(
        lines.contains(&"6,R053,hours,invalid_input,第 5 列“工时（小时）”：“abc”不是数字"),
        "{errs}"
    );
    assert!(lines
        .iter()
        .any(|l| l.starts_with("5,R052,region,unknown_region,第 2 列“地区”：未知地区“火星”")));
    assert!(lines
        .iter()
        .any(|l| l.starts_with("5,R052,income,invalid_input,第 6 列“收入”：")));

    // The page: the same files, and the first errors in plain words with their line.
    for size in [7, 100] {
        let (p_out, p_errs, shown) = page(&gbk, size, Some(Lang::Zh));
        assert_eq!(
            (p_out.as_str(), p_errs.as_str()),
            (out.as_str(), errs.as_str()),
            "pieces of {size}"
        );
        assert_eq!(shown.len(), 4);
        assert!(shown[0].starts_with("第 5 行（编号 R052），第 "), "{shown:?}");
    }
    let (_, errs_en, shown) = page(text(false).as_bytes(), 64, Some(Lang::En));
    assert!(
        errs_en.contains(
            "\n6,R053,orders,invalid_input,\"column 7 (orders): \"\"x\"\" is not a whole number of orders\"\n"
        ),
        "{errs_en}"
    );
    assert!(
        shown
            .iter()
            .any(|s| s.starts_with("line 6 (worker R053), column 5 (hours): ")),
        "{shown:?}"
    );
}

#[test]
fn an_unknown_chinese_header_is_fatal_in_both_languages() {
    let rules = flexcalc::api::embedded_rules().unwrap();
    let e = CsvStream::with_lang(Scenarios::Both, Some(Lang::Zh))
        .push(rules, "编号,地址,月份\n".as_bytes(), true)
        .err()
        .unwrap();
    assert!(e.zh.starts_with("表头第 2 列“地址”不是可用的列名"), "{}", e.zh);
    assert!(e.en.starts_with("unknown column \"地址\""), "{}", e.en);
}
