//! `--help` in the user's language: every command's summary, every option's
//! help in Vietnamese (the English comes from the doc comments of the
//! arguments), and two examples per command in either language.

use clap::{Arg, ArgAction, Command};
use phuluc::lang::Lang;

/// (command, summary in Vietnamese, [(option, help in Vietnamese)]).
type Texts = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

const SHARED: &[(&str, &str)] = &[
    ("sheet", "Chỉ trang tính này"),
    (
        "max_cells",
        "Số ô tối đa của một trang (mặc định 10 triệu): trang lớn hơn bị từ chối trước khi tốn bộ nhớ",
    ),
    ("max_sheets", "Số trang tối đa của một bảng tính (mặc định 1.000)"),
    (
        "lang",
        "Ngôn ngữ của thông báo và trợ giúp: vi (mặc định) hoặc en; không ghi thì theo biến LANG (en… là tiếng Anh)",
    ),
    ("force", "Ghi đè tệp đầu ra đã có"),
];

const VIETNAMESE: &[Texts] = &[
    (
        "check",
        "Kiểm tra phụ lục: tổng, dòng tổng, số thứ tự, đơn vị tính (mã thoát 0 không lỗi, 1 có lỗi, 2 không đọc được)",
        &[
            ("files", "Bảng tính, tệp CSV hoặc thư mục (đọc cả thư mục con)"),
            (
                "format",
                "Dạng báo cáo: text, json (một tài liệu), jsonl (mỗi tệp một dòng)",
            ),
            ("quiet", "Không hiện thanh tiến trình, kể cả trên màn hình"),
            (
                "annotate",
                "Ghi thêm một bản để soát: ô có phát hiện được tô màu kèm ghi chú, và trang «Kiểm tra» liệt kê các phát hiện (chỉ một tệp đầu vào)",
            ),
            (
                "report",
                "Ghi thêm một báo cáo chung của mọi tệp: mỗi tệp một dòng tóm tắt, các phát hiện, tổng theo năm của từng xã (.xlsx: ba trang; .csv: REPORT.csv cùng REPORT-phat-hien.csv và REPORT-theo-xa.csv; .json)",
            ),
            ("force", "Ghi đè bản soát hoặc báo cáo đã có"),
            (
                "rates",
                "Bảng tỷ lệ để kiểm tra dự toán, thay cho bảng có sẵn (rates/rates.toml; xem docs/RATES.md)",
            ),
            (
                "date",
                "Ngày dùng để xét dự toán (thuế GTGT đang áp dụng), thay cho ngày ghi trên bảng",
            ),
            (
                "ceiling",
                "Mức trần được duyệt của dự toán, bằng đồng: tổng vượt trần là lỗi (không ghi thì dùng dòng «Tổng mức đầu tư» của bảng tính, nếu có)",
            ),
        ],
    ),
    (
        "show",
        "Cho xem phuluc hiểu tệp thế nào: bảng, dòng tiêu đề, vai trò các cột, đơn vị, cây mục",
        &[("file", "Bảng tính hoặc tệp CSV"), ("format", "Dạng kết quả")],
    ),
    (
        "words",
        "Viết số tiền bằng chữ, hoặc đọc chữ thành số (--parse)",
        &[
            ("amount", "Số tiền, viết như 3277, 3.277 hoặc 3.277,5"),
            ("parse", "Đọc các chữ này thành số đồng"),
            ("unit", "Đơn vị của số tiền"),
            ("style", "north: linh, nghìn; south: lẻ, ngàn"),
            ("tu", "«tư» cho số 4 cuối sau «mươi» (hai mươi tư)"),
            ("chan", "Kết thúc số tròn bằng «đồng chẵn»"),
            ("end_mark", "Kết thúc bằng «./.»"),
        ],
    ),
    (
        "serve",
        "Một trang web trên máy này: thả bảng tính vào, xem lỗi tại từng ô, tải bản đã sửa",
        &[
            ("port", "Cổng (0: một cổng còn trống bất kỳ)"),
            (
                "host",
                "Địa chỉ lắng nghe; khác 127.0.0.1 và ::1 thì cần mã truy cập in kèm địa chỉ trang",
            ),
            ("open", "Mở trang trong trình duyệt mặc định"),
            ("max_upload_mb", "Tệp gửi lên lớn nhất, tính bằng MB"),
        ],
    ),
    (
        "export",
        "Xuất các phụ lục ra một tệp CSV để nộp tỉnh",
        &[
            ("inputs", "Bảng tính, tệp CSV hoặc thư mục"),
            ("output", "Tệp CSV ghi ra («-» là đầu ra chuẩn)"),
            (
                "layout",
                "long: mỗi mục và năm một dòng; wide: mỗi mục một dòng; du-toan: các dòng của bảng dự toán (mã hiệu, đơn vị, khối lượng, đơn giá, thành tiền, phần)",
            ),
            ("unit", "Đổi số tiền sang đơn vị này"),
            ("commune", "Tên xã (mặc định: từ khối tiêu đề, «XÃ ĐA KIA»)"),
            ("appendix", "Phụ lục (mặc định: từ tiêu đề, «Phụ lục III»)"),
            ("bom", "Thêm BOM ở đầu tệp để Excel đọc đúng UTF-8"),
            ("decimal", "Dấu thập phân của số tiền"),
            ("force", "Vẫn xuất dù có lỗi số học; ghi đè tệp đã có"),
        ],
    ),
    (
        "import",
        "Dựng lại bảng tính từ tệp CSV mà export đã ghi",
        &[
            ("input", "Tệp CSV do phuluc export ghi"),
            ("output", "Bảng tính ghi ra, hoặc thư mục (mỗi tệp nguồn một bảng tính)"),
            ("one_workbook", "Mọi tệp nguồn trong một bảng tính"),
            ("force", "Ghi đè các tệp đã có"),
        ],
    ),
    (
        "format",
        "Ghi phụ lục sạch, đúng thể thức, dòng tổng là công thức (--fix sửa các tổng sai)",
        &[
            ("input", "Bảng tính hoặc tệp CSV"),
            ("output", "Bảng tính ghi ra"),
            (
                "fix",
                "Sửa các tổng sai thành công thức với giá trị đúng, từ dưới lên; liệt kê trong trang «Thay đổi»",
            ),
            ("force", "Vẫn ghi dù còn lỗi; ghi đè tệp đã có"),
            ("commune", "Tên xã, ví dụ «Xã Đa Kia» (mặc định: từ khối tiêu đề)"),
            ("title", "Tên phụ lục (mặc định: từ tệp gốc)"),
            ("appendix", "Phụ lục, ví dụ «Phụ lục III» (mặc định: từ tệp gốc)"),
            (
                "signature",
                "Một dòng của khối chữ ký (lặp lại: «TM. ỦY BAN NHÂN DÂN», «CHỦ TỊCH», họ tên)",
            ),
            (
                "words",
                "Thêm dòng «Bằng chữ: …» của tổng cộng dưới bảng chưa có (mặc định chỉ giữ dòng bằng chữ của tệp gốc)",
            ),
        ],
    ),
    (
        "reconcile",
        "Đối chiếu bảng tổng hợp với bảng chi tiết: theo đơn vị, theo mục, theo xã (mã thoát 0 khớp, 1 không khớp hoặc không tìm thấy, 2 không đọc được)",
        &[
            ("inputs", "Bảng tính, tệp CSV hoặc thư mục: bảng tổng hợp và bảng chi tiết"),
            ("format", "Dạng báo cáo"),
            (
                "annotate",
                "Ghi thêm một bản để soát của bảng tính tổng hợp: ô có phát hiện được tô màu kèm ghi chú, và trang «Kiểm tra» liệt kê các phát hiện",
            ),
            ("force", "Ghi đè bản soát đã có"),
            (
                "aliases",
                "Thêm tên gọi khác của các đơn vị (tệp TOML như data/aliases.toml)",
            ),
        ],
    ),
    (
        "diff",
        "So sánh hai bản của một phụ lục: mục đánh số lại, thêm, bỏ, thay đổi (mã thoát 0 giống nhau, 1 khác nhau, 2 không đọc được)",
        &[
            ("old", "Bản trước"),
            ("new", "Bản sau"),
            ("format", "Dạng kết quả"),
            ("output", "Ghi ra tệp này thay vì đầu ra chuẩn"),
            ("force", "Ghi đè tệp đã có"),
        ],
    ),
    (
        "rollup",
        "Tổng hợp số tiền theo đơn vị chủ trì, đơn vị phối hợp, mục, xã hoặc phụ lục, theo từng năm (mã thoát 0 khớp tổng của bảng, 1 không khớp, 2 không đọc được)",
        &[
            ("inputs", "Bảng tính, tệp CSV hoặc thư mục (đọc cả thư mục con)"),
            ("by", "Tổng hợp theo: chu-tri, phoi-hop, muc, xa, phu-luc"),
            ("unit", "Đổi số tiền sang đơn vị này (mặc định: đơn vị của bảng đầu tiên)"),
            ("format", "Dạng kết quả"),
            (
                "aliases",
                "Thêm tên gọi khác của các đơn vị (tệp TOML như data/aliases.toml)",
            ),
            ("output", "Ghi ra tệp này thay vì đầu ra chuẩn"),
            ("force", "Ghi đè tệp đã có"),
            (
                "total_budget",
                "Tổng chi ngân sách của xã, theo đơn vị của bảng tổng hợp: một số cho mọi năm, «2026=450000,2027=480000», hoặc một ô của tệp đầu tiên («'Tổng hợp'!C5»); tỷ lệ của bảng trên tổng đó được báo theo từng năm, so với --share-target",
            ),
            (
                "share_target",
                "Tỷ lệ mục tiêu, tính bằng % (mặc định 3: mục tiêu của Nghị quyết 57 cho khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số)",
            ),
        ],
    ),
    (
        "new",
        "Tạo biểu mẫu để điền: dòng tổng là công thức bao mọi dòng có thể chèn, ô số tiền chỉ nhận số ≥ 0, công thức bị khóa",
        &[
            ("kind", "Loại biểu mẫu: ke-hoach, du-toan, chi-tieu, nhiem-vu, tong-hop"),
            ("output", "Bảng tính ghi ra"),
            (
                "from",
                "Tạo biểu mẫu từ một bảng có sẵn (mọi dạng phuluc đọc được), giữ nguyên số liệu",
            ),
            ("commune", "Tên xã, ví dụ «Xã Đa Kia»"),
            ("years", "Các năm của kế hoạch, dạng 2026-2030"),
            ("unit", "Đơn vị tiền (mặc định: dong cho du-toan, trieu cho loại khác)"),
            ("appendix", "Phụ lục, ví dụ «Phụ lục III»"),
            ("rows", "Số dòng trống của mỗi mục để điền"),
            ("sections", "Số mục (phần việc của dự toán, đơn vị của bảng tổng hợp)"),
            (
                "date",
                "Ngày của văn bản, NN/TT/NNNN (mặc định: hôm nay): thuế GTGT theo thuế suất áp dụng ngày đó",
            ),
            (
                "rates",
                "Bảng tỷ lệ thay cho bảng có sẵn (rates/rates.toml; xem docs/RATES.md)",
            ),
            ("split", "Tách đơn giá và thành tiền của dự toán thành vật liệu, nhân công, máy"),
        ],
    ),
];

