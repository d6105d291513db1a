//! Errors that stop a file from being read or written. Each renders as one
//! line that names the file, says what is wrong and, where it can, what to do.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Why a file could not be read or written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The file does not exist or cannot be opened.
    Open(String),
    /// The file is password protected.
    Encrypted,
    /// The file is empty.
    Empty,
    /// Not a spreadsheet phuluc can read.
    NotAWorkbook(String),
    /// A workbook whose contents are damaged.
    Corrupt(String),
    /// A CSV in an encoding other than UTF-8 / UTF-16.
    Encoding(String),
    /// Larger than phuluc accepts: which limit, by how much.
    TooLarge(Limit),
    /// A sheet named with `--sheet` is not in the workbook.
    NoSuchSheet(String),
    /// An output exists and `--force` was not given.
    Exists,
    /// Writing an output failed.
    Write(String),
    /// No workbook or CSV file among the inputs (an empty folder, a folder
    /// of other files).
    NoInput,
    /// The file was read but holds no table phuluc recognises.
    NoTable,
    /// Money tables whose amount columns cannot be told apart (several,
    /// none a year of the plan, none the total of the others): which one
    /// is "Kinh phí" is not guessed. The tables and their columns.
    AmbiguousColumns(String),
    /// phuluc itself failed on this file (a bug); the other files go on.
    Internal(String),
    /// A workbook phuluc built failed its own check and was not written:
    /// every reason, in both languages.
    Refused(Vec<Worded>),
    /// A CSV given to `import` that phuluc cannot rebuild a workbook from.
    Csv(CsvProblem),
    /// Amounts were to be converted (`--unit`) in a table that states no
    /// unit: the table, by sheet and range.
    NoUnit(String),
    /// The workbook could not be built in memory (the writer's reason).
    Build(String),
    /// A rates file (`--rates`) that is not what phuluc reads: why.
    BadRates(String),
    /// An alias file (`--aliases`) that is not what phuluc reads: why.
    BadAliases(String),
    /// Only cost-estimate tables, which the appendix CSV cannot carry.
    OnlyEstimates,
    /// An output phuluc refused to write there: why.
    NotWritten(NotWritten),
    /// A file or folder under a folder given that phuluc could not read or
    /// chose not to follow, so its inputs were not read: why.
    NotRead(NotRead),
    /// A file or folder under a folder given that phuluc left out on
    /// purpose, nothing lost: why.
    Skipped(Skipped),
}

/// A reason worded in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Worded {
    /// In Vietnamese.
    pub vi: String,
    /// In English.
    pub en: String,
}

/// Why an output was not written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotWritten {
    /// The path is one of the inputs (the same file by device and inode).
    Input,
    /// The path is a symbolic link.
    Link,
    /// The path is a folder, device or pipe.
    NotRegular,
    /// `-o -` where the output is a workbook or a folder, which cannot go
    /// to standard output.
    Stdout,
    /// The run was interrupted before the output was moved into place.
    Interrupted,
}

/// Why inputs under a folder were not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotRead {
    /// A folder (or an entry of it) that cannot be listed: the system's
    /// reason.
    Folder(String),
    /// A folder deeper than the limit under the folder given: the limit.
    TooDeep(usize),
    /// A symbolic link named like an input that leads to nothing.
    DanglingLink,
}

/// Why a file or folder was left out of a folder run, nothing lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skipped {
    /// A CSV phuluc exported (`phuluc export`, `rollup --format csv`).
    Export,
    /// A report phuluc wrote (`check --report`, `rollup`, `diff`,
    /// `--annotate`): recognised by the marker phuluc writes into it.
    Report,
    /// Named like a workbook or CSV but not a file (a pipe, a device,
    /// a socket): reading it could wait for ever.
    NotAFile,
    /// A folder already read under another name (a symbolic link or bind
    /// mount to it, or a loop): where it was read.
    AlreadyRead(PathBuf),
}

