//! A list file read as a stream, once, as its parser goes: its bytes are hashed, checked to be
//! UTF-8 and counted into lines on their way, so a list's memory is bounded by a buffer, not by
//! the file. A byte-order mark is dropped, and so are the DOS end-of-file bytes (0x1A) that end
//! OFAC's files; UTF-16 is refused with how to convert it, and a file whose length changes while
//! it is read (still being downloaded or copied) is refused as cut off.

use crate::error::{Error, Refusal, Result};
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::{self, BufRead, Read};
use std::rc::Rc;

/// One file to import: its name (for messages) and a reader of its bytes, read once.
pub struct InputFile<'a> {
    /// The file's name or path as the user gave it: used in messages, and searched for an
    /// as-of date when the contents carry none.
    pub name: &'a str,
    size: Option<u64>,
    reader: RefCell<Option<Box<dyn Read + 'a>>>,
    trace: Trace,
}

impl<'a> InputFile<'a> {
    /// A file whose bytes `reader` gives; `size` is its length as the file system told it when
    /// it was opened: what progress is reported against, and what must be read, or the file
    /// changed while it was read (a download or copy still being written) and is refused.
    pub fn new(name: &'a str, reader: impl Read + 'a, size: u64) -> Self {
        Self::with_size(name, reader, Some(size))
    }

    /// A stream whose length is not known (standard input): read to its end, whatever it is.
    pub fn streamed(name: &'a str, reader: impl Read + 'a) -> Self {
        Self::with_size(name, reader, None)
    }

    fn with_size(name: &'a str, reader: impl Read + 'a, size: Option<u64>) -> Self {
        let state = State { name: name.to_owned(), line: 1, size, ..State::default() };
        InputFile {
            name,
            size,
            reader: RefCell::new(Some(Box::new(reader))),
            trace: Trace(Rc::new(RefCell::new(state))),
        }
    }

    /// A file already in memory (a test's, a fuzz target's).
    pub fn from_bytes(name: &'a str, bytes: &'a [u8]) -> Self {
        Self::new(name, bytes, bytes.len() as u64)
    }

    /// The file's length in bytes, as given (0 for a stream of unknown length).
    pub fn size(&self) -> u64 {
        self.size.unwrap_or(0)
    }

    /// The file as a stream of checked UTF-8 text; a file is opened once.
    pub(super) fn open(&self, tracking: Tracking) -> Result<Stream<'a>> {
        let inner = self.reader.borrow_mut().take().ok_or_else(|| {
            Error::Internal(format!("{}: the file was read already (a list file is read once)", self.name))
        })?;
        self.trace.0.borrow_mut().tracking = tracking;
        let buf = vec![0; BUFFER].into_boxed_slice();
        Ok(Stream { inner, buf, pos: 0, ready: 0, end: 0, sniffed: false, trace: self.trace.clone() })
    }

    /// The SHA-256 of the file's bytes, once it has been read to its end.
    pub(super) fn digest(&self) -> Result<[u8; 32]> {
        self.trace.0.borrow().digest.ok_or_else(|| {
            Error::Internal(format!("{}: the file was not read to its end, so it has no hash", self.name))
        })
    }
}

/// How much of a file is read at a time.
const BUFFER: usize = 64 << 10;

/// What a parser needs counted as the bytes go by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) enum Tracking {
    /// Nothing: the parser counts its own lines, or its format reports them.
    #[default]
    Nothing,
    /// The line of any offset the parser asks about (`Trace::line_before`), offsets asked in
    /// order.
    Lines,
    /// Lines, and the quotes of CSV fields separated by `delimiter`: a quoted field still open
    /// at the end is a cut-off file (`Trace::unclosed_quote`).
    Csv { delimiter: u8 },
}

/// Where a CSV quote stands, read as RFC 4180 does (`""` inside a quoted field is a quote; a
/// quote inside an unquoted field is a character).
#[derive(Debug, Clone, Copy)]
enum Quote {
    /// Outside quotes; whether the next byte starts a field.
    Out { field_start: bool },
    /// Inside a quoted field opened on `line`.
    In { line: u64 },
    /// A quote inside a quoted field: it closes the field unless another quote follows.
    Closing { line: u64 },
}

impl Default for Quote {
    fn default() -> Self {
        Quote::Out { field_start: true }
    }
}

