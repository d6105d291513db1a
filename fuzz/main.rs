//! A fuzzer that runs on stable Rust (cargo-fuzz needs nightly): it mutates
//! real workbooks and CSV files and runs every mutant through everything
//! phuluc does with a file — read, check, plan the fixes, format, and check
//! the formatted workbook — under a panic guard. A panic is a bug: the
//! mutant is saved under `fuzz/crashers/` and becomes a regression test
//! (`tests/fuzz.rs` reads `fuzz/regressions/`).
//!
//! ```sh
//! cargo run --release --example fuzz -- [--seconds 300] [--seed 1] [SEED_FILES_OR_FOLDERS...]
//! ```
//!
//! Seeds default to `workbooks/`, `seeds/` and `../shared/corpus`. A zip
//! (xlsx, ods) is mutated inside: an entry's XML is changed and the zip is
//! rebuilt with right checksums, so the mutant gets past the zip layer to
//! the parsers; other files have bytes flipped, inserted, removed or cut.

use std::io::{Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// xorshift64*: deterministic for a seed, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Tokens that steer the parsers into their interesting corners.
const TOKENS: &[&str] = &[
    "STT",
    "Nội dung",
    "Tổng cộng",
    "Trong đó",
    "Năm 2026",
    "Đơn vị tính: triệu đồng",
    "Bằng chữ: một tỷ tỷ đồng",
    "1=2+3",
    "(1)",
    "1.1",
    "IV",
    "-",
    "9999999999999999999999999999",
    "1E+308",
    "#REF!",
    "Thuế VAT 10%",
    "LÀM TRÒN",
    "=SUM(A1:XFD1048576)",
    "<c r=\"XFD1048576\"><v>1</v></c>",
    "<mergeCell ref=\"A1:XFD1048576\"/>",
    "&amp;",
    "\u{0}",
];

fn mutate_bytes(rng: &mut Rng, data: &mut Vec<u8>) {
    for _ in 0..1 + rng.below(4) {
        match rng.below(6) {
            0 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] ^= 1 << rng.below(8);
            }
            1 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] = rng.next() as u8;
            }
            2 => {
                let i = rng.below(data.len() + 1);
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                data.splice(i..i, t.iter().copied());
            }
            3 if !data.is_empty() => {
                let i = rng.below(data.len());
                let n = rng.below(64).min(data.len() - i);
                data.drain(i..i + n);
            }
            4 if !data.is_empty() => {
                // Repeat a slice: long rows, many rows.
                let i = rng.below(data.len());
                let n = rng.below(256).min(data.len() - i);
                let piece: Vec<u8> = data[i..i + n].to_vec();
                for _ in 0..rng.below(8) {
                    data.splice(i..i, piece.iter().copied());
                }
            }
            _ => {
                let n = rng.below(data.len() + 1);
                data.truncate(n);
            }
        }
    }
}

/// A zip with one entry mutated and every checksum right.
fn mutate_zip(rng: &mut Rng, data: &[u8]) -> Option<Vec<u8>> {
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(data)).ok()?;
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).ok()?;
        let mut body = Vec::new();
        f.by_ref().take(8 << 20).read_to_end(&mut body).ok()?;
        entries.push((f.name().ok()?.to_string(), body));
    }
    if entries.is_empty() {
        return None;
    }
    // Sheets and shared strings most of the time.
    let xml: Vec<usize> = (0..entries.len())
        .filter(|&i| entries[i].0.ends_with(".xml"))
        .collect();
    let target = if !xml.is_empty() && rng.below(4) > 0 {
        xml[rng.below(xml.len())]
    } else {
        rng.below(entries.len())
    };
    mutate_bytes(rng, &mut entries[target].1);
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in entries {
        out.start_file(name, options).ok()?;
        out.write_all(&body).ok()?;
    }
    Some(out.finish().ok()?.into_inner())
}

/// Everything phuluc does with a file. `Err` carries a panic's message.
fn exercise(name: &Path, bytes: Vec<u8>) -> Result<(), String> {
    catch_unwind(AssertUnwindSafe(|| {
        let Ok(outcome) = phuluc::analyse_bytes(name, bytes, &Default::default()) else {
            return;
        };
        for t in &outcome.appendix.tables {
            let _ = phuluc::fix::plan(t, &outcome.findings);
        }
        for f in &outcome.findings {
            let _ = f.message(phuluc::report::lang::Lang::Vi);
        }
        let _ = phuluc::report::check_json(
            &[(name.display().to_string(), Ok(outcome.clone()))],
            phuluc::report::lang::Lang::En,
        );
        if outcome.appendix.tables.is_empty() {
            return;
        }
        let options = phuluc::write::format::FormatOptions {
            fix: true,
            ..Default::default()
        };
        if let Ok(f) =
            phuluc::write::format::format_workbook(&outcome.appendix, &outcome.findings, &options)
        {
            let expect = phuluc::write::verify::Expectation {
                allow_errors: true,
                ..Default::default()
            };
            let _ = phuluc::write::verify::verify(Path::new("out.xlsx"), &f.bytes, &expect);
        }
    }))
    .map_err(|p| {
        p.downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".into())
    })
}

