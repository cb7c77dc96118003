//! `flexcalc synth`: a synthetic population of platform workers for benchmarks, demos and tests, in
//! the batch input layout (docs/batch.md), drawn from the survey figures of the reference notes
//! (cn-social-insurance-facts.md section 9). Every distribution and its source is listed in
//! docs/batch.md; the figures not given by a survey are flexcalc's assumptions and say so there.
//!
//! Deterministic: worker `i` draws from ChaCha8 seeded with the seed, on stream `i`, so the output
//! depends only on the seed and the options (not on the number of threads).

use crate::batch::table::Format;
use crate::batch::{write_fen, write_int};
use crate::foundation::month::YearMonth;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use std::io::{self, Write};

/// What to generate.
#[derive(Clone, Debug)]
pub struct SynthOptions {
    pub workers: u64,
    pub seed: u64,
    /// The first month of every worker's ledger.
    pub start: YearMonth,
    /// Months in the ledger (each worker is active in most of them).
    pub months: u32,
    pub columns: Columns,
    pub format: Format,
}

/// The columns a synthetic population has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Columns {
    /// The ledger's: worker, place, month, platform, figures, base and medical choices.
    Ledger,
    /// The ledger's and the person's (birth, track), for the retirement projection.
    LedgerAndPerson,
}

impl Columns {
    /// How many of [`HEADER`]'s columns are written.
    fn count(self) -> usize {
        match self {
            Columns::Ledger => 11,
            Columns::LedgerAndPerson => 13,
        }
    }
}

/// Province-level regions with the weight of each (resident population, millions, NBS 2023,
/// rounded) and the code the synthetic workers use (the capital when the rules data know it).
pub const REGIONS: &[(&str, f64)] = &[
    ("110000", 22.0),
    ("120000", 14.0),
    ("130100", 74.0),
    ("140100", 35.0),
    ("150100", 24.0),
    ("210100", 42.0),
    ("220100", 23.0),
    ("230100", 31.0),
    ("310000", 25.0),
    ("320100", 85.0),
    ("330100", 66.0),
    ("340100", 61.0),
    ("350100", 42.0),
    ("360100", 45.0),
    ("370100", 101.0),
    ("410100", 98.0),
    ("420100", 58.0),
    ("430100", 66.0),
    ("440100", 127.0),
    ("450100", 50.0),
    ("460100", 10.0),
    ("500000", 32.0),
    ("510100", 84.0),
    ("520100", 38.0),
    ("530100", 47.0),
    ("540100", 4.0),
    ("610100", 40.0),
    ("620100", 25.0),
    ("630100", 6.0),
    ("640100", 7.0),
    ("650100", 26.0),
];

/// A role: its weight in the population, its platforms (name, sector), the median and spread
/// (log-normal sigma) of its hourly income in yuan, and its orders per hour (min, max).
pub struct Role {
    pub name: &'static str,
    pub weight: f64,
    pub platforms: &'static [(&'static str, &'static str)],
    pub hourly_median: f64,
    pub hourly_sigma: f64,
    pub orders_per_hour: (f64, f64),
}

pub const ROLES: &[Role] = &[
    Role {
        name: "rider",
        weight: 0.40,
        platforms: &[
            ("美团", "instant_delivery"),
            ("饿了么", "instant_delivery"),
            ("达达", "instant_delivery"),
            ("闪送", "instant_delivery"),
        ],
        hourly_median: 36.0,
        hourly_sigma: 0.30,
        orders_per_hour: (2.0, 3.0),
    },
    Role {
        name: "driver",
        weight: 0.30,
        platforms: &[
            ("滴滴出行", "ride_hailing"),
            ("高德打车", "ride_hailing"),
            ("T3出行", "ride_hailing"),
            ("货拉拉", "freight"),
        ],
        hourly_median: 40.0,
        hourly_sigma: 0.30,
        orders_per_hour: (1.2, 2.0),
    },
    Role {
        name: "creator",
        weight: 0.15,
        platforms: &[
            ("抖音", "other"),
            ("快手", "other"),
            ("小红书", "other"),
            ("哔哩哔哩", "other"),
        ],
        hourly_median: 38.0,
        hourly_sigma: 0.60,
        orders_per_hour: (0.0, 0.0),
    },
    Role {
        name: "editor",
        weight: 0.08,
        platforms: &[("猪八戒网", "other"), ("阅文", "other"), ("知乎", "other")],
        hourly_median: 42.0,
        hourly_sigma: 0.45,
        orders_per_hour: (0.0, 0.0),
    },
    Role {
        name: "narrator",
        weight: 0.07,
        platforms: &[("喜马拉雅", "other"), ("蜻蜓FM", "other"), ("懒人听书", "other")],
        hourly_median: 35.0,
        hourly_sigma: 0.45,
        orders_per_hour: (0.0, 0.0),
    },
];