impl NotWritten {
    fn say(&self, lang: crate::lang::Lang) -> &'static str {
        use crate::lang::Lang::{En, Vi};
        match (self, lang) {
            (NotWritten::Input, Vi) => "đây là một tệp đầu vào (cùng một tệp, dù gọi bằng tên khác); phuluc không bao giờ ghi đè tệp đầu vào",
            (NotWritten::Input, En) => "it is one of the inputs (the same file, by whatever name); phuluc never writes over an input",
            (NotWritten::Link, Vi) => "đây là một liên kết (symbolic link); phuluc không ghi qua liên kết (hãy ghi tên chính tệp đó)",
            (NotWritten::Link, En) => "it is a link; phuluc does not write through links (name the file itself)",
            (NotWritten::NotRegular, Vi) => "đây không phải một tệp thường (là thư mục, thiết bị hay ống dẫn); --force chỉ ghi đè tệp thường",
            (NotWritten::NotRegular, En) => "it is not a regular file (a folder, device or pipe); --force replaces only files",
            (NotWritten::Stdout, Vi) => "«-» (đầu ra chuẩn) chỉ dùng được cho văn bản (CSV, JSON, bảng chữ); bảng tính .xlsx hay thư mục cần một tên tệp",
            (NotWritten::Stdout, En) => "'-' (standard output) takes only text (CSV, JSON, a text table); a workbook or a folder needs a file name",
            (NotWritten::Interrupted, Vi) => "bị ngắt (Ctrl-C) trước khi ghi xong; không ghi gì, tệp cũ (nếu có) giữ nguyên",
            (NotWritten::Interrupted, En) => "interrupted (Ctrl-C) before it was in place; nothing written, any earlier file kept",
        }
    }
}

impl NotRead {
    fn say(&self, lang: crate::lang::Lang) -> String {
        use crate::lang::Lang::{En, Vi};
        match (self, lang) {
            (NotRead::Folder(why), Vi) => format!("không đọc được thư mục ({why}); các tệp trong đó chưa được đọc"),
            (NotRead::Folder(why), En) => format!("cannot read the folder ({why}); the files in it were not read"),
            (NotRead::TooDeep(limit), Vi) => format!("thư mục sâu quá {limit} cấp dưới thư mục đã cho; không đọc (ghi thẳng tên thư mục này để đọc nó)"),
            (NotRead::TooDeep(limit), En) => format!("a folder more than {limit} levels below the folder given; not read (name it to read it)"),
            (NotRead::DanglingLink, Vi) => "liên kết trỏ tới tệp không tồn tại; không đọc".into(),
            (NotRead::DanglingLink, En) => "a link to nothing; not read".into(),
        }
    }
}

impl Skipped {
    fn say(&self, lang: crate::lang::Lang) -> String {
        use crate::lang::Lang::{En, Vi};
        match (self, lang) {
            (Skipped::Export, Vi) => {
                "ghi chú: tệp CSV do phuluc xuất, bỏ qua (ghi tên tệp để kiểm tra nó)".into()
            }
            (Skipped::Export, En) => {
                "note: a CSV phuluc exported, skipped (name the file to check it)".into()
            }
            (Skipped::Report, Vi) => {
                "ghi chú: báo cáo do phuluc ghi, không phải phụ lục của xã; bỏ qua".into()
            }
            (Skipped::Report, En) => {
                "note: a report phuluc wrote, not a commune's appendix; skipped".into()
            }
            (Skipped::NotAFile, Vi) => {
                "ghi chú: không phải tệp thường (ống dẫn, thiết bị); bỏ qua".into()
            }
            (Skipped::NotAFile, En) => {
                "note: not a regular file (a pipe, a device); skipped".into()
            }
            (Skipped::AlreadyRead(at), Vi) => format!(
                "ghi chú: thư mục đã đọc ở {} (liên kết hoặc vòng lặp); không đọc lại",
                at.display()
            ),
            (Skipped::AlreadyRead(at), En) => format!(
                "note: a folder already read as {} (a link or a loop); not read again",
                at.display()
            ),
        }
    }
}

