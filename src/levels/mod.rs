//! Price levels: what each reseller pays for a product, from its cost price, their level's
//! markup, and any price an admin set for one product at one level.
//!
//! The rule lives in one SQL expression, [`level_price!`], which every query that prices a
//! product for a reseller uses (a purchase and `/harga` can never disagree).

/// A product's price at a level, in a query that names the product `p`, the level `l` and the
/// product's own price for that level `lp` (a left join: absent when none was set). In order: the
/// product's price for the level; its cost plus the level's markup (rupiah, or hundredths of a
/// percent rounded up to the rupiah), when both exist; its list price.
macro_rules! level_price {
    () => {
        "coalesce(lp.price,
                  case when p.cost is null then null
                       when l.markup_kind = 'rupiah' then p.cost + l.markup
                       when l.markup_kind = 'percent' then p.cost + (p.cost * l.markup + 9999) / 10000
                  end,
                  p.price)"
    };
}

/// The joins [`level_price!`] needs, for the user whose id is the parameter `$user` and the
/// products already in the query as `p`: their level (the default when they have none) and the
/// product's price for it.
macro_rules! level_joins {
    ($user:literal) => {
        concat!(
            " join price_levels l on l.level_id = coalesce(
                   (select level_id from users where user_id = ",
            $user,
            "), (select level_id from price_levels where is_default))
              left join product_level_prices lp
                     on lp.product_id = p.product_id and lp.level_id = l.level_id "
        )
    };
}
