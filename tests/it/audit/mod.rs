//! The audit trail (R38): every admin command that changes something leaves one row, written
//! with the change; `/audit` pages them and `/audit csv` exports them.
mod commands;
mod reading;

use crate::helpers::TestApp;

/// One recorded change as a test compares it: admin, action, subject, before, after.
type Row = (i64, String, String, String, String);

impl TestApp {
    async fn audit_rows(&self) -> i64 {
        self.count("select count(*) from admin_actions").await
    }

    /// The newest recorded change.
    async fn newest_audit(&self) -> Row {
        sqlx::query_as(
            "select admin_id, action, subject, before, after from admin_actions
              order by action_id desc limit 1",
        )
        .fetch_one(&self.db.pool)
        .await
        .unwrap()
    }
}

fn row(admin: i64, [action, subject, before, after]: [&str; 4]) -> Row {
    (
        admin,
        action.into(),
        subject.into(),
        before.into(),
        after.into(),
    )
}