/// A limit an input went over, with what it would have cost: each says
/// its limit and, where one raises it, the flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Limit {
    /// The file is larger than phuluc reads into memory.
    FileBytes {
        /// Its size.
        bytes: u64,
        /// The most phuluc reads.
        limit: u64,
    },
    /// A part of the zip would inflate beyond the most one may.
    EntryBytes {
        /// The part ("xl/worksheets/sheet1.xml").
        entry: String,
        /// What it would inflate to.
        bytes: u64,
        /// The most one part may.
        limit: u64,
    },
    /// A part of the zip inflates more than 100 times: a zip bomb.
    InflateRatio {
        /// The part.
        entry: String,
        /// Its compressed size.
        packed: u64,
        /// What it would inflate to.
        bytes: u64,
    },
    /// A sheet holds more cells than the limit (`--max-cells`).
    Cells {
        /// The limit.
        limit: usize,
    },
    /// The sheets of an .xls or .ods, which are read as whole rectangles,
    /// would take more cells than the limit (`--max-cells`).
    Rectangle {
        /// The largest sheet's name, when the format gives it first.
        sheet: Option<String>,
        /// Its extent ("A1:IV65536").
        extent: String,
        /// Its cells.
        cells: u64,
        /// All sheets' cells.
        total: u64,
        /// The limit.
        limit: usize,
    },
    /// More sheets than the limit (`--max-sheets`).
    Sheets {
        /// How many the workbook holds.
        sheets: usize,
        /// The limit.
        limit: usize,
    },
    /// A CSV larger than phuluc reads.
    CsvBytes {
        /// Its size.
        bytes: u64,
        /// The most phuluc reads.
        limit: u64,
    },
    /// A CSV whose grid (rows × widest row) is larger than phuluc reads.
    CsvCells {
        /// The most cells.
        limit: usize,
    },
    /// Amounts that add up beyond any budget.
    Amounts,
}

impl Limit {
    fn words(&self, lang: crate::lang::Lang) -> String {
        use crate::lang::Lang::{En, Vi};
        let n = |v: u64| crate::number::format_vn(rust_decimal::Decimal::from(v));
        match (self, lang) {
            (Limit::FileBytes { bytes, limit }, Vi) => {
                format!("{} byte, quá giới hạn {} byte", n(*bytes), n(*limit))
            }
            (Limit::FileBytes { bytes, limit }, En) => {
                format!("{bytes} bytes, over the limit of {limit}")
            }
            (Limit::EntryBytes { entry, bytes, limit }, Vi) => format!(
                "{entry} sẽ bung ra {} byte, quá giới hạn {} byte (bom nén zip, hoặc trang tính quá lớn để kiểm tra)",
                n(*bytes),
                n(*limit)
            ),
            (Limit::EntryBytes { entry, bytes, limit }, En) => format!(
                "{entry} would inflate to {bytes} bytes, over the limit of {limit} (a zip bomb, or a sheet too large to check)"
            ),
            (Limit::InflateRatio { entry, packed, bytes }, Vi) => format!(
                "{entry} sẽ bung ra gấp {} lần ({} thành {} byte): bom nén zip; không trang tính thật nào nén được đến thế",
                bytes / (*packed).max(1),
                n(*packed),
                n(*bytes)
            ),
            (Limit::InflateRatio { entry, packed, bytes }, En) => format!(
                "{entry} would inflate {} times ({packed} to {bytes} bytes): a zip bomb; no real sheet compresses that much",
                bytes / (*packed).max(1)
            ),
            (Limit::Cells { limit }, Vi) => format!(
                "một trang tính có hơn {} ô; nếu tin tệp này, nâng giới hạn bằng --max-cells",
                n(*limit as u64)
            ),
            (Limit::Cells { limit }, En) => format!(
                "a sheet holds more than {limit} cells; raise the limit with --max-cells if the file is trusted"
            ),
            (Limit::Rectangle { sheet, extent, cells, total, limit }, Vi) => format!(
                "{} trải trên {extent} ({} ô), các trang tính cộng lại {} ô, mà định dạng này phải đọc trọn; quá giới hạn {} ô (một ô lạc ở rất xa, hoặc trang tính quá lớn để kiểm tra); nếu tin tệp này, nâng giới hạn bằng --max-cells",
                sheet.as_ref().map_or("một trang tính".to_string(), |s| format!("trang tính '{s}'")),
                n(*cells),
                n(*total),
                n(*limit as u64)
            ),
            (Limit::Rectangle { sheet, extent, cells, total, limit }, En) => format!(
                "{} spans {extent} ({cells} cells), and the workbook's sheets {total} cells in all, which this format is read as whole; over the limit of {limit} cells (a stray far cell, or a sheet too large to check); raise it with --max-cells if the file is trusted",
                sheet.as_ref().map_or("a sheet".to_string(), |s| format!("sheet '{s}'"))
            ),
            (Limit::Sheets { sheets, limit }, Vi) => format!(
                "bảng tính có {} trang, quá giới hạn {}; nếu tin tệp này, nâng giới hạn bằng --max-sheets",
                n(*sheets as u64),
                n(*limit as u64)
            ),
            (Limit::Sheets { sheets, limit }, En) => format!(
                "the workbook holds {sheets} sheets, over the limit of {limit}; raise it with --max-sheets if the file is trusted"
            ),
            (Limit::CsvBytes { bytes, limit }, Vi) => {
                format!("tệp CSV {} byte, quá giới hạn {} byte", n(*bytes), n(*limit))
            }
            (Limit::CsvBytes { bytes, limit }, En) => {
                format!("a CSV of {bytes} bytes, over the limit of {limit}")
            }
            (Limit::CsvCells { limit }, Vi) => {
                format!("tệp CSV có hơn {} ô", n(*limit as u64))
            }
            (Limit::CsvCells { limit }, En) => format!("a CSV of more than {limit} cells"),
            (Limit::Amounts, Vi) => "các số tiền cộng lại vượt mọi mức ngân sách".into(),
            (Limit::Amounts, En) => "the amounts add up beyond any budget".into(),
        }
    }
}

