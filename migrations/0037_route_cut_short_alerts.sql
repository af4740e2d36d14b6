-- The grouped alerts of 0009 and 0025 also count orders whose route was cut short: a GAGAL that
-- would have moved the order to its next supplier arrived after FAILOVER_WINDOW_SECS, or at
-- FAILOVER_MAX attempts, so the order failed there (R43). One alert a minute at most, with a
-- count, so a window set too narrow under load does not flood the admins' chats.
alter table callback_alert_windows drop constraint callback_alert_windows_kind_known;
alter table callback_alert_windows add constraint callback_alert_windows_kind_known
    check (kind in ('invalid', 'unknown_refid', 'mutation_invalid', 'mutation_refused',
                    'route_cut_short'));