/// Two examples per command: (command, Vietnamese, English).
const EXAMPLES: &[(&str, &str, &str)] = &[
    (
        "reconcile",
        "Ví dụ:\n  phuluc reconcile ke-hoach.xlsx\n  phuluc reconcile thu-muc-tinh/ --format json > doi-chieu.json",
        "Examples:\n  phuluc reconcile plan.xlsx\n  phuluc reconcile province/ --format json > reconciled.json",
    ),
    (
        "diff",
        "Ví dụ:\n  phuluc diff workbooks/da-kia-phu-luc-iii.xlsx workbooks/da-kia-phu-luc-iii-sua.xlsx\n  phuluc diff ban-du-thao.xlsx ban-trinh.xlsx --format json -o thay-doi.json",
        "Examples:\n  phuluc diff workbooks/da-kia-phu-luc-iii.xlsx workbooks/da-kia-phu-luc-iii-sua.xlsx\n  phuluc diff draft.xlsx submitted.xlsx --format json -o changes.json",
    ),
    (
        "rollup",
        "Ví dụ:\n  phuluc rollup workbooks/da-kia-phu-luc-iii.xlsx\n  phuluc rollup thu-muc-cac-xa/ --by xa --unit ty --format csv -o tinh.csv",
        "Examples:\n  phuluc rollup workbooks/da-kia-phu-luc-iii.xlsx\n  phuluc rollup communes/ --by xa --unit ty --format csv -o province.csv",
    ),
    (
        "check",
        "Ví dụ:\n  phuluc check workbooks/da-kia-phu-luc-iii.xlsx\n  phuluc check thu-muc-cac-xa/ --format json > ket-qua.json",
        "Examples:\n  phuluc check workbooks/da-kia-phu-luc-iii.xlsx\n  phuluc check communes/ --format json > results.json",
    ),
    (
        "show",
        "Ví dụ:\n  phuluc show workbooks/ha-long-phu-luc-2.xlsx\n  phuluc show bang.csv --format json",
        "Examples:\n  phuluc show workbooks/ha-long-phu-luc-2.xlsx\n  phuluc show table.csv --format json",
    ),
    (
        "words",
        "Ví dụ:\n  phuluc words 3277 --unit trieu\n  phuluc words --parse \"Ba tỷ hai trăm bảy mươi bảy triệu đồng\"",
        "Examples:\n  phuluc words 3277 --unit trieu\n  phuluc words --parse \"Ba tỷ hai trăm bảy mươi bảy triệu đồng\"",
    ),
    (
        "serve",
        "Ví dụ:\n  phuluc serve --open\n  phuluc serve --host 0.0.0.0 --port 8080",
        "Examples:\n  phuluc serve --open\n  phuluc serve --host 0.0.0.0 --port 8080",
    ),
    (
        "export",
        "Ví dụ:\n  phuluc export workbooks/da-kia-phu-luc-iii-sua.xlsx -o da-kia.csv\n  phuluc export thu-muc-cac-xa/ -o tinh.csv --layout wide --bom",
        "Examples:\n  phuluc export workbooks/da-kia-phu-luc-iii-sua.xlsx -o da-kia.csv\n  phuluc export communes/ -o province.csv --layout wide --bom",
    ),
    (
        "import",
        "Ví dụ:\n  phuluc import da-kia.csv -o da-kia.xlsx\n  phuluc import tinh.csv -o thu-muc-dung-lai/",
        "Examples:\n  phuluc import da-kia.csv -o da-kia.xlsx\n  phuluc import province.csv -o rebuilt/",
    ),
    (
        "format",
        "Ví dụ:\n  phuluc format workbooks/ha-long-phu-luc-2-sua.xlsx -o phu-luc-2.xlsx\n  phuluc format workbooks/da-kia-phu-luc-iii.xlsx --fix -o phu-luc-iii.xlsx",
        "Examples:\n  phuluc format workbooks/ha-long-phu-luc-2-sua.xlsx -o appendix-2.xlsx\n  phuluc format workbooks/da-kia-phu-luc-iii.xlsx --fix -o appendix-iii.xlsx",
    ),
    (
        "new",
        "Ví dụ:\n  phuluc new ke-hoach --commune \"Xã Đa Kia\" --years 2026-2030 -o ke-hoach.xlsx\n  phuluc new du-toan --date 15/03/2026 -o du-toan.xlsx",
        "Examples:\n  phuluc new ke-hoach --commune \"Xã Đa Kia\" --years 2026-2030 -o plan.xlsx\n  phuluc new du-toan --date 15/03/2026 -o estimate.xlsx",
    ),
];