#[derive(Default)]
struct State {
    name: String,
    /// The length the file had when opened, when known.
    size: Option<u64>,
    tracking: Tracking,
    hash: Sha256,
    /// Bytes read from the file.
    read: u64,
    /// Bytes handed on: the offsets a parser sees.
    emitted: u64,
    /// The lines of the bytes handed on so far (1 before any newline).
    scanned: u64,
    /// The offsets of the newlines handed on that no `line_before` has passed yet.
    newlines: VecDeque<u64>,
    /// The line of the last offset asked about.
    line: u64,
    quote: Quote,
    digest: Option<[u8; 32]>,
    /// Why reading stopped, for the parser to report in place of its reader's error.
    failure: Option<Error>,
}

/// A parser's view of how its file is being read.
#[derive(Clone)]
pub(super) struct Trace(Rc<RefCell<State>>);

impl Trace {
    /// The line of byte `pos` of the text (newlines before it, plus one); `pos` must not
    /// decrease between calls. Counted only when reading with `Tracking::Lines` or `Csv`.
    pub(super) fn line_before(&self, pos: u64) -> u64 {
        let mut s = self.0.borrow_mut();
        while s.newlines.front().is_some_and(|&n| n < pos) {
            s.newlines.pop_front();
            s.line += 1;
        }
        s.line
    }

    /// Why the reader failed (not UTF-8, UTF-16, an I/O error), when it did; else `e`, the
    /// parser's own error.
    pub(super) fn or(&self, e: Error) -> Error {
        self.0.borrow_mut().failure.take().unwrap_or(e)
    }

    /// Once the file is read to its end: the line of a CSV quote that opened a field and was
    /// never closed, the mark of a cut-off download.
    pub(super) fn unclosed_quote(&self) -> Option<u64> {
        let s = self.0.borrow();
        match (s.digest, s.tracking, s.quote) {
            (Some(_), Tracking::Csv { .. }, Quote::In { line }) => Some(line),
            _ => None,
        }
    }

    /// The refusal of a file cut off inside a quoted field.
    pub(super) fn truncated(&self, line: u64) -> Error {
        let name = &self.0.borrow().name;
        Error::refused(
            Refusal::Truncated,
            format!("{name}: line {line}: the quote opened here is never closed: the file is cut off or damaged"),
        )
    }

    /// Stops counting lines and quotes (a file found to be JSON after a look at its start).
    pub(super) fn stop_tracking(&self) {
        let mut s = self.0.borrow_mut();
        s.tracking = Tracking::Nothing;
        s.newlines = VecDeque::new();
    }
}

/// Whether the start of a file looks like UTF-16 (a byte-order mark, or many zero bytes).
pub(super) fn utf16(head: &[u8]) -> bool {
    let head = &head[..head.len().min(512)];
    head.starts_with(&[0xFF, 0xFE])
        || head.starts_with(&[0xFE, 0xFF])
        || (head.len() >= 4 && head.iter().filter(|b| **b == 0).count() * 4 >= head.len())
}

/// The refusal of UTF-16 text, with how to convert it.
pub(super) fn utf16_refusal(name: &str) -> Error {
    Error::refused(
        Refusal::Encoding,
        format!(
            "{name}: the file is UTF-16 text; save it as UTF-8 (in Excel: \"CSV UTF-8\"; or run `iconv -f UTF-16 -t UTF-8 {name} > utf8.csv`)"
        ),
    )
}

/// A file's checked text as it is read: the bytes handed on are whole UTF-8 characters.
pub(super) struct Stream<'a> {
    inner: Box<dyn Read + 'a>,
    buf: Box<[u8]>,
    /// The next byte to hand on.
    pos: usize,
    /// The end of the checked bytes that may be handed on; what follows up to `end` is held
    /// back (part of a character, or 0x1A bytes that may end the file).
    ready: usize,
    end: usize,
    /// Whether the start of the file was checked (for UTF-16 and a byte-order mark).
    sniffed: bool,
    trace: Trace,
}

