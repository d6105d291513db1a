//! Errors that stop a file from being read or written. Each renders as one
//! line that names the file, says what is wrong and, where it can, what to do.

use std::fmt;
use std::path::{Path, PathBuf};

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
    /// Larger than phuluc accepts.
    TooLarge(String),
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
    /// phuluc itself failed on this file (a bug); the other files go on.
    Internal(String),
    /// A workbook phuluc built failed its own check and was not written:
    /// every reason.
    Refused(Vec<String>),
}

/// A problem with one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The file concerned.
    pub path: PathBuf,
    /// What went wrong.
    pub problem: Problem,
}

impl Error {
    /// Creates an error about `path`.
    pub fn new(path: &Path, problem: Problem) -> Self {
        Error {
            path: path.to_path_buf(),
            problem,
        }
    }
}

impl Error {
    /// The one line that says what is wrong and what to do, in a language.
    ///
    /// ```
    /// use phuluc::{Error, Problem, lang::Lang};
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

    fn vietnamese(&self) -> String {
        let p = self.path.display();
        match &self.problem {
            Problem::Open(e) => format!("{p}: không mở được: {e}"),
            Problem::Encrypted => format!(
                "{p}: bảng tính có mật khẩu; mở bằng Excel, bỏ mật khẩu (Tệp › Thông tin › Bảo vệ sổ làm việc) rồi lưu một bản"
            ),
            Problem::Empty => format!("{p}: tệp rỗng"),
            Problem::NotAWorkbook(e) => format!(
                "{p}: không phải bảng tính phuluc đọc được ({e}); phuluc đọc .xlsx, .xlsm, .xls, .xlsb, .ods và .csv UTF-8"
            ),
            Problem::Corrupt(e) => format!(
                "{p}: tệp bị hỏng ({e}); mở và lưu lại bằng Excel hoặc LibreOffice"
            ),
            Problem::Encoding(e) => format!(
                "{p}: {e}; lưu CSV dạng UTF-8 (Excel: Lưu thành › CSV UTF-8)"
            ),
            Problem::TooLarge(e) => format!("{p}: quá lớn: {e}"),
            Problem::NoSuchSheet(s) => format!("{p}: không có trang tính tên '{s}'"),
            Problem::Exists => format!(
                "{p}: đã có; chọn tên khác hoặc thêm --force để ghi đè"
            ),
            Problem::Write(e) => format!("{p}: không ghi được: {e}"),
            Problem::NoInput => format!(
                "{p}: không có bảng tính hay tệp CSV nào (.xlsx, .xlsm, .xls, .xlsb, .ods, .csv; thư mục được đọc cả thư mục con)"
            ),
            Problem::NoTable => format!(
                "{p}: không tìm thấy bảng phụ lục (dòng tiêu đề có STT và Nội dung, hoặc tên tương đương); không kiểm tra gì"
            ),
            Problem::Refused(reasons) => format!(
                "{p}: không ghi: {}; đây là lỗi của phuluc, xin báo kèm tệp đầu vào — chưa ghi gì",
                reasons.join("; ")
            ),
            Problem::Internal(e) => format!(
                "{p}: lỗi nội bộ ({e}); xin báo kèm tệp này — các tệp khác vẫn được kiểm tra"
            ),
        }
    }
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
            Problem::TooLarge(e) => write!(f, "{p}: too large: {e}"),
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
            Problem::Refused(reasons) => write!(
                f,
                "{p}: not written: {}; this is a fault of phuluc's, please report it with the input — nothing was written",
                reasons.join("; ")
            ),
            Problem::Internal(e) => write!(
                f,
                "{p}: internal error ({e}); please report it with this file — the other files were checked"
            ),
        }
    }
}

impl std::error::Error for Error {}