/// Why a CSV cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CsvProblem {
    /// The file is not UTF-8.
    NotUtf8,
    /// None of the columns of phuluc's layouts (`so_tien`, `tong`,
    /// `ket_qua`).
    NotExported,
    /// A column of the layout is missing.
    MissingColumn(String),
    /// A line the CSV reader cannot read (an unclosed quote…): the line
    /// and the reader's reason.
    Unreadable(u64, String),
    /// `o_nguon` does not name a cell: the line and what it says.
    NotACell(u64, String),
    /// An amount that is not a number: the line and what it says.
    NotAnAmount(u64, String),
    /// A header line and nothing under it.
    NoRows,
    /// The first item is on row 1 of its sheet, leaving no row for the
    /// header: the sheet.
    NoRoomForHeader(String),
    /// A sheet whose amounts add up beyond any budget: the sheet.
    Overflow(String),
    /// Two lines name the same cell in `o_nguon` (the second would
    /// overwrite the first): the line, the cell, the earlier line.
    SameCell(u64, String, u64),
}

impl CsvProblem {
    fn say(&self, lang: crate::lang::Lang) -> String {
        use crate::lang::Lang::{En, Vi};
        match (self, lang) {
            (CsvProblem::NotUtf8, Vi) => {
                "không phải UTF-8; phuluc import đọc tệp CSV mà phuluc export ghi".into()
            }
            (CsvProblem::NotUtf8, En) => {
                "not UTF-8; phuluc import reads the CSV phuluc export writes".into()
            }
            (CsvProblem::NotExported, Vi) => {
                "không phải tệp CSV do phuluc export ghi (không có cột so_tien, tong hay ket_qua)"
                    .into()
            }
            (CsvProblem::NotExported, En) => {
                "not a CSV exported by phuluc (no so_tien, tong or ket_qua column)".into()
            }
            (CsvProblem::MissingColumn(c), Vi) => format!("thiếu cột {c}"),
            (CsvProblem::MissingColumn(c), En) => format!("column {c} is missing"),
            (CsvProblem::Unreadable(n, e), Vi) => format!("dòng {n}: không đọc được ({e})"),
            (CsvProblem::Unreadable(n, e), En) => format!("line {n}: cannot be read ({e})"),
            (CsvProblem::NotACell(n, s), Vi) => format!("dòng {n}: o_nguon «{s}» không phải một ô"),
            (CsvProblem::NotACell(n, s), En) => format!("line {n}: o_nguon '{s}' is not a cell"),
            (CsvProblem::NotAnAmount(n, s), Vi) => format!("dòng {n}: «{s}» không phải số tiền"),
            (CsvProblem::NotAnAmount(n, s), En) => format!("line {n}: '{s}' is not an amount"),
            (CsvProblem::NoRows, Vi) => "tệp CSV không có dòng nào".into(),
            (CsvProblem::NoRows, En) => "the CSV has no rows".into(),
            (CsvProblem::NoRoomForHeader(s), Vi) => {
                format!("{s}: dòng đầu tiên ở hàng 1, không còn chỗ cho dòng tiêu đề")
            }
            (CsvProblem::NoRoomForHeader(s), En) => {
                format!("{s}: no room for a header above row 1")
            }
            (CsvProblem::Overflow(s), Vi) => {
                format!("{s}: các số tiền cộng lại vượt mọi ngân sách")
            }
            (CsvProblem::Overflow(s), En) => format!("{s}: the amounts add up beyond any budget"),
            (CsvProblem::SameCell(n, cell, first), Vi) => format!(
                "dòng {n}: o_nguon «{cell}» là ô mà dòng {first} đã đặt; không đặt được hai lần"
            ),
            (CsvProblem::SameCell(n, cell, first), En) => format!(
                "line {n}: o_nguon '{cell}' is the cell line {first} already placed; it cannot be placed twice"
            ),
        }
    }
}

