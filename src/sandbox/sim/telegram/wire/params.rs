//! A call's parameters as one JSON object, read from whichever encoding the client chose.
use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::Reject;

pub(in super::super) fn int(params: &Value, key: &str) -> Option<i64> {
    match params.get(key)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

pub(in super::super) fn string<'a>(params: &'a Value, key: &str) -> Option<&'a str> {
    params.get(key).and_then(Value::as_str)
}

pub(in super::super) fn flag(params: &Value, key: &str) -> bool {
    match params.get(key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s == "true",
        _ => false,
    }
}

/// A JSON value sent either as JSON or, in a form, as a string holding JSON.
pub(in super::super) fn structured(params: &Value, key: &str) -> Option<Value> {
    match params.get(key)? {
        Value::String(s) => serde_json::from_str(s).ok(),
        Value::Null => None,
        other => Some(other.clone()),
    }
}

/// A file part of a multipart call, content and all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(in super::super) struct Upload {
    pub(in super::super) file_name: String,
    /// The part's own `Content-Type`, if the client gave one.
    pub(in super::super) content_type: Option<String>,
    pub(in super::super) bytes: Vec<u8>,
}

/// File parts by their part name: `photo`, or the name an `attach://name` value points to.
pub(in super::super) type Uploads = HashMap<String, Upload>;

/// The call's parameters as one JSON object, whichever way the client sent them: a JSON body
/// (teloxide's usual way), multipart (teloxide's way for methods that can carry a file, such as
/// setWebhook or sendPhoto), a form, or the query string. An empty body is no parameters.
///
/// A file part appears among the parameters as `{file_name, size}`, so a call's record stays
/// small and readable; its content comes back beside them, in the uploads.
pub(in super::super) fn params(
    content_type: Option<&str>,
    body: &[u8],
    query: Option<&str>,
) -> Result<(Value, Uploads), Reject> {
    let mut params = Map::new();
    if let Some(query) = query {
        params.extend(form(query));
    }
    let content_type = content_type.unwrap_or("");
    let kind = content_type.to_ascii_lowercase();
    if kind.starts_with("multipart/form-data") {
        let (fields, uploads) = multipart(content_type, body)?;
        params.extend(fields);
        return Ok((Value::Object(params), uploads));
    }
    let text =
        std::str::from_utf8(body).map_err(|_| Reject::bad("request body is not valid UTF-8"))?;
    if text.trim().is_empty() {
        return Ok((Value::Object(params), Uploads::new()));
    }
    if kind.starts_with("application/x-www-form-urlencoded") {
        params.extend(form(text));
        return Ok((Value::Object(params), Uploads::new()));
    }
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(body)) => {
            params.extend(body);
            Ok((Value::Object(params), Uploads::new()))
        }
        Ok(_) => Err(Reject::bad("parameters must be a JSON object")),
        Err(error) => Err(Reject::bad(format!("can't parse JSON body: {error}"))),
    }
}

/// Text parts become strings; a file part is noted by name and size, and kept whole aside.
fn multipart(content_type: &str, body: &[u8]) -> Result<(Map<String, Value>, Uploads), Reject> {
    let boundary = content_type
        .split(';')
        .find_map(|param| param.trim().strip_prefix("boundary="))
        .map(|boundary| boundary.trim_matches('"'))
        .filter(|boundary| !boundary.is_empty())
        .ok_or_else(|| Reject::bad("multipart body without a boundary"))?;
    let delimiter = format!("--{boundary}");
    let mut fields = Map::new();
    let mut uploads = Uploads::new();
    let mut rest = body;
    // Everything before the first delimiter is preamble.
    while let Some(at) = find(rest, delimiter.as_bytes()) {
        rest = &rest[at + delimiter.len()..];
        if rest.starts_with(b"--") {
            break;
        }
        let end = find(rest, delimiter.as_bytes()).unwrap_or(rest.len());
        let part = &rest[..end];
        let part = part.strip_prefix(b"\r\n").unwrap_or(part);
        let part = part.strip_suffix(b"\r\n").unwrap_or(part);
        let Some(split) = find(part, b"\r\n\r\n") else {
            continue;
        };
        let headers = String::from_utf8_lossy(&part[..split]);
        let content = &part[split + 4..];
        let disposition = headers
            .lines()
            .find(|line| {
                line.to_ascii_lowercase()
                    .starts_with("content-disposition:")
            })
            .unwrap_or_default();
        let param = |key: &str| {
            disposition.split(';').find_map(|p| {
                let value = p.trim().strip_prefix(key)?.strip_prefix('=')?;
                Some(value.trim_matches('"').to_owned())
            })
        };
        let Some(name) = param("name") else { continue };
        let value = match param("filename") {
            Some(file_name) => {
                let value = json!({ "file_name": file_name, "size": content.len() });
                let part_type = headers.lines().find_map(|line| {
                    let (key, value) = line.split_once(':')?;
                    key.trim()
                        .eq_ignore_ascii_case("content-type")
                        .then(|| value.trim().to_owned())
                });
                let upload = Upload {
                    file_name,
                    content_type: part_type,
                    bytes: content.to_vec(),
                };
                uploads.insert(name.clone(), upload);
                value
            }
            None => Value::String(String::from_utf8_lossy(content).into_owned()),
        };
        fields.insert(name, value);
    }
    Ok((fields, uploads))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

fn form(encoded: &str) -> Map<String, Value> {
    encoded
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(key), Value::String(percent_decode(value)))
        })
        .collect()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match bytes.get(i + 1..i + 3).and_then(hex_byte) {
                Some(byte) => {
                    out.push(byte);
                    i += 3;
                    continue;
                }
                None => out.push(b'%'),
            },
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_byte(digits: &[u8]) -> Option<u8> {
    let value = |d: u8| (d as char).to_digit(16);
    u8::try_from(value(digits[0])? * 16 + value(digits[1])?).ok()
}
