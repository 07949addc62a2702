//! Page images (PNG, JPEG, TIFF): what they are, how many pages they hold
//! and how large they are, read from their headers only. Their text comes
//! from OCR (`ocr`): one page per image, one per image of a TIFF file (a
//! multi-page scan).
//!
//! The headers are read here rather than by an image crate because only
//! three numbers are wanted (the chain of a TIFF's images, width and
//! height), and the pixels are Tesseract's business. Every read is bounds
//! checked; a header that does not add up reads as "not an image".

use super::ocr::{Ocr, Source};
use super::Text;
use sagasu_store::SkipReason;

/// The smallest image read by OCR, in pixels on each side: an icon or a
/// bullet is no page (a page photographed or scanned at 100 dpi is 800
/// pixels wide).
pub(crate) const MIN_SIDE: u32 = 200;

/// The largest image read by OCR, in pixels: 150 million, an A3 page at 900
/// dpi (Tesseract holds a few bytes per pixel).
pub(crate) const MAX_PIXELS: u64 = 150_000_000;

/// The text of the image file `bytes` of `format` (hashing to `hash`),
/// read by OCR: one page per image.
pub(crate) fn extract(
    format: ImageFormat,
    bytes: &[u8],
    hash: &str,
    ocr: &Ocr,
    max_text: u64,
) -> Result<Text, SkipReason> {
    let name = format.name();
    // A header that does not add up: a file that only starts like an
    // image, reported as before OCR existed.
    let Some(info) = info(format, bytes) else {
        return Err(SkipReason::Binary { format: name.into() });
    };
    let (w, h) = (info.width, info.height);
    if w < MIN_SIDE || h < MIN_SIDE {
        return Err(SkipReason::Binary {
            format: format!("{name} of {w}×{h} pixels, too small to be a page"),
        });
    }
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(SkipReason::Binary {
            format: format!("{name} of {w}×{h} pixels, too large to read by OCR"),
        });
    }
    if !ocr.enabled() {
        return Err(SkipReason::OcrOff {
            format: name.into(),
            pages: info.pages,
        });
    }
    let pages: Vec<u64> = (1..=info.pages).collect();
    let source = Source::Image {
        bytes,
        multi: info.pages > 1,
    };
    let read = ocr.read(source, hash, &pages)?;
    if read.texts.iter().all(Option::is_none) {
        return Err(super::nothing_read(&read, name, info.pages));
    }
    let mut text = Text::extracted(String::new(), None);
    text.paged = true;
    for (page, t) in pages.iter().zip(&read.texts) {
        if let Some(t) = t {
            text.text.push_str(t);
            text.ocr_pages.push(*page);
        }
        text.text.push('\u{c}');
    }
    if text.text.len() as u64 > max_text {
        return Err(SkipReason::TextTooLarge { limit: max_text });
    }
    text.left_out = read.left_out;
    Ok(text)
}

/// An image format Tesseract reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ImageFormat {
    Png,
    Jpeg,
    Tiff,
}

impl ImageFormat {
    /// The format of `bytes`, by its signature.
    pub fn of(bytes: &[u8]) -> Option<ImageFormat> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(ImageFormat::Png)
        } else if bytes.starts_with(b"\xff\xd8\xff") {
            Some(ImageFormat::Jpeg)
        } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
            Some(ImageFormat::Tiff)
        } else {
            None
        }
    }

    /// Its name, as reports say it (`PNG image`).
    pub fn name(self) -> &'static str {
        match self {
            ImageFormat::Png => "PNG image",
            ImageFormat::Jpeg => "JPEG image",
            ImageFormat::Tiff => "TIFF image",
        }
    }
}

/// What the headers of an image file say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ImageInfo {
    /// Pages: images in a TIFF file, else 1.
    pub pages: u64,
    /// Width and height in pixels of its (first) image.
    pub width: u32,
    /// See `width`.
    pub height: u32,
}

/// The most images of one TIFF file that are read (a loop in its chain of
/// images, or a made-up file, stops there).
pub(crate) const MAX_PAGES: u64 = 10_000;

/// The pages and size of the image `bytes` of `format`, or `None` when its
/// header does not add up.
pub(crate) fn info(format: ImageFormat, bytes: &[u8]) -> Option<ImageInfo> {
    match format {
        ImageFormat::Png => png(bytes),
        ImageFormat::Jpeg => jpeg(bytes),
        ImageFormat::Tiff => tiff(bytes),
    }
}

/// PNG: the IHDR chunk comes first.
fn png(b: &[u8]) -> Option<ImageInfo> {
    (b.get(12..16)? == b"IHDR").then_some(())?;
    Some(ImageInfo {
        pages: 1,
        width: u32::from_be_bytes(b.get(16..20)?.try_into().ok()?),
        height: u32::from_be_bytes(b.get(20..24)?.try_into().ok()?),
    })
}

/// JPEG: the first start-of-frame marker (SOF0–SOF15 but DHT, JPG, DAC).
fn jpeg(b: &[u8]) -> Option<ImageInfo> {
    let mut at = 2;
    loop {
        // Fill bytes (0xFF) may precede a marker.
        while *b.get(at)? == 0xff && *b.get(at + 1)? == 0xff {
            at += 1;
        }
        (*b.get(at)? == 0xff).then_some(())?;
        let marker = *b.get(at + 1)?;
        if matches!(marker, 0xd8 | 0x01 | 0xd0..=0xd7) {
            at += 2;
            continue;
        }
        let len = usize::from(u16::from_be_bytes(b.get(at + 2..at + 4)?.try_into().ok()?));
        if (0xc0..=0xcf).contains(&marker) && !matches!(marker, 0xc4 | 0xc8 | 0xcc) {
            let h = u16::from_be_bytes(b.get(at + 5..at + 7)?.try_into().ok()?);
            let w = u16::from_be_bytes(b.get(at + 7..at + 9)?.try_into().ok()?);
            return Some(ImageInfo {
                pages: 1,
                width: w.into(),
                height: h.into(),
            });
        }
        (len >= 2).then_some(())?;
        at += 2 + len;
    }
}

