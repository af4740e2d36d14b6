//! The bank accounts a ticket tells resellers to pay into (`/rekening`).
use sqlx::{Connection, PgConnection};

use crate::audit::{self, Action, Entry};
use crate::text::audit as say;

pub use crate::domain::deposit::BankAccountError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankAccount {
    pub bank_account_id: i64,
    pub bank: String,
    pub number: String,
    pub holder: String,
}

from_row!(BankAccount {
    bank_account_id,
    bank,
    number,
    holder
});

impl<'a> From<&'a BankAccount> for crate::text::deposits::AccountFacts<'a> {
    fn from(a: &'a BankAccount) -> Self {
        Self {
            bank_account_id: a.bank_account_id,
            bank: &a.bank,
            number: &a.number,
            holder: &a.holder,
        }
    }
}

impl BankAccount {
    /// Checks what an admin typed, before anything is stored.
    pub fn check(bank: &str, number: &str, holder: &str) -> Result<(), BankAccountError> {
        if !(1..=30).contains(&bank.chars().count()) {
            return Err(BankAccountError::Bank);
        }
        if !(4..=30).contains(&number.len()) || !number.bytes().all(|b| b.is_ascii_digit()) {
            return Err(BankAccountError::Number);
        }
        if !(1..=60).contains(&holder.chars().count()) {
            return Err(BankAccountError::Holder);
        }
        Ok(())
    }

    /// Adds an account, with its audit row; adding one already shown changes nothing and
    /// records nothing. Returns it as stored.
    pub async fn add(
        conn: &mut PgConnection,
        admin_id: i64,
        bank: &str,
        number: &str,
        holder: &str,
    ) -> sqlx::Result<BankAccount> {
        let mut tx = conn.begin().await?;
        let inserted: Option<BankAccount> = sqlx::query_as(
            "insert into bank_accounts (bank, number, holder, created_by) values ($1, $2, $3, $4)
             on conflict (lower(bank), number) where active do nothing
             returning bank_account_id, bank, number, holder",
        )
        .bind(bank.to_uppercase())
        .bind(number)
        .bind(holder)
        .bind(admin_id)
        .fetch_optional(&mut *tx)
        .await?;
        let account = match inserted {
            Some(account) => {
                let entry = Entry::new(admin_id, Action::BankAccount, account.subject())
                    .change("", account.words());
                audit::record(&mut tx, &entry).await?;
                account
            }
            None => {
                sqlx::query_as(
                    "select bank_account_id, bank, number, holder from bank_accounts
                      where lower(bank) = lower($1) and number = $2 and active",
                )
                .bind(bank)
                .bind(number)
                .fetch_one(&mut *tx)
                .await?
            }
        };
        tx.commit().await?;
        Ok(account)
    }

    /// Stops showing an account (kept for the record), with the audit row. Returns it, or
    /// `None` if no shown account has that number.
    pub async fn remove(
        conn: &mut PgConnection,
        admin_id: i64,
        bank_account_id: i64,
    ) -> sqlx::Result<Option<BankAccount>> {
        let mut tx = conn.begin().await?;
        let removed: Option<BankAccount> = sqlx::query_as(
            "update bank_accounts set active = false where bank_account_id = $1 and active
             returning bank_account_id, bank, number, holder",
        )
        .bind(bank_account_id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(account) = &removed {
            let entry = Entry::new(admin_id, Action::BankAccount, account.subject())
                .change(account.words(), say::REMOVED);
            audit::record(&mut tx, &entry).await?;
            tx.commit().await?;
        }
        Ok(removed)
    }

    fn subject(&self) -> String {
        say::bank_account_id(self.bank_account_id)
    }

    fn words(&self) -> String {
        say::bank_account(&self.bank, &self.number, &self.holder)
    }

    /// The accounts shown on tickets, in the order they were added.
    pub async fn shown(conn: &mut PgConnection) -> sqlx::Result<Vec<BankAccount>> {
        sqlx::query_as(
            "select bank_account_id, bank, number, holder from bank_accounts
              where active order by bank_account_id",
        )
        .fetch_all(conn)
        .await
    }
}
