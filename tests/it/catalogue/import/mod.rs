//! A CSV file an admin sends: previewed with every bad line named, applied once on ✅, dropped
//! on ❌; the export read back and sent again changes nothing; files refused before download.
mod after_preview;
mod apply;
mod refusals;

use std::time::Instant;

use loket::sandbox::sim::telegram::{FakeUser, FileKind, SentMessage};

use crate::helpers::{ADMIN, RESELLER, TestApp, admin, reseller, spawn_app_with_sim};

const HEAD: &str = "kode,nama,kategori,brand,modal,harga,aktif\r\n";

impl TestApp {
    /// `user` sends `bytes` as the document `name`; the first reply containing `expect`.
    async fn send_file(
        &self,
        user: &FakeUser,
        name: &str,
        bytes: Vec<u8>,
        expect: &str,
    ) -> SentMessage {
        let mark = self.tg.message_mark();
        self.tg.user_sends_document(user, name, bytes, None).await;
        self.reply_after(mark, user.id, expect).await
    }

    /// Presses `label` under `question`; the edit of it containing `expect`.
    async fn press(&self, question: &SentMessage, label: &str, expect: &str) -> SentMessage {
        let data = question.callback_data(label).expect("the button");
        let mark = self.tg.message_mark();
        self.tg
            .user_presses(&admin(), question.message_id, &data)
            .await;
        let edited = self.reply_after(mark, ADMIN, expect).await;
        assert!(edited.edit, "the preview itself shows the outcome");
        edited
    }

    async fn product(
        &self,
        code: &str,
    ) -> Option<(String, Option<String>, Option<i64>, i64, bool)> {
        sqlx::query_as(
            "select p.name, c.name, p.cost, p.price, p.active from products p
               left join categories c on c.category_id = p.category_id where p.code = $1",
        )
        .bind(code)
        .fetch_optional(&self.db.pool)
        .await
        .unwrap()
    }
}

fn lines(m: &SentMessage) -> Vec<&str> {
    m.plain_text.lines().map(str::trim).collect()
}

fn assert_has(m: &SentMessage, expected: &[&str]) {
    let got = lines(m);
    for line in expected {
        assert!(got.contains(line), "{line:?} missing from {got:#?}");
    }
}
