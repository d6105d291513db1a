//! `cargo bench --bench words`: amounts per second, to words and back.

use phuluc::words::{parse_words, to_words, Style};
use rust_decimal::Decimal;
use std::time::Instant;

fn main() {
    let n: u64 = 1_000_000;
    let style = Style::default();
    // Amounts spread over every magnitude up to 10^15.
    let amounts: Vec<Decimal> = (0..n)
        .map(|i| Decimal::from(i.wrapping_mul(2_654_435_761) % 1_000_000_000_000_000))
        .collect();
    let start = Instant::now();
    let words: Vec<String> = amounts.iter().map(|a| to_words(*a, &style)).collect();
    let write = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let mut ok = 0;
    for (w, a) in words.iter().zip(&amounts) {
        if parse_words(w).as_ref() == Ok(a) {
            ok += 1;
        }
    }
    let read = start.elapsed().as_secs_f64();
    assert_eq!(ok, n, "every amount reads back");
    println!(
        "to_words   : {:>10.0} amounts/s ({n} in {write:.3} s)",
        n as f64 / write
    );
    println!(
        "parse_words: {:>10.0} amounts/s ({n} in {read:.3} s)",
        n as f64 / read
    );
}
