//! A bounded walk over the sector chains of an OLE compound file (.xls, and
//! encrypted OOXML) before calamine reads it: calamine follows chains until
//! their end marker, so a chain that loops back on itself (a damaged or
//! hostile file) would never end. Here every chain may visit each sector
//! once at most.

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const FREE: u32 = 0xFFFF_FFFF;
const RESERVED: u32 = 0xFFFF_FFFA;

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

struct File<'a> {
    bytes: &'a [u8],
    sector_size: usize,
    sectors: usize,
}

impl<'a> File<'a> {
    fn sector(&self, id: u32) -> Result<&'a [u8], String> {
        let id = id as usize;
        if id >= self.sectors {
            return Err(format!("sector {id} lies beyond the end of the file"));
        }
        let start = (id + 1) * self.sector_size;
        let end = (start + self.sector_size).min(self.bytes.len());
        Ok(&self.bytes[start..end])
    }

    /// Follows a chain through `fat`, refusing loops and strays.
    fn walk(&self, start: u32, fat: &[u32], what: &str) -> Result<Vec<u32>, String> {
        let mut chain = Vec::new();
        let mut id = start;
        while id != END_OF_CHAIN && id != FREE {
            if id >= RESERVED || id as usize >= fat.len() {
                return Err(format!(
                    "the {what} chain points to sector {id}, outside the file"
                ));
            }
            if chain.len() > fat.len() {
                return Err(format!("the {what} chain loops"));
            }
            chain.push(id);
            id = fat[id as usize];
        }
        Ok(chain)
    }
}

/// A compound file's allocation tables and directory entries.
struct Compound<'a> {
    file: File<'a>,
    fat: Vec<u32>,
    minifat: Vec<u32>,
    /// The 128-byte directory entries, in directory order.
    entries: Vec<&'a [u8]>,
}

fn table(file: &File<'_>, ids: impl IntoIterator<Item = u32>) -> Result<Vec<u32>, String> {
    let mut out = Vec::new();
    for id in ids {
        let s = file.sector(id)?;
        out.extend(
            s.chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])),
        );
    }
    Ok(out)
}

fn parse(bytes: &[u8]) -> Result<Compound<'_>, String> {
    if bytes.len() < 512 {
        return Err("the file is shorter than its header".into());
    }
    let shift = u16::from_le_bytes([bytes[0x1E], bytes[0x1F]]);
    let sector_size = match shift {
        9 => 512,
        12 => 4096,
        other => return Err(format!("sector size 2^{other} is not valid")),
    };
    let file = File {
        bytes,
        sector_size,
        sectors: (bytes.len() - 512).div_ceil(sector_size),
    };
    let field = |at| u32_at(bytes, at).unwrap_or(END_OF_CHAIN);
    let (dir_start, minifat_start, difat_start) = (field(0x30), field(0x3C), field(0x44));

    // The DIFAT: 109 entries in the header, then its own chain.
    let mut difat: Vec<u32> = (0..109)
        .filter_map(|i| u32_at(bytes, 0x4C + 4 * i))
        .collect();
    let mut next = difat_start;
    let mut hops = 0;
    while next < RESERVED {
        hops += 1;
        if hops > file.sectors {
            return Err("the DIFAT chain loops".into());
        }
        let s = file.sector(next)?;
        let entries: Vec<u32> = s
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        let (last, rest) = entries.split_last().ok_or("empty DIFAT sector")?;
        difat.extend_from_slice(rest);
        next = *last;
    }
    let fat = table(&file, difat.into_iter().filter(|id| *id < RESERVED))?;
    let dirs = file.walk(dir_start, &fat, "directory")?;
    let minifat = table(&file, file.walk(minifat_start, &fat, "mini FAT")?)?;
    let mut entries = Vec::new();
    for id in dirs {
        let s = file.sector(id)?;
        entries.extend(s.chunks_exact(128));
    }
    Ok(Compound {
        file,
        fat,
        minifat,
        entries,
    })
}

