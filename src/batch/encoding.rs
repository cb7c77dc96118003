//! The text encodings a batch file may come in, told from its bytes, and decoding to UTF-8.
//!
//! Excel on Chinese Windows saves "CSV" as GBK and "Unicode text" as UTF-16 (little-endian, with a
//! byte-order mark); other tools write UTF-16 without one, or big-endian. UTF-8 files (with or
//! without a mark) are read as they are, by the same code as before, so that their output does not
//! change; the others are decoded to UTF-8 first (GBK as GB18030, its superset) and then read alike.

/// A file's encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Gb18030,
    Utf16Le,
    Utf16Be,
}

/// What the bytes seen so far say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detected {
    Is(TextEncoding),
    /// Only ASCII so far (the same bytes in UTF-8 and GBK): read on as UTF-8 and look again later.
    Ascii,
    /// A non-ASCII character cut by the end of the bytes: more bytes are needed to tell.
    NeedMore,
}

/// Bytes after the first non-ASCII byte that are checked as UTF-8.
const WINDOW: usize = 4096;
/// Bytes after the first non-ASCII byte that must be valid UTF-8 before the file is taken as UTF-8
/// (fewer when the file ends sooner).
const ENOUGH: usize = 64;

/// Tells the encoding from bytes of a file. `offset`: where they begin in the file (a byte-order mark
/// counts only at 0, and UTF-16's byte order from the parity of the positions of its zero bytes);
/// `complete`: they run to the end of the file.
pub fn detect(bytes: &[u8], offset: u64, complete: bool) -> Detected {
    if offset == 0 {
        let is_prefix = |mark: &[u8]| bytes.len() < mark.len() && mark.starts_with(bytes);
        if !complete
            && [&[0xEF, 0xBB, 0xBF][..], &[0xFF, 0xFE], &[0xFE, 0xFF]]
                .into_iter()
                .any(is_prefix)
        {
            return Detected::NeedMore;
        }
        if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
            return Detected::Is(TextEncoding::Utf8);
        }
        if bytes.starts_with(&[0xFF, 0xFE]) {
            return Detected::Is(TextEncoding::Utf16Le);
        }
        if bytes.starts_with(&[0xFE, 0xFF]) {
            return Detected::Is(TextEncoding::Utf16Be);
        }
    }
    // A text file in UTF-8 or GBK has no zero byte; in UTF-16 every ASCII character has one (the
    // comma between any two cells), on the odd positions in little-endian order.
    let head = &bytes[..bytes.len().min(WINDOW)];
    if head.contains(&0) {
        let odd = head
            .iter()
            .enumerate()
            .filter(|&(i, &b)| b == 0 && (offset + i as u64) % 2 == 1)
            .count();
        let even = head.iter().filter(|&&b| b == 0).count() - odd;
        return Detected::Is(if odd >= even {
            TextEncoding::Utf16Le
        } else {
            TextEncoding::Utf16Be
        });
    }
    // A control character is no text either: UTF-16 shows them ("编" is 16 7F in little-endian order)
    // until its first ASCII character gives a zero byte.
    let odd = |b: &u8| !b.is_ascii() || (b.is_ascii_control() && !matches!(b, b'\t' | b'\n' | b'\r'));
    let Some(first) = bytes.iter().position(odd) else {
        return if complete {
            Detected::Is(TextEncoding::Utf8)
        } else {
            Detected::Ascii
        };
    };
    // A GBK character or two may happen to be valid UTF-8 ("郑" is D6 A3, a UTF-8 pair): a few dozen
    // bytes are not.
    if !complete && bytes.len() - first < ENOUGH {
        return Detected::NeedMore;
    }
    let end = bytes.len().min(first + WINDOW);
    match std::str::from_utf8(&bytes[first..end]) {
        Ok(_) => Detected::Is(TextEncoding::Utf8),
        Err(e) if e.error_len().is_some() => Detected::Is(TextEncoding::Gb18030),
        // Valid up to a character cut by the end of the window or of the piece.
        Err(_) if !complete || end < bytes.len() => Detected::Is(TextEncoding::Utf8),
        // The file ends inside a character.
        Err(_) => Detected::Is(TextEncoding::Gb18030),
    }
}

