//! With `REGISTRATION=approval`, an admin's answer about someone waiting to be approved.
use sqlx::PgConnection;

/// Someone an admin approves or turns away, as they were found.
#[derive(Debug, Clone)]
pub struct Applicant {
    pub chat_id: i64,
    pub full_name: String,
    pub username: Option<String>,
    /// Whether this answer changed them: they were waiting (neither approved nor blocked).
    pub changed: bool,
    pub approved: bool,
}

/// Approves someone waiting, or turns them away (blocks them), under their row's lock; someone
/// already approved or blocked is left as they are. `None`: no such user.
pub async fn decide_applicant(
    conn: &mut PgConnection,
    user_id: i64,
    approve: bool,
) -> sqlx::Result<Option<Applicant>> {
    let found: Option<(i64, String, Option<String>, bool, bool)> = sqlx::query_as(
        "with waiting as (
              select user_id from users
               where user_id = $1 and not approved and not blocked for update),
              decided as (
              update users u set approved = u.approved or $2, blocked = u.blocked or not $2
                from waiting w where u.user_id = w.user_id
              returning u.user_id)
         select chat_id, full_name, username, exists (select 1 from decided),
                approved or ($2 and exists (select 1 from decided))
           from users where user_id = $1",
    )
    .bind(user_id)
    .bind(approve)
    .fetch_optional(conn)
    .await?;
    Ok(found.map(
        |(chat_id, full_name, username, changed, approved)| Applicant {
            chat_id,
            full_name,
            username,
            changed,
            approved,
        },
    ))
}