impl Compound<'_> {
    /// Follows a mini stream's chain through the mini FAT.
    fn walk_mini(&self, start: u32) -> Result<Vec<u32>, String> {
        let mut chain = Vec::new();
        let mut id = start;
        while id != END_OF_CHAIN && id != FREE {
            if id >= RESERVED
                || id as usize >= self.minifat.len()
                || chain.len() > self.minifat.len()
            {
                return Err("a mini stream chain is broken".into());
            }
            chain.push(id);
            id = self.minifat[id as usize];
        }
        Ok(chain)
    }

    /// The bytes of a stream's sectors, in chain order, cut to its size.
    fn read(&self, entry: &[u8]) -> Result<Vec<u8>, String> {
        let start = u32_at(entry, 0x74).unwrap_or(END_OF_CHAIN);
        let size = u32_at(entry, 0x78).unwrap_or(0) as usize;
        let mut out = Vec::with_capacity(size.min(self.file.bytes.len()));
        if size >= 4096 {
            for id in self.file.walk(start, &self.fat, "stream")? {
                out.extend_from_slice(self.file.sector(id)?);
            }
        } else {
            // Small streams live in 64-byte sectors of the root's stream.
            let root = self
                .entries
                .iter()
                .find(|e| e[0x42] == 5)
                .ok_or("no root entry")?;
            let container = self.read_big(root)?;
            for id in self.walk_mini(start)? {
                let at = id as usize * 64;
                out.extend_from_slice(
                    container
                        .get(at..at + 64)
                        .ok_or("mini sector outside its stream")?,
                );
            }
        }
        out.truncate(size);
        Ok(out)
    }

    fn read_big(&self, entry: &[u8]) -> Result<Vec<u8>, String> {
        let start = u32_at(entry, 0x74).unwrap_or(END_OF_CHAIN);
        let mut out = Vec::new();
        for id in self.file.walk(start, &self.fat, "root")? {
            out.extend_from_slice(self.file.sector(id)?);
        }
        Ok(out)
    }
}

/// An entry's name (UTF-16 in the directory).
fn entry_name(entry: &[u8]) -> String {
    let len = (u16::from_le_bytes([entry[0x40], entry[0x41]]) as usize).min(64);
    let units: Vec<u16> = entry[..len]
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .take_while(|u| *u != 0)
        .collect();
    String::from_utf16_lossy(&units)
}

/// The bytes of the first stream named one of `names` (an .xls keeps its
/// sheets in "Workbook", or "Book" before Excel 97), if there is one.
pub fn stream(bytes: &[u8], names: &[&str]) -> Option<Vec<u8>> {
    let c = parse(bytes).ok()?;
    let entry = c
        .entries
        .iter()
        .find(|e| e[0x42] == 2 && names.iter().any(|n| entry_name(e).eq_ignore_ascii_case(n)))?;
    c.read(entry).ok()
}

/// Checks the chains of a compound file; `Err` names what is broken.
pub fn check(bytes: &[u8]) -> Result<(), String> {
    let c = parse(bytes)?;
    for entry in &c.entries {
        let kind = entry[0x42];
        let start = u32_at(entry, 0x74).unwrap_or(END_OF_CHAIN);
        let size = u32_at(entry, 0x78).unwrap_or(0);
        match kind {
            5 => {
                c.file.walk(start, &c.fat, "mini stream")?;
            }
            2 if size >= 4096 => {
                c.file.walk(start, &c.fat, "stream")?;
            }
            2 if size > 0 => {
                c.walk_mini(start)?;
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_files_are_refused() {
        assert!(check(&[0u8; 100]).is_err());
    }

    #[test]
    fn a_directory_chain_that_loops_is_refused() {
        let mut b = vec![0u8; 512 * 3];
        b[0x1E] = 9; // 512-byte sectors
        b[0x30..0x34].copy_from_slice(&1u32.to_le_bytes()); // directory at sector 1
        b[0x3C..0x40].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        b[0x44..0x48].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        for i in 0..109 {
            b[0x4C + 4 * i..0x50 + 4 * i].copy_from_slice(&FREE.to_le_bytes());
        }
        b[0x4C..0x50].copy_from_slice(&0u32.to_le_bytes()); // FAT in sector 0
                                                            // FAT: sector 0 is the FAT, sector 1 points to itself.
        let fat = 512;
        b[fat..fat + 4].copy_from_slice(&0xFFFF_FFFDu32.to_le_bytes());
        b[fat + 4..fat + 8].copy_from_slice(&1u32.to_le_bytes());
        assert_eq!(check(&b), Err("the directory chain loops".into()));
    }
}