impl TextEncoding {
    #[cfg(not(target_arch = "wasm32"))]
    fn encoding(self) -> &'static encoding_rs::Encoding {
        match self {
            TextEncoding::Utf8 => encoding_rs::UTF_8,
            TextEncoding::Gb18030 => encoding_rs::GB18030,
            TextEncoding::Utf16Le => encoding_rs::UTF_16LE,
            TextEncoding::Utf16Be => encoding_rs::UTF_16BE,
        }
    }

    /// The WHATWG Encoding Standard's label (what a browser's TextDecoder takes).
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "utf-8",
            TextEncoding::Gb18030 => "gb18030",
            TextEncoding::Utf16Le => "utf-16le",
            TextEncoding::Utf16Be => "utf-16be",
        }
    }

    /// The name the help page and the messages use.
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Gb18030 => "GBK/GB18030",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
        }
    }
}

/// Decodes a file to UTF-8 piece by piece (a character may be cut between two pieces): appends the
/// UTF-8 text of `bytes` to `out`; `last`: the file ends with them. A byte-order mark is dropped, and
/// a byte sequence that is not a character becomes U+FFFD (the cell then fails where a value was
/// expected), as the Encoding Standard says.
pub trait Decode {
    fn decode(&mut self, bytes: &[u8], last: bool, out: &mut Vec<u8>);
}

/// Makes a [`Decode`] for an encoding, or says why it cannot.
pub type DecoderFactory = fn(TextEncoding) -> Result<Box<dyn Decode>, String>;

/// [`Decode`] with encoding_rs (native builds).
#[cfg(not(target_arch = "wasm32"))]
pub struct Transcoder(encoding_rs::Decoder);

#[cfg(not(target_arch = "wasm32"))]
impl Transcoder {
    pub fn new(enc: TextEncoding) -> Transcoder {
        Transcoder(enc.encoding().new_decoder_with_bom_removal())
    }