fn seeds(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut stack = vec![p.clone()];
            while let Some(d) = stack.pop() {
                let Ok(rd) = std::fs::read_dir(&d) else {
                    continue;
                };
                for e in rd.flatten() {
                    let path = e.path();
                    if path.is_dir() {
                        stack.push(path);
                    } else if path.metadata().is_ok_and(|m| m.len() < 2 << 20) {
                        out.push(path);
                    }
                }
            }
        } else if p.is_file() {
            out.push(p.clone());
        }
    }
    out.sort();
    out
}

fn main() {
    let mut seconds = 60u64;
    let mut seed = 1u64;
    let mut roots: Vec<PathBuf> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--seconds" => seconds = args.next().and_then(|s| s.parse().ok()).unwrap_or(seconds),
            "--seed" => seed = args.next().and_then(|s| s.parse().ok()).unwrap_or(seed),
            other => roots.push(PathBuf::from(other)),
        }
    }
    if roots.is_empty() {
        roots = ["workbooks", "seeds", "../shared/corpus", "../shared/real"]
            .iter()
            .map(PathBuf::from)
            .collect();
    }
    let files = seeds(&roots);
    if files.is_empty() {
        eprintln!("fuzz: no seed files under {roots:?}");
        std::process::exit(2);
    }
    // Panics are caught and counted; their messages would flood the terminal.
    std::panic::set_hook(Box::new(|_| {}));
    let originals: Vec<(PathBuf, Vec<u8>)> = files
        .iter()
        .filter_map(|p| Some((p.clone(), std::fs::read(p).ok()?)))
        .collect();
    let crashers = Path::new("fuzz/crashers");
    let mut rng = Rng(seed.max(1));
    let (mut runs, mut crashes, mut slow) = (0u64, 0u64, 0u64);
    let start = Instant::now();
    let mut last_report = Instant::now();
    while start.elapsed() < Duration::from_secs(seconds) {
        let (path, original) = &originals[rng.below(originals.len())];
        let mutant = if original.starts_with(b"PK") && rng.below(4) > 0 {
            mutate_zip(&mut rng, original).unwrap_or_else(|| original.clone())
        } else {
            let mut m = original.clone();
            mutate_bytes(&mut rng, &mut m);
            m
        };
        runs += 1;
        // An abort (stack overflow, failed allocation) cannot be caught: the
        // input being run is on disk, for the next look.
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("bin");
        let _ = std::fs::create_dir_all(crashers);
        let _ = std::fs::write(crashers.join(format!("last-input.{ext}")), &mutant);
        let began = Instant::now();
        let result = exercise(path, mutant.clone());
        // A mutant that takes seconds is a hang in the making: kept too.
        if began.elapsed() > Duration::from_secs(3) {
            slow += 1;
            let name = crashers.join(format!("slow-{seed}-{runs}.{ext}"));
            let _ = std::fs::write(&name, &mutant);
            eprintln!(
                "fuzz: {:.1} s on a mutant of {} → {}",
                began.elapsed().as_secs_f64(),
                path.display(),
                name.display()
            );
        }
        if let Err(why) = result {
            crashes += 1;
            let name = crashers.join(format!("crash-{seed}-{runs}.{ext}"));
            let _ = std::fs::write(&name, &mutant);
            eprintln!(
                "fuzz: panic «{why}» on a mutant of {} → {}",
                path.display(),
                name.display()
            );
        }
        if last_report.elapsed() > Duration::from_secs(10) {
            eprintln!(
                "fuzz: {runs} runs, {crashes} panics, {:.0} s",
                start.elapsed().as_secs_f64()
            );
            last_report = Instant::now();
        }
    }
    println!(
        "fuzz: {runs} runs over {} seed files in {seconds} s (seed {seed}): {crashes} panics, {slow} slower than 3 s",
        originals.len()
    );
    std::process::exit(i32::from(crashes + slow > 0));
}