impl Stream<'_> {
    /// The trace of this stream, for the parser's lines and errors.
    pub(super) fn trace(&self) -> Trace {
        self.trace.clone()
    }

    fn fail(&self, e: Error) -> io::Error {
        self.trace.0.borrow_mut().failure = Some(e);
        io::Error::other("the list file could not be read")
    }

    /// Reads more of the file until there are bytes to hand on or it ends.
    fn fill(&mut self) -> io::Result<()> {
        loop {
            if self.trace.0.borrow().digest.is_some() {
                return Ok(());
            }
            self.buf.copy_within(self.ready..self.end, 0);
            self.end -= self.ready;
            (self.pos, self.ready) = (0, 0);
            let n = match self.inner.read(&mut self.buf[self.end..]) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    let name = self.trace.0.borrow().name.clone();
                    let message = format!("{name}: {e}");
                    return Err(self.fail(Error::Io { path: name.into(), kind: e.kind(), message }));
                }
            };
            {
                let mut s = self.trace.0.borrow_mut();
                s.hash.update(&self.buf[self.end..self.end + n]);
                s.read += n as u64;
            }
            self.end += n;
            let eof = n == 0;
            if !self.sniffed {
                // The start of the file, once there is enough of it to tell UTF-16.
                if !eof && self.end < 512 {
                    continue;
                }
                self.sniffed = true;
                if utf16(&self.buf[..self.end]) {
                    let name = self.trace.0.borrow().name.clone();
                    return Err(self.fail(utf16_refusal(&name)));
                }
                if self.buf[..self.end].starts_with(b"\xEF\xBB\xBF") {
                    self.buf.copy_within(3..self.end, 0);
                    self.end -= 3;
                }
            }
            // 0x1A bytes that end the file are dropped; before the end they are held back.
            let mut body = self.end;
            while body > 0 && self.buf[body - 1] == 0x1A {
                body -= 1;
            }
            let valid = match std::str::from_utf8(&self.buf[..body]) {
                Ok(_) => body,
                Err(e) if e.error_len().is_none() && !eof => e.valid_up_to(),
                Err(e) => {
                    let before = self.buf[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() as u64;
                    let (name, line) = {
                        let s = self.trace.0.borrow();
                        (s.name.clone(), s.scanned.max(1) + before)
                    };
                    return Err(self.fail(not_utf8(&name, line)));
                }
            };
            // A buffer of nothing but 0x1A bytes is handed on.
            let ready = if valid == 0 && self.end == self.buf.len() { self.end } else { valid };
            self.scan(ready);
            self.ready = ready;
            if eof {
                self.end = ready;
                let changed = {
                    let s = self.trace.0.borrow();
                    s.size.filter(|&size| size != s.read).map(|size| changed(&s.name, size, s.read))
                };
                if let Some(e) = changed {
                    return Err(self.fail(e));
                }
                let mut s = self.trace.0.borrow_mut();
                let digest = std::mem::take(&mut s.hash).finalize();
                s.digest = Some(digest.into());
                return Ok(());
            }
            if ready > 0 {
                return Ok(());
            }
        }
    }

    /// Counts the lines (and quotes) of `buf[..ready]`, the bytes about to be handed on.
    fn scan(&mut self, ready: usize) {
        let mut s = self.trace.0.borrow_mut();
        let s = &mut *s;
        if s.scanned == 0 {
            s.scanned = 1;
        }
        let bytes = &self.buf[..ready];
        match s.tracking {
            Tracking::Nothing => s.scanned += bytes.iter().filter(|b| **b == b'\n').count() as u64,
            Tracking::Lines => {
                for (i, _) in bytes.iter().enumerate().filter(|(_, b)| **b == b'\n') {
                    s.newlines.push_back(s.emitted + i as u64);
                    s.scanned += 1;
                }
            }
            Tracking::Csv { delimiter } => {
                let starts = |c: u8| c == delimiter || c == b'\n' || c == b'\r';
                let mut q = s.quote;
                for (i, &c) in bytes.iter().enumerate() {
                    q = match q {
                        Quote::Out { field_start } if c == b'"' && field_start => Quote::In { line: s.scanned },
                        Quote::Out { .. } => Quote::Out { field_start: starts(c) },
                        Quote::In { line } if c == b'"' => Quote::Closing { line },
                        Quote::In { .. } => q,
                        Quote::Closing { line } if c == b'"' => Quote::In { line },
                        Quote::Closing { .. } => Quote::Out { field_start: starts(c) },
                    };
                    if c == b'\n' {
                        s.newlines.push_back(s.emitted + i as u64);
                        s.scanned += 1;
                    }
                }
                s.quote = q;
            }
        }
        s.emitted += ready as u64;
    }
}

/// The refusal of a file whose length changed while it was read.
fn changed(name: &str, size: u64, read: u64) -> Error {
    let how = if read < size { "got shorter" } else { "grew" };
    Error::refused(
        Refusal::Truncated,
        format!(
            "{name}: the file {how} while it was read ({size} bytes when opened, {read} read): it is still being \
             written or copied; import it once it is complete"
        ),
    )
}

/// The refusal of bytes that are not UTF-8, at `line`.
pub(super) fn not_utf8(name: &str, line: u64) -> Error {
    Error::refused(Refusal::Encoding, format!("{name}: line {line}: not UTF-8 text (save the file as UTF-8)"))
}