/// Average weekly hours: normal with the survey's mean 37.6 and a spread that puts 41.97 % above 40
/// hours ((40 − 37.6) / 11.9 = 0.202, the 58th percentile), clamped to [4, 84].
pub const WEEKLY_HOURS_MEAN: f64 = 37.6;
pub const WEEKLY_HOURS_SD: f64 = 11.9;
/// Share of workers on 1, 2 and 3 platforms (flexcalc assumption: the survey says multi-platform work
/// is common but gives no split).
pub const PLATFORM_COUNTS: [f64; 3] = [0.60, 0.30, 0.10];
/// Probability that a worker works in a given month of the ledger.
pub const ACTIVE_MONTH: f64 = 0.92;

pub const HEADER: [&str; 13] = [
    "worker_id",
    "region",
    "month",
    "platform",
    "hours",
    "income",
    "orders",
    "sector",
    "role",
    "medical_scheme",
    "medical_tier",
    "birth",
    "track",
];

/// The medical columns of a region: where the rules data have no employee medical rule for flexibly
/// employed people in some month of the ledger, `medical_scheme` is `none` (the run then measures
/// pension only there, rather than inventing a rate); where the city charges by yearly tier, the first
/// tier is chosen.
#[derive(Clone, Debug, Default)]
pub struct MedicalCols {
    pub scheme: &'static str,
    pub tier: String,
}

pub fn medical_columns(rules: &crate::rules::RuleSet, code: &str, start: YearMonth, months: u32) -> MedicalCols {
    let Some(place) = rules.resolve(code) else {
        return MedicalCols::default();
    };
    let mut tier = String::new();
    for m in 0..months {
        let Some(month) = start.plus(i64::from(m)) else { break };
        match rules.find(&place, crate::rules::Param::MedicalFlexible, month) {
            Ok(Some(found)) => {
                if let crate::rules::Value::Medical(crate::rules::MedicalRule::YearlyTiers { tiers }, _) =
                    &found.entry.value
                {
                    if let Some(t) = tiers.first() {
                        tier = t.id.clone();
                    }
                }
            }
            _ => {
                return MedicalCols {
                    scheme: "none",
                    tier: String::new(),
                }
            }
        }
    }
    MedicalCols { scheme: "", tier }
}

fn normal(rng: &mut ChaCha8Rng) -> f64 {
    // Box–Muller.
    let u1: f64 = 1.0 - rng.random::<f64>();
    let u2: f64 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

fn weighted<T>(rng: &mut ChaCha8Rng, items: &[T], weight: impl Fn(&T) -> f64) -> usize {
    let total: f64 = items.iter().map(&weight).sum();
    let mut x = rng.random::<f64>() * total;
    for (i, it) in items.iter().enumerate() {
        x -= weight(it);
        if x < 0.0 {
            return i;
        }
    }
    items.len() - 1
}

/// One synthetic row.
struct Row<'a> {
    worker: u64,
    region: &'a str,
    month: YearMonth,
    platform: &'a str,
    /// Tenths of an hour.
    hours_tenths: u64,
    /// Fen.
    income_fen: u64,
    orders: u64,
    sector: &'a str,
    role: &'a str,
    medical: &'a MedicalCols,
    birth: Option<YearMonth>,
    track: &'a str,
}