/// The underlying error a [`Problem`] came from, kept for
/// [`std::error::Error::source`].
type Cause = Arc<dyn std::error::Error + Send + Sync + 'static>;

/// A problem with one file: the one error type of the library.
#[derive(Debug, Clone)]
pub struct Error {
    /// The file concerned.
    pub path: PathBuf,
    /// What went wrong.
    pub problem: Problem,
    cause: Option<Cause>,
}

impl PartialEq for Error {
    /// Errors are equal when they say the same about the same file,
    /// whatever their causes.
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path && self.problem == other.problem
    }
}

impl Eq for Error {}

impl Error {
    /// Creates an error about `path`.
    pub fn new(path: &Path, problem: Problem) -> Self {
        Error {
            path: path.to_path_buf(),
            problem,
            cause: None,
        }
    }

    /// Creates an error about `path` that `cause` led to; `source()`
    /// returns it.
    ///
    /// ```
    /// use std::error::Error as _;
    /// let io = std::io::Error::new(std::io::ErrorKind::NotFound, "gone");
    /// let e = phuluc::Error::caused_by("a.xlsx".as_ref(), phuluc::Problem::Open(io.to_string()), io);
    /// assert_eq!(e.source().unwrap().to_string(), "gone");
    /// ```
    pub fn caused_by<E>(path: &Path, problem: Problem, cause: E) -> Self
    where
        E: std::error::Error + Send + Sync + 'static,
    {
        Error {
            path: path.to_path_buf(),
            problem,
            cause: Some(Arc::new(cause)),
        }
    }
}

impl Error {
    /// The one line that says what is wrong and what to do, in a language.
    ///
    /// ```
    /// use phuluc::{Error, Problem, report::lang::Lang};
    /// let e = Error::new("a.xlsx".as_ref(), Problem::Encrypted);
    /// assert!(e.message(Lang::Vi).starts_with("a.xlsx: bảng tính có mật khẩu"));
    /// assert!(e.message(Lang::En).starts_with("a.xlsx: the workbook is password protected"));
    /// ```
    pub fn message(&self, lang: crate::lang::Lang) -> String {
        match lang {
            crate::lang::Lang::En => self.to_string(),
            crate::lang::Lang::Vi => self.vietnamese(),
        }
    }

