//! `cargo run --release --example bench-data -- DIR [ROWS...] [--country P C A]`:
//! writes the benchmark inputs into DIR — one appendix per row count
//! (`appendix-ROWS.xlsx`: sections, items, sub-items × five years, every
//! sum right; `phuluc::sample::large_appendix`) and, with `--country`, a
//! country of P provinces × C communes × A appendices
//! (`country/tinh-PP/xa-CCC/phu-luc-A.xlsx`, each a 51-row commune
//! appendix; `phuluc::sample::commune_appendix`). Files already there are
//! kept, so a second run costs nothing.

use std::path::{Path, PathBuf};

fn save(t: phuluc::sample::SampleTable, path: &Path) {
    if path.exists() {
        return;
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create the folder");
    }
    phuluc::sample::save(&[t], path).expect("write the workbook");
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!(
            "usage: bench-data DIR [ROWS...] [--full-sheet] [--country PROVINCES COMMUNES APPENDICES]"
        );
        std::process::exit(2);
    };
    let rest: Vec<String> = args.collect();
    let mut i = 0;
    while i < rest.len() {
        if rest[i] == "--country" {
            let n = |k: usize| -> usize {
                rest.get(i + k)
                    .and_then(|s| s.parse().ok())
                    .expect("--country PROVINCES COMMUNES APPENDICES")
            };
            let (provinces, communes, appendices) = (n(1), n(2), n(3));
            let mut count = 0;
            for p in 0..provinces {
                for c in 0..communes {
                    for a in 0..appendices {
                        let path = dir
                            .join("country")
                            .join(format!("tinh-{p:02}"))
                            .join(format!("xa-{c:03}"))
                            .join(format!("phu-luc-{a}.xlsx"));
                        let n = (p * communes + c) * appendices + a;
                        save(phuluc::sample::commune_appendix(n), &path);
                        count += 1;
                    }
                }
            }
            println!(
                "country: {count} workbooks in {}",
                dir.join("country").display()
            );
            i += 4;
        } else if rest[i] == "--full-sheet" {
            // Issue 14's sheet: as many rows as Excel allows (all but the
            // last 557: ten sections of a hundred items of 1,047 tasks) ×
            // 8 columns — STT, content, lead unit, five years.
            let path = dir.join("appendix-full-sheet.xlsx");
            let mut t = phuluc::sample::large_appendix(1_048_000);
            for row in t.header.iter_mut() {
                row.remove(9);
                row.remove(3);
            }
            for row in t.rows.iter_mut() {
                row.truncate(9);
                if row.len() > 3 {
                    row.remove(3);
                }
            }
            // The same with every item's five amounts a SUM of its tasks,
            // saved with its value: a workbook whose formulas the checks
            // may need (rows of the table start at sheet row 9).
            let sums = dir.join("appendix-full-sheet-sums.xlsx");
            let mut with_sums = t.clone();
            let rows = &mut with_sums.rows;
            for at in 0..rows.len() {
                let is_item = matches!(&rows[at][0], phuluc::sample::SampleCell::Text(s)
                    if !s.contains('.') && s.chars().all(|c| c.is_ascii_digit()));
                if !is_item {
                    continue;
                }
                let tasks = rows[at + 1..]
                    .iter()
                    .take_while(
                        |r| matches!(&r[0], phuluc::sample::SampleCell::Text(s) if s.contains('.')),
                    )
                    .count();
                let (first, last) = (at + 10, at + 9 + tasks);
                for (k, letter) in ["D", "E", "F", "G", "H"].iter().enumerate() {
                    if let phuluc::sample::SampleCell::Number(v) = rows[at][3 + k] {
                        rows[at][3 + k] = phuluc::sample::SampleCell::Formula(
                            format!("=SUM({letter}{first}:{letter}{last})"),
                            v,
                        );
                    }
                }
            }
            save(with_sums, &sums);
            save(t, &path);
            println!("{}\n{}", path.display(), sums.display());
            i += 1;
        } else {
            let rows: usize = rest[i].parse().expect("a row count");
            let path = dir.join(format!("appendix-{rows}.xlsx"));
            save(phuluc::sample::large_appendix(rows), &path);
            println!("{}", path.display());
            i += 1;
        }
    }
}
