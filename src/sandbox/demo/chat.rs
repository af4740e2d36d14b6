//! The terminal end of the sandbox chat: each line typed is a Telegram message from the
//! person, and whatever the bot sends them is printed the moment the fake Telegram accepts it.
use std::io::{BufRead, IsTerminal, Write};

use tokio::sync::{broadcast, mpsc};

use super::bank::DemoBank;
use crate::sandbox::sim::telegram::{FakeTelegram, FakeUser, FileKind, SentMessage};

const PROMPT: &str = "Anda> ";
const BOT: &str = "loket│ ";
/// Lines of a document shown in the chat.
const DOCUMENT_PREVIEW_LINES: usize = 6;

/// Inline buttons of the latest bot message that had any, numbered from 1 as printed.
#[derive(Default)]
struct Buttons {
    message_id: i64,
    data: Vec<String>,
}

/// The last messages typed, so a reply can show which one it answers, as Telegram quotes it.
#[derive(Default)]
struct Typed(std::collections::VecDeque<(i64, String)>);

impl Typed {
    const KEPT: usize = 50;

    fn note(&mut self, message_id: i64, text: &str) {
        if self.0.len() == Self::KEPT {
            self.0.pop_front();
        }
        let first = text.lines().next().unwrap_or_default();
        self.0
            .push_back((message_id, first.chars().take(40).collect()));
    }

    fn quote(&self, message_id: i64) -> &str {
        let found = self.0.iter().find(|(id, _)| *id == message_id);
        found.map_or("…", |(_, text)| text.as_str())
    }
}

/// Runs until Ctrl-C or end of input.
pub async fn run(tg: &FakeTelegram, user: &FakeUser, bank: &DemoBank) {
    let mut sent = tg.subscribe();
    let mut answers = tg.subscribe_answers();
    let mut lines = stdin_lines();
    let mut buttons = Buttons::default();
    let mut typed = Typed::default();
    let tty = std::io::stdout().is_terminal();
    prompt();
    loop {
        tokio::select! {
            message = sent.recv() => match message {
                Ok(m) if m.chat_id == user.id => {
                    show(&m, tty, &typed);
                    if !m.buttons().is_empty() {
                        buttons = list_buttons(&m);
                    } else if m.edit && m.message_id == buttons.message_id {
                        // The message whose buttons were listed has lost them (a menu used,
                        // closed or gone stale): a number typed now is a message again.
                        buttons = Buttons::default();
                    }
                    prompt();
                }
                Ok(_) => {}
                Err(broadcast::error::RecvError::Lagged(n)) => {
                    println!("\n({n} pesan terlewat karena terminal tertinggal)");
                }
                Err(broadcast::error::RecvError::Closed) => return,
            },
            answer = answers.recv() => match answer {
                // The pop-up a button press is answered with (a menu gone stale, a product in
                // gangguan, a confirmation no longer valid).
                Ok(a) if a.chat_id == Some(user.id) => {
                    if let Some(text) = a.text {
                        show_notice(&text, tty);
                        prompt();
                    }
                }
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => return,
            },
            line = lines.recv() => {
                let Some(line) = line else { return };
                let text = line.trim();
                if text.is_empty() {
                    prompt();
                    continue;
                }
                if let Some(path) = text.strip_prefix(":kirim ") {
                    send_file(tg, user, path.trim()).await;
                    prompt();
                    continue;
                }
                if DemoBank::is_interest(text) {
                    println!("{BOT}{}", bank.interest().await);
                    prompt();
                    continue;
                }
                if let Some(ticket) = DemoBank::command(text) {
                    let said = bank.pay(user.id, ticket).await;
                    println!("{BOT}{said}");
                    prompt();
                    continue;
                }
                match text.parse::<usize>().ok().and_then(|n| buttons.data.get(n.wrapping_sub(1))) {
                    Some(data) => {
                        tg.user_presses(user, buttons.message_id, data).await;
                    }
                    None => {
                        typed.note(tg.user_sends(user, text).await.message_id, text);
                    }
                }
            }
            _ = tokio::signal::ctrl_c() => {
                println!();
                return;
            }
        }
    }
}

/// Files the chat sends from disk: Telegram's own limit on what a bot may download.
const MAX_SEND_BYTES: u64 = 20 * 1024 * 1024;

/// `:kirim <path>`: the file at `path` sent as a document, as a person attaches one.
async fn send_file(tg: &FakeTelegram, user: &FakeUser, path: &str) {
    let path = std::path::Path::new(path);
    let size = std::fs::metadata(path).map(|m| m.len());
    let bytes = match size {
        Ok(size) if size > MAX_SEND_BYTES => {
            println!(
                "{BOT}(berkas {} terlalu besar untuk Telegram: maksimal 20 MB)",
                path.display()
            );
            return;
        }
        Ok(_) => std::fs::read(path),
        Err(e) => Err(e),
    };
    match bytes {
        Ok(bytes) => {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("berkas");
            tg.user_sends_document(user, name, bytes, None).await;
        }
        Err(e) => println!("{BOT}(berkas {} tidak bisa dibaca: {e})", path.display()),
    }
}