    /// The system's reason in Vietnamese when the cause is a common I/O
    /// error; else the reason as given.
    fn os_reason<'a>(&self, given: &'a str) -> std::borrow::Cow<'a, str> {
        use std::io::ErrorKind as K;
        let kind = self
            .cause
            .as_deref()
            .and_then(|c| c.downcast_ref::<std::io::Error>())
            .map(std::io::Error::kind);
        match kind {
            Some(K::NotFound) => "không có tệp hay thư mục này".into(),
            Some(K::PermissionDenied) => "không có quyền".into(),
            Some(K::AlreadyExists) => "đã có".into(),
            Some(K::IsADirectory) => "là một thư mục".into(),
            Some(K::StorageFull) => "hết chỗ trên đĩa".into(),
            Some(K::ReadOnlyFilesystem) => "ổ đĩa chỉ đọc".into(),
            _ => given.into(),
        }
    }

    fn vietnamese(&self) -> String {
        let p = self.path.display();
        match &self.problem {
            Problem::Open(e) => format!("{p}: không mở được: {}", self.os_reason(e)),
            Problem::Encrypted => format!(
                "{p}: bảng tính có mật khẩu; mở bằng Excel, bỏ mật khẩu (Tệp › Thông tin › Bảo vệ sổ làm việc) rồi lưu một bản"
            ),
            Problem::Empty => format!("{p}: tệp rỗng"),
            Problem::NotAWorkbook(e) => format!(
                "{p}: không phải bảng tính phuluc đọc được ({e}); phuluc đọc .xlsx, .xlsm, .xls, .xlsb, .ods và .csv UTF-8"
            ),
            Problem::Corrupt(e) => format!(
                "{p}: tệp bị hỏng ({}); mở và lưu lại bằng Excel hoặc LibreOffice",
                damage_in_vietnamese(e)
            ),
            Problem::Encoding(e) => format!(
                "{p}: {e}; lưu CSV dạng UTF-8 (Excel: Lưu thành › CSV UTF-8)"
            ),
            Problem::TooLarge(e) => format!(
                "{p}: quá lớn: {}",
                e.words(crate::lang::Lang::Vi)
            ),
            Problem::NoSuchSheet(s) => format!("{p}: không có trang tính tên '{s}'"),
            Problem::Exists => format!(
                "{p}: đã có; chọn tên khác hoặc thêm --force để ghi đè"
            ),
            Problem::Write(e) => format!("{p}: không ghi được: {}", self.os_reason(e)),
            Problem::NoInput => format!(
                "{p}: không có bảng tính hay tệp CSV nào (.xlsx, .xlsm, .xls, .xlsb, .ods, .csv; thư mục được đọc cả thư mục con)"
            ),
            Problem::NoTable => format!(
                "{p}: không tìm thấy bảng phụ lục (dòng tiêu đề có STT và Nội dung, hoặc tên tương đương); không kiểm tra gì"
            ),
            Problem::AmbiguousColumns(what) => format!(
                "{p}: không phân biệt được cột số tiền nào là kinh phí ({what}): không có cột năm, không có cột tổng; không tính, không xuất bảng nào"
            ),
            Problem::Refused(reasons) => format!(
                "{p}: không ghi: {}; đây là lỗi của phuluc, xin báo kèm tệp đầu vào — chưa ghi gì",
                reasons.iter().map(|r| r.vi.as_str()).collect::<Vec<_>>().join("; ")
            ),
            Problem::Csv(c) => format!("{p}: {}", c.say(crate::lang::Lang::Vi)),
            Problem::NoUnit(table) => format!(
                "{p}: {table}: bảng không ghi đơn vị tính nên không đổi được số tiền; thêm «Đơn vị tính: …» hoặc bỏ --unit"
            ),
            Problem::OnlyEstimates => format!(
                "{p}: chỉ có bảng dự toán (mã hiệu, khối lượng, đơn giá, cách tính), mà tệp CSV phụ lục không chứa được; kiểm tra chúng bằng phuluc check"
            ),
            Problem::BadAliases(why) => format!(
                "{p}: không phải tệp tên gọi khác phuluc đọc được ({why}); xem docs/reconcile.md"
            ),
            Problem::BadRates(why) => format!(
                "{p}: không phải tệp tỷ lệ phuluc đọc được ({why}); xem docs/RATES.md"
            ),
            Problem::Build(e) => format!(
                "{p}: không dựng được bảng tính ({e}); đây là lỗi của phuluc, xin báo kèm tệp đầu vào — chưa ghi gì"
            ),
            Problem::NotWritten(why) => format!("{p}: không ghi: {}", why.say(crate::lang::Lang::Vi)),
            // The system's reason in Vietnamese where it is a common one.
            Problem::NotRead(NotRead::Folder(why)) => format!(
                "{p}: {}",
                NotRead::Folder(self.os_reason(why).into_owned()).say(crate::lang::Lang::Vi)
            ),
            Problem::NotRead(why) => format!("{p}: {}", why.say(crate::lang::Lang::Vi)),
            Problem::Skipped(why) => format!("{p}: {}", why.say(crate::lang::Lang::Vi)),
            Problem::Internal(e) => format!(
                "{p}: lỗi nội bộ ({e}); xin báo kèm tệp này — các tệp khác vẫn được kiểm tra"
            ),
        }
    }
}