/// The language of the help, decided before the arguments are parsed:
/// `--lang vi|en` anywhere on the line (or `--lang=…`), else `LANG`.
pub fn language_of(args: &[String]) -> Lang {
    let mut asked = None;
    for (i, a) in args.iter().enumerate() {
        let value = match a.strip_prefix("--lang=") {
            Some(v) => Some(v),
            None if a == "--lang" => args.get(i + 1).map(String::as_str),
            None => None,
        };
        match value {
            Some("en") => asked = Some(super::LangArg::En),
            Some("vi") => asked = Some(super::LangArg::Vi),
            _ => {}
        }
    }
    super::language(asked)
}

/// clap's own words in Vietnamese: the headings ("Cách dùng", "Đối số",
/// "Tùy chọn", "Lệnh"), the help and version flags, and each option's
/// default and possible values, for a command and all its subcommands.
fn vietnamese_frame(cmd: Command) -> Command {
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    let has_version = cmd.get_version().is_some();
    let mut cmd = cmd
        .help_template(
            "{before-help}{about-with-newline}\nCách dùng: {usage}\n\n{all-args}{after-help}",
        )
        .subcommand_help_heading("Lệnh")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .mut_args(|a| {
            let heading = if a.is_positional() {
                "Đối số"
            } else {
                "Tùy chọn"
            };
            let mut help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
            let defaults: Vec<String> = a
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            if !defaults.is_empty() {
                help.push_str(&format!(" [mặc định: {}]", defaults.join(", ")));
            }
            let values: Vec<String> = a
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            if !values.is_empty()
                && a.get_action().takes_values()
                && !a.is_hide_possible_values_set()
            {
                help.push_str(&format!(" [giá trị: {}]", values.join(", ")));
            }
            let a = a.help(help).help_heading(heading);
            // clap allows hiding these only on options that take values.
            if a.get_action().takes_values() {
                a.hide_default_value(true).hide_possible_values(true)
            } else {
                a
            }
        })
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("In trợ giúp")
                .help_heading("Tùy chọn"),
        );
    if has_version {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("In số phiên bản")
                .help_heading("Tùy chọn"),
        );
    }
    for name in names {
        cmd = cmd.mut_subcommand(name, vietnamese_frame);
    }
    cmd
}