/// TIFF: the chain of image file directories (IFDs); the first one's
/// width (tag 256) and height (257).
fn tiff(b: &[u8]) -> Option<ImageInfo> {
    let big = b.get(0..2)? == b"MM";
    let u16_at = |at: usize| -> Option<u16> {
        let raw: [u8; 2] = b.get(at..at.checked_add(2)?)?.try_into().ok()?;
        Some(if big {
            u16::from_be_bytes(raw)
        } else {
            u16::from_le_bytes(raw)
        })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let raw: [u8; 4] = b.get(at..at.checked_add(4)?)?.try_into().ok()?;
        Some(if big {
            u32::from_be_bytes(raw)
        } else {
            u32::from_le_bytes(raw)
        })
    };
    let mut ifd = u32_at(4)? as usize;
    let (mut pages, mut size) = (0u64, None);
    let mut seen = std::collections::HashSet::new();
    while ifd != 0 && pages < MAX_PAGES && seen.insert(ifd) {
        let entries = usize::from(u16_at(ifd)?);
        if size.is_none() {
            let (mut w, mut h) = (None, None);
            for e in 0..entries {
                let at = ifd + 2 + 12 * e;
                let (tag, kind) = (u16_at(at)?, u16_at(at + 2)?);
                // SHORT (3) or LONG (4), one value, in the entry itself.
                let value = match kind {
                    3 => u32::from(u16_at(at + 8)?),
                    4 => u32_at(at + 8)?,
                    _ => continue,
                };
                match tag {
                    256 => w = Some(value),
                    257 => h = Some(value),
                    _ => {}
                }
            }
            size = Some((w?, h?));
        }
        pages += 1;
        ifd = u32_at(ifd + 2 + 12 * entries)? as usize;
    }
    let (width, height) = size?;
    Some(ImageInfo { pages, width, height })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiff_of(pages: &[(u16, u16)], big_endian: bool) -> Vec<u8> {
        let u16b = |v: u16| if big_endian { v.to_be_bytes() } else { v.to_le_bytes() };
        let u32b = |v: u32| if big_endian { v.to_be_bytes() } else { v.to_le_bytes() };
        let mut b: Vec<u8> = if big_endian {
            b"MM\0*".to_vec()
        } else {
            b"II*\0".to_vec()
        };
        b.extend(u32b(8));
        for (i, &(w, h)) in pages.iter().enumerate() {
            b.extend(u16b(2));
            for (tag, v) in [(256u16, w), (257, h)] {
                b.extend(u16b(tag));
                b.extend(u16b(3));
                b.extend(u32b(1));
                b.extend(u16b(v));
                b.extend([0, 0]);
            }
            let next = if i + 1 == pages.len() { 0 } else { b.len() as u32 + 4 };
            b.extend(u32b(next));
        }
        b
    }

    #[test]
    fn a_tiff_has_a_page_per_image() {
        for big in [false, true] {
            let b = tiff_of(&[(1700, 2200), (10, 10), (5, 5)], big);
            assert_eq!(ImageFormat::of(&b), Some(ImageFormat::Tiff));
            assert_eq!(
                info(ImageFormat::Tiff, &b),
                Some(ImageInfo {
                    pages: 3,
                    width: 1700,
                    height: 2200
                })
            );
        }
    }

    /// A chain of images that points back to itself ends.
    #[test]
    fn a_looping_tiff_is_read_once() {
        let mut b = tiff_of(&[(100, 100)], false);
        let n = b.len();
        b[n - 4..].copy_from_slice(&8u32.to_le_bytes());
        assert_eq!(info(ImageFormat::Tiff, &b).map(|i| i.pages), Some(1));
    }

    #[test]
    fn png_and_jpeg_sizes_come_from_their_headers() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend(640u32.to_be_bytes());
        png.extend(480u32.to_be_bytes());
        assert_eq!(
            info(ImageFormat::of(&png).unwrap(), &png),
            Some(ImageInfo {
                pages: 1,
                width: 640,
                height: 480
            })
        );
        // SOI, an APP0 of 4 bytes, SOF0 (length, precision, height, width).
        let jpeg = b"\xff\xd8\xff\xe0\x00\x04ab\xff\xc0\x00\x11\x08\x01\xe0\x02\x80".to_vec();
        assert_eq!(
            info(ImageFormat::of(&jpeg).unwrap(), &jpeg),
            Some(ImageInfo {
                pages: 1,
                width: 640,
                height: 480
            })
        );
    }

    /// Cut anywhere, a header reads as nothing rather than panicking.
    #[test]
    fn truncated_headers_are_not_images() {
        let tiff = tiff_of(&[(100, 100), (100, 100)], false);
        for cut in 0..tiff.len() - 4 {
            let _ = info(ImageFormat::Tiff, &tiff[..cut]);
        }
        assert_eq!(info(ImageFormat::Png, b"\x89PNG\r\n\x1a\n"), None);
        assert_eq!(info(ImageFormat::Jpeg, b"\xff\xd8\xff"), None);
    }
}