    /// A [`DecoderFactory`].
    pub fn factory(enc: TextEncoding) -> Result<Box<dyn Decode>, String> {
        Ok(Box::new(Transcoder::new(enc)))
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Decode for Transcoder {
    fn decode(&mut self, bytes: &[u8], last: bool, out: &mut Vec<u8>) {
        let start = out.len();
        let room = self
            .0
            .max_utf8_buffer_length(bytes.len())
            .unwrap_or(bytes.len() * 3 + 16);
        out.resize(start + room, 0);
        let (_, _, written, _) = self.0.decode_to_utf8(bytes, &mut out[start..], last);
        out.truncate(start + written);
    }
}

/// A reader of a file in any [`TextEncoding`] that reads as UTF-8 (the CLI's input).
#[cfg(not(target_arch = "wasm32"))]
pub struct DecodeRead<R> {
    inner: R,
    decoder: Transcoder,
    raw: Vec<u8>,
    text: Vec<u8>,
    at: usize,
    done: bool,
}

#[cfg(not(target_arch = "wasm32"))]
impl<R: std::io::Read> DecodeRead<R> {
    pub fn new(inner: R, enc: TextEncoding) -> DecodeRead<R> {
        DecodeRead {
            inner,
            decoder: Transcoder::new(enc),
            raw: vec![0; 1 << 16],
            text: Vec::new(),
            at: 0,
            done: false,
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl<R: std::io::Read> std::io::Read for DecodeRead<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.text.len() {
            if self.done {
                return Ok(0);
            }
            let n = self.inner.read(&mut self.raw)?;
            self.text.clear();
            self.at = 0;
            self.done = n == 0;
            self.decoder.decode(&self.raw[..n], self.done, &mut self.text);
        }
        let n = buf.len().min(self.text.len() - self.at);
        buf[..n].copy_from_slice(&self.text[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(not(target_arch = "wasm32"))]
/// Bytes at the start of the input that tell its encoding (a GBK file whose first megabyte is all
/// ASCII is read as UTF-8, and its later Chinese cells are reported as not UTF-8).
const HEAD_BYTES: usize = 1 << 20;

/// The input as UTF-8: as it is when it is UTF-8 (or all ASCII at its start), else decoded.
#[cfg(not(target_arch = "wasm32"))]
pub fn decoded(
    mut file: Box<dyn std::io::Read + Send>,
    total_bytes: u64,
) -> std::io::Result<Box<dyn std::io::Read + Send>> {
    use std::io::Read;
    let mut head = Vec::with_capacity(64 * 1024);
    (&mut file).take(HEAD_BYTES as u64).read_to_end(&mut head)?;
    let complete = head.len() < HEAD_BYTES || head.len() as u64 == total_bytes;
    let detected = detect(&head, 0, complete);
    let raw = Box::new(std::io::Cursor::new(head).chain(file));
    match detected {
        Detected::Is(enc) if enc != TextEncoding::Utf8 => Ok(Box::new(DecodeRead::new(raw, enc))),
        _ => Ok(raw),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn utf16(text: &str, le: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend_from_slice(if le { &[0xFF, 0xFE] } else { &[0xFE, 0xFF] });
        }
        for u in text.encode_utf16() {
            out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        out
    }

    #[test]
    fn encodings_are_told_from_their_bytes() {
        let text = "编号,地区,月份\nR052,雄安,2025-09\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(detect(&gbk, 0, true), Detected::Is(TextEncoding::Gb18030));
        // Until a few dozen bytes of a file that goes on are seen, GBK and UTF-8 are not told apart.
        assert_eq!(detect(&gbk, 0, false), Detected::NeedMore);
        let four = text.repeat(4);
        let (long, _, _) = encoding_rs::GBK.encode(&four);
        assert_eq!(detect(&long, 0, false), Detected::Is(TextEncoding::Gb18030));
        assert_eq!(
            detect(text.repeat(4).as_bytes(), 0, false),
            Detected::Is(TextEncoding::Utf8)
        );
        assert_eq!(detect(text.as_bytes(), 0, true), Detected::Is(TextEncoding::Utf8));
        let bom8 = [&[0xEF, 0xBB, 0xBF][..], "编".as_bytes()].concat();
        assert_eq!(detect(&bom8, 0, false), Detected::Is(TextEncoding::Utf8));
        for (le, bom) in [(true, true), (true, false), (false, true), (false, false)] {
            let want = if le {
                TextEncoding::Utf16Le
            } else {
                TextEncoding::Utf16Be
            };
            assert_eq!(
                detect(&utf16(text, le, bom), 0, false),
                Detected::Is(want),
                "le {le} bom {bom}"
            );
            // English headers: a zero in every other byte.
            assert_eq!(
                detect(&utf16("worker_id,region", le, bom), 0, false),
                Detected::Is(want)
            );
        }
        assert_eq!(detect(b"worker_id,region\n", 0, false), Detected::Ascii);
        assert_eq!(detect(&[0xFF], 0, false), Detected::NeedMore);
        assert_eq!(detect(&[0xEF, 0xBB], 0, false), Detected::NeedMore);
        assert_eq!(detect(b"worker_id,region\n", 0, true), Detected::Is(TextEncoding::Utf8));
        // "美" in UTF-8 is E7 BE 8E: cut after its first byte nothing can be told yet.
        assert_eq!(detect(&"a,美".as_bytes()[..3], 0, false), Detected::NeedMore);
        assert_eq!(detect(&"a,美".as_bytes()[..4], 0, false), Detected::NeedMore);
        assert_eq!(detect("a,美团".as_bytes(), 0, false), Detected::NeedMore);
        assert_eq!(detect("a,美团".as_bytes(), 0, true), Detected::Is(TextEncoding::Utf8));
        assert_eq!(
            detect("a,美团外卖骑手".repeat(8).as_bytes(), 0, false),
            Detected::Is(TextEncoding::Utf8)
        );
        // "郑州" in GBK (D6 A3 D6 DD) starts like UTF-8.
        assert_eq!(detect(b"a,\xD6\xA3\xD6", 0, false), Detected::NeedMore);
        assert_eq!(
            detect(b"a,\xD6\xA3\xD6\xDD", 0, true),
            Detected::Is(TextEncoding::Gb18030)
        );
    }

    #[test]
    fn decoding_in_pieces_of_any_size_gives_the_text() {
        let text = "编号,地区,月份,平台,收入\nR052,雄安,2025-09,美团,-500\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        for (enc, bytes) in [
            (TextEncoding::Gb18030, gbk.to_vec()),
            (TextEncoding::Utf16Le, utf16(text, true, true)),
            (TextEncoding::Utf16Be, utf16(text, false, false)),
        ] {
            for piece in [1, 2, 3, 7, 64] {
                let mut t = Transcoder::new(enc);
                let mut out = Vec::new();
                let chunks: Vec<&[u8]> = bytes.chunks(piece).collect();
                for (i, c) in chunks.iter().enumerate() {
                    t.decode(c, i + 1 == chunks.len(), &mut out);
                }
                assert_eq!(String::from_utf8(out).unwrap(), text, "{enc:?} in pieces of {piece}");
            }
            let mut r = DecodeRead::new(&bytes[..], enc);
            let mut out = String::new();
            std::io::Read::read_to_string(&mut r, &mut out).unwrap();
            assert_eq!(out, text);
        }
    }
}
