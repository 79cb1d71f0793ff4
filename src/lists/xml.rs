//! XML list files read record by record: each record element (a UN `INDIVIDUAL`, an EU
//! `sanctionEntity`, a UK `Designation`) becomes a small tree, so memory is bounded by one
//! record, not by the file. Names are local (namespace prefixes dropped); text is unescaped and
//! trimmed. A file cut off inside an element, or not well formed, is refused with its line.

use super::input::Tracking;
use super::InputFile;
use crate::error::{Error, Refusal, Result};
use quick_xml::errors::SyntaxError;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

/// An element: its local name, attributes, text and child elements, and the line it starts on.
#[derive(Debug, Default, Clone)]
pub struct Node {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<Node>,
    pub line: u64,
}

impl Node {
    /// The value of attribute `name`, trimmed; None when absent or blank.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
    }

    /// The child elements named `name`.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The first child named `name`.
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The trimmed text of the first child named `name`; None when absent or blank.
    pub fn text_of(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.trim()).filter(|t| !t.is_empty())
    }

    /// The trimmed, non-blank texts of every child named `name`.
    pub fn texts<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.all(name).map(|c| c.text.trim()).filter(|t| !t.is_empty())
    }
}

fn node(e: &BytesStart, line: u64, file: &str) -> Result<Node> {
    let mut attrs = vec![];
    for a in e.attributes() {
        let a = a.map_err(|err| syntax(file, line, err))?;
        let v = a.normalized_value(XmlVersion::Implicit1_0).map_err(|err| syntax(file, line, err))?;
        attrs.push((a.key.local_name().as_ref().to_owned(), v.into_owned()));
    }
    Ok(Node { name: e.local_name().as_ref().to_owned(), attrs, line, ..Node::default() })
}

fn syntax(file: &str, line: u64, e: impl std::fmt::Display) -> Error {
    Error::Validation(format!("{file}: line {line}: not well-formed XML: {e}"))
}

/// Reads `f`, whose document element must be named `root`. `on_root` gets the document element
/// (attributes only) first; then `on_record` gets, in file order, every element named one of
/// `records`, whole, at any depth.
pub fn read(
    f: &InputFile,
    root: &str,
    records: &[&str],
    on_root: &mut dyn FnMut(&Node) -> Result<()>,
    on_record: &mut dyn FnMut(Node) -> Result<()>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<()> {
    let stream = f.open(Tracking::Lines)?;
    let trace = stream.trace();
    let mut reader = Reader::from_reader(stream);
    reader.config_mut().trim_text(false);
    let total = f.size();
    // Line numbers from byte offsets, counted forward as the reader advances.
    let line_at = |pos: u64| trace.line_before(pos);
    let mut buf = vec![];
    // The open elements; `stack[0]` is the document element. A record's subtree is built in
    // `open` (innermost last) while inside one.
    let mut depth: Vec<String> = vec![];
    let mut open: Vec<Node> = vec![];
    let mut seen_root = false;
    let mut records_seen = 0u64;
    loop {
        let before = reader.buffer_position();
        buf.clear();
        let ev = reader.read_event_into(&mut buf).map_err(|e| {
            if let quick_xml::Error::Io(_) = e {
                return trace.or(syntax(f.name, line_at(reader.error_position()), &e));
            }
            let l = line_at(reader.error_position());
            // A tag, comment or value still open at the end of the input: the file is cut off.
            // (Every syntax error but a bad `<!` markup is something left unclosed.)
            if matches!(&e, quick_xml::Error::Syntax(s) if *s != SyntaxError::InvalidBangMarkup) {
                return Error::refused(
                    Refusal::Truncated,
                    format!("{}: line {l}: the file ends inside a tag: it is cut off or damaged", f.name),
                );
            }
            syntax(f.name, l, e)
        })?;
        let at = line_at(before);
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                let n = node(e, at, f.name)?;
                if !seen_root {
                    if n.name != root {
                        return Err(Error::Validation(format!(
                            "{}: line {at}: the document element is <{}>, not <{root}>: this is not the file this format reads",
                            f.name, n.name
                        )));
                    }
                    seen_root = true;
                    on_root(&n)?;
                    if empty {
                        break;
                    }
                    depth.push(n.name);
                    continue;
                }
                if open.is_empty() && !records.contains(&n.name.as_str()) {
                    if !empty {
                        depth.push(n.name);
                    }
                    continue;
                }
                if empty {
                    if open.is_empty() {
                        records_seen += 1;
                        on_record(n)?;
                    } else {
                        open.last_mut().expect("inside a record").children.push(n);
                    }
                } else {
                    depth.push(n.name.clone());
                    open.push(n);
                }
            }
            Event::End(_) => {
                depth.pop();
                if let Some(done) = open.pop() {
                    match open.last_mut() {
                        Some(parent) => parent.children.push(done),
                        None => {
                            records_seen += 1;
                            if records_seen.is_multiple_of(256) {
                                progress(reader.buffer_position(), total);
                            }
                            on_record(done)?;
                        }
                    }
                }
                if depth.is_empty() && seen_root {
                    break;
                }
            }
            Event::Text(t) => {
                if let Some(n) = open.last_mut() {
                    n.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(n) = open.last_mut() {
                    n.text.push_str(&t.into_inner());
                }
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().map_err(|e| syntax(f.name, at, e))? {
                    Some(c) => c.to_string(),
                    None => match &*r {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => return Err(syntax(f.name, at, format!("unknown entity &{other};"))),
                    },
                };
                if let Some(n) = open.last_mut() {
                    n.text.push_str(&c);
                }
            }
            Event::Eof => {
                if !seen_root {
                    return Err(Error::Validation(format!(
                        "{}: no XML element found (the file is empty or not XML)",
                        f.name
                    )));
                }
                return Err(Error::refused(
                    Refusal::Truncated,
                    format!(
                        "{}: line {at}: the file ends inside <{}>: it is cut off or damaged",
                        f.name,
                        depth.last().map_or(root, String::as_str)
                    ),
                ));
            }
            _ => {}
        }
    }
    // What follows the document element is read too, for the file's hash.
    std::io::copy(&mut reader.into_inner(), &mut std::io::sink())
        .map_err(|e| trace.or(Error::Validation(format!("{}: {e}", f.name))))?;
    progress(total, total);
    Ok(())
}