/// Lines from a plain thread: tokio's stdin would keep the runtime from exiting while a read
/// is blocked, so Ctrl-C would wait for Enter.
fn stdin_lines() -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel(16);
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if tx.blocking_send(line).is_err() {
                break;
            }
        }
    });
    rx
}

fn prompt() {
    let mut out = std::io::stdout().lock();
    let _ = write!(out, "{PROMPT}");
    let _ = out.flush();
}

fn show(m: &SentMessage, tty: bool, typed: &Typed) {
    let mut out = std::io::stdout().lock();
    // The prompt is already on the line; start the message on a clean one.
    let _ = if tty {
        write!(out, "\r\x1b[K")
    } else {
        writeln!(out)
    };
    if m.edit {
        let _ = writeln!(out, "{BOT}(pesan sebelumnya diubah)");
    }
    // What Telegram shows without words: a reply sits under the message it answers, and a
    // quiet message arrives without a sound (R47).
    let quiet = if m.quiet { ", tanpa bunyi" } else { "" };
    let _ = match m.reply_to {
        Some(id) => writeln!(out, "{BOT}(membalas \"{}\"{quiet})", typed.quote(id)),
        None if m.quiet => writeln!(out, "{BOT}(tanpa bunyi)"),
        None => Ok(()),
    };
    if m.is_photo() {
        let _ = writeln!(out, "{BOT}[gambar]");
        // Kept on disk, so that a receipt or a chart can be opened and looked at.
        if let Some(bytes) = m.file_bytes() {
            let path = std::env::temp_dir().join(format!("loket-gambar-{}.png", m.message_id));
            if std::fs::write(&path, bytes).is_ok() {
                let _ = writeln!(out, "{BOT}  disimpan di {}", path.display());
            }
        }
    }
    if let Some(file) = m.file.as_ref().filter(|f| f.kind == FileKind::Document) {
        let bytes = file.bytes.as_deref().unwrap_or_default();
        let name = file.file_name.as_deref().unwrap_or("dokumen");
        let _ = writeln!(out, "{BOT}[dokumen {name}, {} byte]", bytes.len());
        // Kept on disk, so it can be edited and sent back with `:kirim`. Names the bot gives
        // files are letters, digits, `.`, `_` and `-` only.
        let path = std::env::temp_dir().join(name);
        if std::fs::write(&path, bytes).is_ok() {
            let _ = writeln!(out, "{BOT}  disimpan di {}", path.display());
        }
        // A text file (the report's CSV) is shown in part, as a preview would; a spreadsheet
        // (.xlsx) is a zip, not text.
        let text = std::str::from_utf8(bytes).unwrap_or_default();
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
        for line in lines.iter().take(DOCUMENT_PREVIEW_LINES) {
            let _ = writeln!(out, "{BOT}  {line}");
        }
        if lines.len() > DOCUMENT_PREVIEW_LINES {
            let _ = writeln!(
                out,
                "{BOT}  … {} baris lagi",
                lines.len() - DOCUMENT_PREVIEW_LINES
            );
        }
    }
    for line in m.plain_text.lines() {
        let _ = writeln!(out, "{BOT}{line}");
    }
    let _ = out.flush();
}

fn show_notice(text: &str, tty: bool) {
    let mut out = std::io::stdout().lock();
    let _ = if tty {
        write!(out, "\r\x1b[K")
    } else {
        writeln!(out)
    };
    let _ = writeln!(out, "{BOT}(notifikasi) {text}");
    let _ = out.flush();
}

/// Prints the buttons a row to a line, as Telegram lays them out, numbered for typing.
fn list_buttons(m: &SentMessage) -> Buttons {
    let mut out = std::io::stdout().lock();
    let mut data = Vec::new();
    let mut rows = Vec::new();
    for row in m.buttons() {
        let mut labels = Vec::new();
        for button in row {
            if let Some(d) = button.callback_data {
                data.push(d);
                labels.push(format!("[{}] {}", data.len(), button.text));
            }
        }
        if !labels.is_empty() {
            rows.push(labels.join("  "));
        }
    }
    let last = rows.len().saturating_sub(1);
    for (i, row) in rows.iter().enumerate() {
        let hint = if i == last {
            "   (ketik nomornya untuk menekan)"
        } else {
            ""
        };
        let _ = writeln!(out, "{BOT}{row}{hint}");
    }
    Buttons {
        message_id: m.message_id,
        data,
    }
}
