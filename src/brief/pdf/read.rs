//! Reading a RiskBrief PDF back: what `verify` needs from a file.

/// The brief id and data fingerprint a RiskBrief PDF carries in its document information.
pub fn read_identity(pdf: &[u8]) -> Option<(String, String)> {
    let doc = lopdf::Document::load_mem(pdf).ok()?;
    let info = doc.trailer.get(b"Info").ok()?.as_reference().ok()?;
    let d = doc.get_dictionary(info).ok()?;
    let text = |k: &[u8]| d.get(k).ok()?.as_str().ok().map(|b| String::from_utf8_lossy(b).to_string());
    Some((text(b"RiskBriefId")?, text(b"RiskBriefDataFingerprint")?))
}
