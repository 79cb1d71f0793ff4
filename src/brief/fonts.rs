//! Fonts for PDF briefs: the bundled Noto Sans family (OFL) and a CJK face.
//!
//! Fonts are parsed once and shared. The core never reads font files: the edge passes the
//! bytes of a system CJK font it found (any CJK character renders), and without one the bundled
//! CJK subset covers the characters of the bundled dataset.

use printpdf::ParsedFont;

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Bold.ttf");
static ITALIC: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Italic.ttf");
static CJK_SUBSET: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-Subset.otf");

/// One face: its PDF resource name, the parsed font printpdf embeds, and metrics for layout.
pub struct Face {
    /// Resource name in the PDF (fixed, so output is byte-identical run to run).
    pub id: &'static str,
    /// The font as printpdf embeds it (subset to the glyphs used when the PDF is saved).
    pub parsed: ParsedFont,
    metrics: ttf_parser::Face<'static>,
    upm: f32,
}

impl Face {
    fn load(id: &'static str, bytes: &'static [u8], index: u32) -> Result<Face, String> {
        let metrics = ttf_parser::Face::parse(bytes, index).map_err(|e| format!("font {id}: {e}"))?;
        let parsed = ParsedFont::from_bytes(bytes, index as usize, &mut Vec::new())
            .ok_or_else(|| format!("font {id}: printpdf could not parse it"))?;
        let upm = metrics.units_per_em() as f32;
        Ok(Face { id, parsed, metrics, upm })
    }

    /// Whether the face has a glyph for `c`.
    pub fn has(&self, c: char) -> bool {
        self.metrics.glyph_index(c).is_some()
    }

    /// Advance width of `c` in points at `size`, truncated to 1/1000 em as PDF viewers do.
    pub fn advance(&self, c: char, size: f32) -> f32 {
        let gid = self.metrics.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
        let adv = self.metrics.glyph_hor_advance(gid).unwrap_or(0) as f32;
        ((adv * 1000.0 / self.upm) as i64) as f32 / 1000.0 * size
    }
}

/// Which face of the Latin family a span is drawn in. CJK faces have only one style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Style {
    /// Noto Sans Regular.
    Regular,
    /// Noto Sans Bold.
    Bold,
    /// Noto Sans Italic.
    Italic,
}

/// Every face a brief may use: the bundled Latin family, the bundled CJK subset and, when the
/// edge found one, a system CJK font. Each has a fixed PDF resource name.
pub struct FontSet {
    /// Bundled Noto Sans Regular ("RBSANR").
    pub regular: Face,
    /// Bundled Noto Sans Bold ("RBSANB").
    pub bold: Face,
    /// Bundled Noto Sans Italic ("RBSANI").
    pub italic: Face,
    /// A system CJK font, when the edge found one ("RBCJKS").
    pub cjk_system: Option<Face>,
    /// The bundled Noto Sans SC subset: the CJK characters of the bundled dataset ("RBCJKB").
    pub cjk_subset: Face,
    /// Where the CJK glyphs come from, for the brief's font note.
    pub cjk_origin: String,
}

impl FontSet {
    /// `system_cjk`: the bytes of a CJK font file (TTF, OTF or TTC), the face index in it, and
    /// a name for the log. The bytes must live for the process (fonts are parsed once).
    pub fn new(system_cjk: Option<(&'static [u8], u32, String)>) -> Result<FontSet, String> {
        let (cjk_system, cjk_origin) = match system_cjk {
            Some((bytes, index, name)) => (Some(Face::load("RBCJKS", bytes, index)?), name),
            None => (None, "bundled subset (dataset characters only)".to_string()),
        };
        Ok(FontSet {
            regular: Face::load("RBSANR", REGULAR, 0)?,
            bold: Face::load("RBSANB", BOLD, 0)?,
            italic: Face::load("RBSANI", ITALIC, 0)?,
            cjk_system,
            cjk_subset: Face::load("RBCJKB", CJK_SUBSET, 0)?,
            cjk_origin,
        })
    }

    /// Every face in the set, in a fixed order (the order their resources are written).
    pub fn faces(&self) -> impl Iterator<Item = &Face> {
        [&self.regular, &self.bold, &self.italic].into_iter().chain([&self.cjk_subset]).chain(self.cjk_system.as_ref())
    }

    /// The face that draws `c` in `style`: the Latin face, else a CJK face, else None.
    pub fn pick(&self, c: char, style: Style) -> Option<&Face> {
        let primary = match style {
            Style::Regular => &self.regular,
            Style::Bold => &self.bold,
            Style::Italic => &self.italic,
        };
        if primary.has(c) || c.is_whitespace() || c.is_control() {
            return Some(primary);
        }
        // The small bundled subset first (cheap to embed); the system font for anything else.
        [&self.cjk_subset].into_iter().chain(self.cjk_system.iter()).find(|f| f.has(c))
    }
}

/// Where edges look for a system CJK font, in order: (path, face index). The Noto CJK
/// collection's face 2 is Simplified Chinese. `RISKBRIEF_CJK_FONT` (checked by the edge) comes first.
pub const SYSTEM_CJK_CANDIDATES: &[(&str, u32)] = &[
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("/System/Library/Fonts/PingFang.ttc", 0),
    ("/Library/Fonts/Arial Unicode.ttf", 0),
    ("C:\\Windows\\Fonts\\msyh.ttc", 0),
    ("C:\\Windows\\Fonts\\simsun.ttc", 0),
];