/// The command line's definition, with its help in `lang`.
pub fn localized(mut cmd: Command, lang: Lang) -> Command {
    // `phuluc help X` is read as `phuluc X --help` (see `help_as_flag`).
    cmd = cmd.disable_help_subcommand(true);
    if lang == Lang::Vi {
        cmd = cmd
            .about("phuluc — đọc, kiểm tra, sửa và xuất các phụ lục dự toán của UBND xã")
            .mut_arg("lang", |a| a.help(SHARED[3].1));
    }
    for &(name, vi, en) in EXAMPLES {
        let texts = VIETNAMESE.iter().find(|t| t.0 == name);
        cmd = cmd.mut_subcommand(name, |mut sub| {
            sub = sub.after_help(if lang == Lang::Vi { vi } else { en });
            if lang == Lang::Vi {
                if let Some((_, about, options)) = texts {
                    sub = sub.about(*about);
                    let ids: Vec<String> = sub
                        .get_arguments()
                        .map(|a| a.get_id().to_string())
                        .collect();
                    for (id, help) in options.iter().chain(SHARED) {
                        // The command's own text first (its --force).
                        if ids.iter().any(|i| i == id)
                            && !(SHARED.iter().any(|s| s.0 == *id)
                                && options.iter().any(|o| o.0 == *id)
                                && SHARED.iter().any(|s| s.1 == *help))
                        {
                            sub = sub.mut_arg(*id, |a| a.help(*help));
                        }
                    }
                }
            }
            sub
        });
    }
    if lang == Lang::Vi {
        cmd = vietnamese_frame(cmd);
    }
    cmd
}

