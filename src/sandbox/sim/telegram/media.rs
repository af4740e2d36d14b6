//! Photos and documents: which file a send names, the ids Telegram gives it, and how a message
//! shows it.
use serde_json::{Value, json};

use super::store::{KnownFile, Store};
use super::wire::{self, Reject, Upload, Uploads};
use super::{FileKind, SentFile};

/// The largest side each smaller copy of a photo gets, as Telegram makes them (`s`, `m`, `x`,
/// `y`); the original is kept up to [`MAX_PHOTO_SIDE`].
const PHOTO_STEPS: [u32; 4] = [90, 320, 800, 1280];
const MAX_PHOTO_SIDE: u32 = 2560;

/// What a person's photo is made of: a banking app's receipt, screenshotted on a phone.
const PERSON_PHOTO: (u32, u32, usize) = (1080, 2340, 187_604);

impl FileKind {
    /// The parameter that carries the file, and the message field that shows it.
    pub(super) fn field(self) -> &'static str {
        match self {
            Self::Photo => "photo",
            Self::Document => "document",
        }
    }
}

/// A send's file once found, before Telegram keeps it.
pub(super) enum Attachment {
    Upload(Upload),
    Known(KnownFile),
}

/// The file a sendPhoto or sendDocument names: a file part (directly, or through an
/// `attach://` value as teloxide sends it), or the id of a file Telegram already holds.
pub(super) fn resolve(
    store: &Store,
    kind: FileKind,
    params: &Value,
    uploads: &Uploads,
) -> Result<Attachment, Reject> {
    let field = kind.field();
    let wrong_file = || Reject::bad("wrong file identifier/HTTP URL specified");
    let upload = match wire::string(params, field).map(str::trim) {
        Some(value) => match value.strip_prefix("attach://") {
            Some(name) => uploads.get(name).ok_or_else(wrong_file)?,
            None => {
                let known = store.files.get(value).ok_or_else(wrong_file)?;
                if known.kind != kind {
                    return Err(Reject::bad("type of file mismatch"));
                }
                return Ok(Attachment::Known(known.clone()));
            }
        },
        None => uploads
            .get(field)
            .ok_or_else(|| Reject::bad(format!("there is no {field} in the request")))?,
    };
    match kind {
        FileKind::Photo => {
            let (width, height) =
                image_size(&upload.bytes).ok_or_else(|| Reject::bad("IMAGE_PROCESS_FAILED"))?;
            let (long, short) = (width.max(height), width.min(height));
            if u64::from(width) + u64::from(height) > 10_000 || long > short.saturating_mul(20) {
                return Err(Reject::bad("PHOTO_INVALID_DIMENSIONS"));
            }
        }
        FileKind::Document if upload.bytes.is_empty() => {
            return Err(Reject::bad("file must be non-empty"));
        }
        FileKind::Document => {}
    }
    Ok(Attachment::Upload(upload.clone()))
}

/// Keeps the file under new ids if it was uploaded; gives what the message shows in its
/// `photo` or `document` field, and what the journal records.
pub(super) fn keep(store: &mut Store, kind: FileKind, attachment: Attachment) -> (Value, SentFile) {
    let known = match attachment {
        Attachment::Known(known) => known,
        Attachment::Upload(upload) => match kind {
            FileKind::Photo => {
                let (width, height) = image_size(&upload.bytes).unwrap_or((1, 1));
                let size = upload.bytes.len();
                let file_name = Some(upload.file_name);
                remember_photo(store, (width, height, size), file_name, Some(upload.bytes))
            }
            FileKind::Document => remember_document(store, upload),
        },
    };
    let sent = SentFile {
        kind,
        file_id: known.file_id.clone(),
        file_name: known.file_name.clone(),
        bytes: known.bytes.clone(),
    };
    (known.json, sent)
}

/// A photo a person sends: its sizes, under ids the bot can send it again by.
pub(super) fn person_photo(store: &mut Store) -> Value {
    remember_photo(store, PERSON_PHOTO, None, None).json
}

/// Each size Telegram makes of a `width`×`height` photo, smallest first, under ids that all
/// name this photo.
fn remember_photo(
    store: &mut Store,
    (width, height, size): (u32, u32, usize),
    file_name: Option<String>,
    bytes: Option<Vec<u8>>,
) -> KnownFile {
    let long = width.max(height).max(1);
    let scaled = |side: u32| {
        let scale = |d: u32| (u64::from(d) * u64::from(side) / u64::from(long)).max(1);
        (scale(width), scale(height))
    };
    let mut sizes: Vec<(u64, u64)> = PHOTO_STEPS
        .iter()
        .filter(|step| **step < long)
        .map(|step| scaled(*step))
        .collect();
    sizes.push(scaled(long.min(MAX_PHOTO_SIDE)));
    let last = sizes.len() - 1;
    let photo: Vec<Value> = sizes
        .iter()
        .enumerate()
        .map(|(at, (w, h))| {
            let (file_id, unique_id) = next_ids(store, FileKind::Photo);
            // The copies are JPEGs Telegram makes; about a tenth of a byte a pixel.
            let file_size = if at == last {
                size as u64
            } else {
                w * h / 10 + 600
            };
            json!({
                "file_id": file_id, "file_unique_id": unique_id,
                "file_size": file_size, "width": w, "height": h,
            })
        })
        .collect();
    let ids: Vec<String> = photo
        .iter()
        .filter_map(|size| Some(size.get("file_id")?.as_str()?.to_owned()))
        .collect();
    let known = KnownFile {
        kind: FileKind::Photo,
        file_id: ids.last().cloned().unwrap_or_default(),
        json: Value::Array(photo),
        file_name,
        bytes,
    };
    for id in ids {
        store.files.insert(id, known.clone());
    }
    known
}