/// The reasons phuluc's own readers give for a damaged file, in
/// Vietnamese (calamine's own reasons stay as it words them).
fn damage_in_vietnamese(reason: &str) -> String {
    const PHRASES: [(&str, &str); 5] = [
        (
            "the sheet's data does not match its checksum (bad CRC-32)",
            "dữ liệu trang tính không khớp tổng kiểm tra (CRC-32 sai)",
        ),
        (
            "its data does not match its checksum (bad CRC-32)",
            "dữ liệu không khớp tổng kiểm tra (CRC-32 sai)",
        ),
        ("is not well-formed XML", "không phải XML đúng dạng"),
        (
            "an element is never closed",
            "có phần tử không bao giờ được đóng",
        ),
        (
            "read after the workbook was closed",
            "đọc sau khi bảng tính đã đóng",
        ),
    ];
    let mut said = reason.to_string();
    for (en, vi) in PHRASES {
        said = said.replace(en, vi);
    }
    said
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = self.path.display();
        match &self.problem {
            Problem::Open(e) => write!(f, "{p}: cannot open: {e}"),
            Problem::Encrypted => write!(
                f,
                "{p}: the workbook is password protected; open it in Excel, remove the password (File › Info › Protect Workbook) and save a copy"
            ),
            Problem::Empty => write!(f, "{p}: the file is empty"),
            Problem::NotAWorkbook(e) => write!(
                f,
                "{p}: not a spreadsheet phuluc can read ({e}); phuluc reads .xlsx, .xlsm, .xls, .xlsb, .ods and UTF-8 .csv"
            ),
            Problem::Corrupt(e) => write!(
                f,
                "{p}: the workbook is damaged ({e}); open and re-save it in Excel or LibreOffice"
            ),
            Problem::Encoding(e) => write!(
                f,
                "{p}: {e}; save the CSV as UTF-8 (Excel: Save As › CSV UTF-8)"
            ),
            Problem::TooLarge(e) => write!(
                f,
                "{p}: too large: {}",
                e.words(crate::lang::Lang::En)
            ),
            Problem::NoSuchSheet(s) => write!(f, "{p}: no sheet named '{s}'"),
            Problem::Exists => write!(
                f,
                "{p}: already exists; choose another name or pass --force to replace it"
            ),
            Problem::Write(e) => write!(f, "{p}: cannot write: {e}"),
            Problem::NoInput => write!(
                f,
                "{p}: no workbook or CSV file here (.xlsx, .xlsm, .xls, .xlsb, .ods, .csv; folders are read with their subfolders)"
            ),
            Problem::NoTable => write!(
                f,
                "{p}: no appendix table found (a header row with STT and Nội dung, or their synonyms); nothing was checked"
            ),
            Problem::AmbiguousColumns(what) => write!(
                f,
                "{p}: which amount column is the spending cannot be told ({what}): no year column, no total column; no table was counted or exported"
            ),
            Problem::Refused(reasons) => write!(
                f,
                "{p}: not written: {}; this is a fault of phuluc's, please report it with the input — nothing was written",
                reasons.iter().map(|r| r.en.as_str()).collect::<Vec<_>>().join("; ")
            ),
            Problem::Csv(c) => write!(f, "{p}: {}", c.say(crate::lang::Lang::En)),
            Problem::NoUnit(table) => write!(
                f,
                "{p}: {table}: the table states no unit, so its amounts cannot be converted; add \"Đơn vị tính: …\" or leave out --unit"
            ),
            Problem::OnlyEstimates => write!(
                f,
                "{p}: only cost-estimate tables (codes, quantities, prices, computations), which the appendix CSV cannot carry; check them with phuluc check"
            ),
            Problem::BadAliases(why) => write!(
                f,
                "{p}: not an alias file phuluc reads ({why}); see docs/reconcile.md"
            ),
            Problem::BadRates(why) => write!(
                f,
                "{p}: not a rates file phuluc reads ({why}); see docs/RATES.md"
            ),
            Problem::Build(e) => write!(
                f,
                "{p}: the workbook could not be built ({e}); this is a fault of phuluc's, please report it with the input — nothing was written"
            ),
            Problem::NotWritten(why) => write!(f, "{p}: not written: {}", why.say(crate::lang::Lang::En)),
            Problem::NotRead(why) => write!(f, "{p}: {}", why.say(crate::lang::Lang::En)),
            Problem::Skipped(why) => write!(f, "{p}: {}", why.say(crate::lang::Lang::En)),
            Problem::Internal(e) => write!(
                f,
                "{p}: internal error ({e}); please report it with this file — the other files were checked"
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause
            .as_deref()
            .map(|c| c as &(dyn std::error::Error + 'static))
    }
}