/// The rows of worker `i`.
fn worker_rows(opts: &SynthOptions, medical: &[MedicalCols], i: u64, emit: &mut impl FnMut(&Row<'_>)) {
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    rng.set_stream(i);
    let r = weighted(&mut rng, REGIONS, |r| r.1);
    let (region, medical) = (REGIONS[r].0, &medical[r]);
    let role = &ROLES[weighted(&mut rng, ROLES, |r| r.weight)];
    let n_platforms = (weighted(&mut rng, &PLATFORM_COUNTS, |w| *w) + 1).min(role.platforms.len());
    // Distinct platforms: a random start in the role's list and consecutive ones after it.
    let first = rng.random_range(0..role.platforms.len());
    let platforms: Vec<_> = (0..n_platforms)
        .map(|k| role.platforms[(first + k) % role.platforms.len()])
        .collect();
    // The primary platform takes most of the hours.
    let mut shares = vec![1.0; n_platforms];
    if n_platforms > 1 {
        let primary = rng.random_range(0.5..0.85);
        shares[0] = primary;
        let rest = (1.0 - primary) / (n_platforms - 1) as f64;
        for s in shares.iter_mut().skip(1) {
            *s = rest;
        }
    }
    let weekly = (WEEKLY_HOURS_MEAN + WEEKLY_HOURS_SD * normal(&mut rng)).clamp(4.0, 84.0);
    let hourly = role.hourly_median * (role.hourly_sigma * normal(&mut rng)).exp();
    let (birth, track) = if opts.columns == Columns::LedgerAndPerson {
        let year = rng.random_range(1966..=2004);
        let month = rng.random_range(1..=12u32);
        let male = rng.random::<f64>()
            < if role.name == "rider" || role.name == "driver" {
                0.85
            } else {
                0.5
            };
        (YearMonth::new(year, month), if male { "male_60" } else { "female" })
    } else {
        (None, "")
    };
    let mut any = false;
    for m in 0..opts.months {
        let Some(month) = opts.start.plus(i64::from(m)) else {
            break;
        };
        let active = rng.random::<f64>() < ACTIVE_MONTH;
        if !active && (any || m + 1 < opts.months) {
            continue;
        }
        any = true;
        // Month to month the hours vary by about 10 % and the income per hour by about 12 %.
        let month_weekly = (weekly * (1.0 + 0.10 * normal(&mut rng))).clamp(1.0, 84.0);
        let month_hours = month_weekly * f64::from(month.days()) / 7.0;
        let month_hourly = (hourly * (1.0 + 0.12 * normal(&mut rng))).max(5.0);
        for (k, (platform, sector)) in platforms.iter().enumerate() {
            let hours = month_hours * shares[k];
            let hours_tenths = (hours * 10.0).round().max(1.0) as u64;
            let income_fen = (hours * month_hourly * 100.0).round() as u64;
            let (lo, hi) = role.orders_per_hour;
            let orders = if hi > 0.0 {
                (hours * rng.random_range(lo..hi)).round() as u64
            } else {
                0
            };
            emit(&Row {
                worker: i,
                region,
                month,
                platform,
                hours_tenths,
                income_fen,
                orders,
                sector,
                role: role.name,
                medical,
                birth,
                track,
            });
        }
    }
}

fn write_row(opts: &SynthOptions, r: &Row<'_>, out: &mut Vec<u8>) {
    let mut id = Vec::with_capacity(12);
    id.push(b'w');
    let digits = format!("{:08}", r.worker);
    id.extend_from_slice(digits.as_bytes());
    let mut hours = Vec::with_capacity(12);
    write_int(r.hours_tenths / 10, &mut hours);
    hours.extend_from_slice(&[b'.', b'0' + (r.hours_tenths % 10) as u8]);
    let mut income = Vec::with_capacity(16);
    write_fen(rust_decimal::Decimal::new(r.income_fen as i64, 2), &mut income);
    let month = r.month.to_string();
    let birth = r.birth.map(|b| b.to_string()).unwrap_or_default();
    let mut orders = Vec::with_capacity(8);
    write_int(r.orders, &mut orders);
    let cells: [&[u8]; 13] = [
        &id,
        r.region.as_bytes(),
        month.as_bytes(),
        r.platform.as_bytes(),
        &hours,
        &income,
        &orders,
        r.sector.as_bytes(),
        r.role.as_bytes(),
        r.medical.scheme.as_bytes(),
        r.medical.tier.as_bytes(),
        birth.as_bytes(),
        r.track.as_bytes(),
    ];
    let n = opts.columns.count();
    if opts.format == Format::Jsonl {
        out.push(b'{');
        for (k, (name, cell)) in HEADER.iter().zip(cells).take(n).enumerate() {
            if k > 0 {
                out.push(b',');
            }
            // Names and values never need escaping: ASCII names, digits and the platform names above.
            out.extend_from_slice(format!("\"{name}\":").as_bytes());
            if cell.is_empty() {
                out.extend_from_slice(b"null");
            } else if *name == "orders" {
                out.extend_from_slice(cell);
            } else {
                out.push(b'"');
                out.extend_from_slice(cell);
                out.push(b'"');
            }
        }
        out.extend_from_slice(b"}\n");
    } else {
        for (k, cell) in cells.iter().take(n).enumerate() {
            if k > 0 {
                out.push(b',');
            }
            out.extend_from_slice(cell);
        }
        out.push(b'\n');
    }
}

/// What was written.
#[derive(Clone, Copy, Debug, Default)]
pub struct SynthStats {
    pub workers: u64,
    pub rows: u64,
}

/// Writes the population (header first for CSV).
pub fn write(opts: &SynthOptions, out: &mut dyn Write) -> io::Result<SynthStats> {
    let rules = crate::api::embedded_rules().map_err(|e| io::Error::other(e.message.en.clone()))?;
    let medical: Vec<MedicalCols> = REGIONS
        .iter()
        .map(|(code, _)| medical_columns(rules, code, opts.start, opts.months))
        .collect();
    if opts.format == Format::Csv {
        let n = opts.columns.count();
        writeln!(out, "{}", HEADER[..n].join(","))?;
    }
    const BLOCK: u64 = 4096;
    let mut stats = SynthStats::default();
    let mut start = 0;
    while start < opts.workers {
        // A bounded number of blocks at a time, generated in parallel and written in order.
        let end = (start + BLOCK * 16).min(opts.workers);
        let blocks: Vec<(Vec<u8>, u64)> = (start..end)
            .step_by(BLOCK as usize)
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|b| {
                let mut buf = Vec::with_capacity(BLOCK as usize * 16 * 80);
                let mut rows = 0;
                for i in b..(b + BLOCK).min(end) {
                    worker_rows(opts, &medical, i, &mut |r| {
                        rows += 1;
                        write_row(opts, r, &mut buf);
                    });
                }
                (buf, rows)
            })
            .collect();
        for (buf, rows) in blocks {
            out.write_all(&buf)?;
            stats.rows += rows;
        }
        start = end;
    }
    stats.workers = opts.workers;
    out.flush()?;
    Ok(stats)
}