impl BufRead for Stream<'_> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos == self.ready {
            self.fill()?;
        }
        Ok(&self.buf[self.pos..self.ready])
    }

    fn consume(&mut self, amt: usize) {
        self.pos = (self.pos + amt).min(self.ready);
    }
}

impl Read for Stream<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = {
            let avail = self.fill_buf()?;
            let n = avail.len().min(out.len());
            out[..n].copy_from_slice(&avail[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out its bytes a few at a time, to split characters and lines.
    struct Drip<'a>(&'a [u8], usize);

    impl Read for Drip<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let n = self.1.min(self.0.len()).min(out.len());
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    fn read_all(bytes: &[u8], step: usize, tracking: Tracking) -> (Result<String>, Trace) {
        let f = InputFile::new("t.csv", Drip(bytes, step), bytes.len() as u64);
        let mut s = f.open(tracking).unwrap();
        let trace = s.trace();
        let mut out = String::new();
        let r = s.read_to_string(&mut out).map(|_| out).map_err(|e| trace.or(Error::Internal(e.to_string())));
        (r, trace)
    }

    #[test]
    fn text_is_handed_on_whole_and_hashed_as_read() {
        let text = "\u{feff}a,\"b\nc\"\r\nЖ€😀,x\n\x1a\x1a";
        for step in [1, 2, 3, 7, BUFFER] {
            let (r, trace) = read_all(text.as_bytes(), step, Tracking::Csv { delimiter: b',' });
            assert_eq!(r.unwrap(), "a,\"b\nc\"\r\nЖ€😀,x\n", "step {step}");
            let digest: [u8; 32] = Sha256::digest(text.as_bytes()).into();
            assert_eq!(trace.0.borrow().digest, Some(digest));
            assert_eq!(trace.unclosed_quote(), None);
            assert_eq!([0, 3, 5, 9, 30].map(|p| trace.line_before(p)), [1, 1, 2, 3, 4]);
        }
    }

    #[test]
    fn bad_bytes_are_refused_with_their_line() {
        for step in [1, 5, BUFFER] {
            let (r, _) = read_all(b"a\nb\n\xff\n", step, Tracking::Nothing);
            assert_eq!(r.unwrap_err().to_string(), "t.csv: line 3: not UTF-8 text (save the file as UTF-8)");
            // Cut inside a character.
            let (r, _) = read_all("a\nb€".as_bytes().split_last().unwrap().1, step, Tracking::Lines);
            assert_eq!(r.unwrap_err().to_string(), "t.csv: line 2: not UTF-8 text (save the file as UTF-8)");
            let (r, _) = read_all(b"\xff\xfea\0b\0", step.max(8), Tracking::Nothing);
            assert!(matches!(r, Err(Error::Refused { kind: Refusal::Encoding, .. })));
        }
    }

    #[test]
    fn a_quote_open_at_the_end_is_found_with_its_line() {
        for step in [1, 4, BUFFER] {
            let (r, trace) = read_all(b"a,b\n1,\"x\"\"y\"\n2,\"cut\nhere", step, Tracking::Csv { delimiter: b',' });
            r.unwrap();
            assert_eq!(trace.unclosed_quote(), Some(3));
            let (_, trace) = read_all(b"a,b\n1,x\"y\n2,\"\"\"\"\n", step, Tracking::Csv { delimiter: b',' });
            assert_eq!(trace.unclosed_quote(), None);
        }
    }

    #[test]
    fn a_file_whose_length_changes_while_read_is_refused() {
        for (size, how) in [(9, "got shorter"), (3, "grew")] {
            let f = InputFile::new("t.csv", &b"a,b\n1,2\n"[..], size);
            let mut s = f.open(Tracking::Nothing).unwrap();
            let e = s.read_to_end(&mut vec![]).map_err(|e| s.trace().or(Error::Internal(e.to_string()))).unwrap_err();
            assert!(matches!(e, Error::Refused { kind: Refusal::Truncated, .. }), "{e:?}");
            assert!(
                e.to_string().starts_with(&format!(
                    "t.csv: the file {how} while it was read ({size} bytes when opened, 8 read)"
                )),
                "{e}"
            );
        }
        let f = InputFile::streamed("-", &b"a,b\n1,2\n"[..]);
        f.open(Tracking::Nothing).unwrap().read_to_end(&mut vec![]).unwrap();
        assert!(f.digest().is_ok());
    }

    #[test]
    fn a_file_is_read_once() {
        let f = InputFile::from_bytes("t.csv", b"a");
        let _s = f.open(Tracking::Nothing).unwrap();
        assert!(matches!(f.open(Tracking::Nothing), Err(Error::Internal(_))));
        assert!(f.digest().is_err(), "not read to its end");
    }
}