fn remember_document(store: &mut Store, upload: Upload) -> KnownFile {
    let (file_id, unique_id) = next_ids(store, FileKind::Document);
    let mime_type = upload
        .content_type
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| mime_from_name(&upload.file_name).to_owned());
    let json = json!({
        "file_id": file_id, "file_unique_id": unique_id,
        "file_name": upload.file_name, "mime_type": mime_type,
        "file_size": upload.bytes.len(),
    });
    let known = KnownFile {
        kind: FileKind::Document,
        file_id: file_id.clone(),
        json,
        file_name: Some(upload.file_name),
        bytes: Some(upload.bytes),
    };
    store.files.insert(file_id, known.clone());
    known
}

/// A document a person sends: kept under fresh ids with a `file_path`, as Telegram keeps
/// files it can serve for download.
pub(super) fn person_document(store: &mut Store, file_name: &str, bytes: Vec<u8>) -> Value {
    let upload = Upload {
        file_name: file_name.to_owned(),
        content_type: None,
        bytes,
    };
    remember_document(store, upload).json
}

/// getFile: the file's ids and size, and the path it is downloaded by. Only documents have
/// content to serve; a person's photo is known by its ids alone.
pub(super) fn get_file(store: &mut Store, params: &Value) -> Result<Value, Reject> {
    let file_id = wire::string(params, "file_id").unwrap_or_default().trim();
    let known = store
        .files
        .get(file_id)
        .filter(|known| known.bytes.is_some())
        .cloned()
        .ok_or_else(|| Reject::bad("invalid file_id"))?;
    let size = known.bytes.as_ref().map_or(0, Vec::len);
    let unique_id = known
        .json
        .get("file_unique_id")
        .cloned()
        .unwrap_or_else(|| json!(file_id));
    let file_path = match store
        .file_paths
        .iter()
        .find(|(_, id)| **id == known.file_id)
    {
        Some((path, _)) => path.clone(),
        None => {
            let folder = match known.kind {
                FileKind::Photo => "photos",
                FileKind::Document => "documents",
            };
            let extension = known
                .file_name
                .as_deref()
                .and_then(|n| n.rsplit_once('.'))
                .map(|(_, e)| e.to_ascii_lowercase())
                .unwrap_or_else(|| "bin".to_owned());
            let path = format!("{folder}/file_{}.{extension}", store.file_paths.len());
            store.file_paths.insert(path.clone(), known.file_id.clone());
            path
        }
    };
    Ok(json!({
        "file_id": file_id, "file_unique_id": unique_id,
        "file_size": size, "file_path": file_path,
    }))
}

/// The bytes behind a `file_path` getFile gave, for `GET /file/bot<token>/<file_path>`.
pub(super) fn download(store: &Store, file_path: &str) -> Option<Vec<u8>> {
    let file_id = store.file_paths.get(file_path)?;
    store.files.get(file_id)?.bytes.clone()
}

/// A file id and unique id shaped like Telegram's, which start with a kind-specific prefix.
fn next_ids(store: &mut Store, kind: FileKind) -> (String, String) {
    store.last_file += 1;
    let n = store.last_file;
    let (id, unique) = match kind {
        FileKind::Photo => ("AgACAgUAAxkBAAIC", "AQAD"),
        FileKind::Document => ("BQACAgUAAxkBAAIC", "AgAD"),
    };
    (format!("{id}{n:010}_Fk"), format!("{unique}{n:08}"))
}

/// What Telegram guesses from a file's name when the upload does not say.
fn mime_from_name(name: &str) -> &'static str {
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match extension.as_deref() {
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("pdf") => "application/pdf",
        Some("txt") => "text/plain",
        Some("csv") => "text/csv",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

/// Width and height of a PNG or JPEG, the formats Telegram takes as photos; `None` for
/// anything else, which it cannot process.
fn image_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let be16 = |at: usize| {
        Some(u32::from(u16::from_be_bytes(
            bytes.get(at..at + 2)?.try_into().ok()?,
        )))
    };
    let be32 = |at: usize| Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?));
    let size = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.get(12..16) == Some(b"IHDR") {
        (be32(16)?, be32(20)?)
    } else if bytes.starts_with(&[0xFF, 0xD8]) {
        // JPEG: walk the segments to the frame header (SOF0..SOF15, less DHT, JPG and DAC).
        let mut at = 2;
        loop {
            if *bytes.get(at)? != 0xFF {
                return None;
            }
            let marker = *bytes.get(at + 1)?;
            if (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker) {
                break (be16(at + 7)?, be16(at + 5)?);
            }
            at += 2 + usize::try_from(be16(at + 2)?).ok()?;
        }
    } else {
        return None;
    };
    (size.0 > 0 && size.1 > 0).then_some(size)
}