/// The words of a command line with `help X` read as `X --help`: the help
/// subcommand of clap is not used, so that its line in the list of
/// commands and its own help follow `--lang` like everything else.
pub fn help_as_flag(mut words: Vec<String>) -> Vec<String> {
    // The first word that is not an option (or an option's value) is the
    // command.
    let mut i = 1;
    while i < words.len() {
        let w = &words[i];
        if w == "--lang" {
            i += 2;
            continue;
        }
        if w.starts_with('-') {
            i += 1;
            continue;
        }
        if w == "help" {
            words.remove(i);
            words.push("--help".into());
        }
        break;
    }
    words
}

/// The names of the commands, in the order `--help` lists them: read from
/// the one registry of commands (`cli::Command`), so that a command added
/// there is named in every message that lists them.
pub fn command_names() -> Vec<String> {
    <super::Cli as clap::CommandFactory>::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect()
}

/// A command-line mistake in Vietnamese, in one line with what to do.
pub fn vietnamese_error(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let ctx = |k: ContextKind| -> String {
        match e.get(k) {
            Some(ContextValue::String(s)) => s.clone(),
            Some(ContextValue::Strings(v)) => v.join(", "),
            Some(other) => other.to_string(),
            None => String::new(),
        }
    };
    let suggestion = match ctx(ContextKind::SuggestedArg) {
        s if s.is_empty() => match ctx(ContextKind::SuggestedSubcommand) {
            s if s.is_empty() => String::new(),
            s => format!("; có phải «{s}»?"),
        },
        s => format!("; có phải «{s}»?"),
    };
    let what = match e.kind() {
        ErrorKind::InvalidValue => format!(
            "giá trị «{}» không hợp lệ cho {}; các giá trị được: {}",
            ctx(ContextKind::InvalidValue),
            ctx(ContextKind::InvalidArg),
            ctx(ContextKind::ValidValue)
        ),
        ErrorKind::UnknownArgument => {
            format!(
                "không có tùy chọn «{}»{suggestion}",
                ctx(ContextKind::InvalidArg)
            )
        }
        ErrorKind::InvalidSubcommand => format!(
            "không có lệnh «{}»{suggestion}; các lệnh: {}",
            ctx(ContextKind::InvalidSubcommand),
            command_names().join(", ")
        ),
        ErrorKind::MissingRequiredArgument => {
            format!("thiếu {}", ctx(ContextKind::InvalidArg))
        }
        ErrorKind::MissingSubcommand => {
            let names = command_names();
            match names.split_last() {
                Some((last, rest)) if !rest.is_empty() => {
                    format!("thiếu lệnh: {} hoặc {last}", rest.join(", "))
                }
                _ => format!("thiếu lệnh: {}", names.join(", ")),
            }
        }
        ErrorKind::ValueValidation => format!(
            "giá trị «{}» của {} không hợp lệ",
            ctx(ContextKind::InvalidValue),
            ctx(ContextKind::InvalidArg)
        ),
        ErrorKind::ArgumentConflict => format!(
            "{} không dùng cùng với {}",
            ctx(ContextKind::InvalidArg),
            ctx(ContextKind::PriorArg)
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("số giá trị của {} không đúng", ctx(ContextKind::InvalidArg))
        }
        ErrorKind::NoEquals => format!(
            "{} cần dạng --tùy-chọn=giá-trị",
            ctx(ContextKind::InvalidArg)
        ),
        _ => "dòng lệnh không hợp lệ".into(),
    };
    format!("phuluc: lỗi: {what}; xem «phuluc --help» hoặc «phuluc <lệnh> --help»")
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every option of every command has its Vietnamese help: an option
    /// added with only its English doc comment would print English inside
    /// the Vietnamese help.
    #[test]
    fn every_option_has_a_vietnamese_help() {
        let cmd = super::super::Cli::command();
        let mut missing = Vec::new();
        for sub in cmd.get_subcommands() {
            let own = VIETNAMESE
                .iter()
                .find(|t| t.0 == sub.get_name())
                .map(|t| t.2)
                .unwrap_or_else(|| panic!("{}: no Vietnamese texts", sub.get_name()));
            for arg in sub.get_arguments() {
                let id = arg.get_id().as_str();
                if !own.iter().chain(SHARED).any(|(o, _)| *o == id) {
                    missing.push(format!("{} --{id}", sub.get_name()));
                }
            }
        }
        assert!(missing.is_empty(), "no Vietnamese help: {missing:?}");
    }
}
