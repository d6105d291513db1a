//! `phuluc words AMOUNT [--unit dong|nghin|trieu|ty] [--style north|south] [--tu] [--chan] [--end-mark]`
//! `phuluc words --parse "TEXT"`
//!
//! Writes an amount in Vietnamese words, accounting style, or reads words
//! back into a number of đồng. An amount in another unit is read in đồng:
//! `phuluc words 3277 --unit trieu` prints "Ba tỷ hai trăm bảy mươi bảy
//! triệu đồng". AMOUNT may be typed with Vietnamese separators (3.277,5) or
//! plain digits.

use super::UnitArg;
use phuluc::number::parse_typed_amount;
use phuluc::unit::Unit;
use phuluc::words::{parse_words, to_words, Style};

/// Arguments of `phuluc words`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The amount to write in words.
    #[arg(required_unless_present = "parse", allow_hyphen_values = true)]
    pub amount: Option<String>,
    /// Read these words back into a number of đồng instead.
    #[arg(long, conflicts_with = "amount")]
    pub parse: Option<String>,
    /// The unit AMOUNT is in.
    #[arg(long, value_enum, default_value = "dong")]
    pub unit: UnitArg,
    /// north: linh, nghìn; south: lẻ, ngàn.
    #[arg(long, value_enum, default_value = "north")]
    pub style: StyleArg,
    /// "tư" for a final 4 after "mươi" (hai mươi tư).
    #[arg(long)]
    pub tu: bool,
    /// End whole amounts with "đồng chẵn".
    #[arg(long)]
    pub chan: bool,
    /// End with "./.".
    #[arg(long)]
    pub end_mark: bool,
}

/// Word styles on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum StyleArg {
    North,
    South,
}

/// Runs `phuluc words`.
pub fn run(args: Args, lang: phuluc::lang::Lang) -> i32 {
    if let Some(text) = &args.parse {
        return match parse_words(text) {
            Ok(v) => {
                super::print(&format!("{}\n", v.normalize()));
                0
            }
            Err(e) => {
                let detail = match lang {
                    phuluc::lang::Lang::Vi => e.vietnamese(),
                    phuluc::lang::Lang::En => e.to_string(),
                };
                eprintln!(
                    "phuluc: {}: {detail}",
                    super::say(
                        lang,
                        "không đọc được số tiền bằng chữ",
                        "cannot read the words"
                    )
                );
                2
            }
        };
    }
    let raw = args.amount.as_deref().unwrap_or_default();
    // Amounts are typed the Vietnamese way here: 3.277 is three thousand.
    let value = match parse_typed_amount(raw) {
        Some(value) => value,
        None => {
            eprintln!(
                "phuluc: '{raw}' {}",
                super::say(
                    lang,
                    "không phải số tiền; viết như 3277, 3.277 hoặc 3.277,5",
                    "is not an amount; write it as 3277, 3.277 or 3.277,5"
                )
            );
            return 2;
        }
    };
    let unit = Unit::from(args.unit);
    let Some(dong) = value.checked_mul(unit.factor()) else {
        eprintln!(
            "phuluc: '{raw}' {}",
            super::say(lang, "quá lớn", "is too large")
        );
        return 2;
    };
    let mut style = match args.style {
        StyleArg::North => Style::default(),
        StyleArg::South => Style::south(),
    };
    style.tu = args.tu;
    style.chan = args.chan;
    style.end_mark = args.end_mark;
    super::print(&format!("{}\n", to_words(dong, &style)));
    0
}
