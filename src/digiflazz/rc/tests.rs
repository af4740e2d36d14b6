//! One test per row of the table, each stating its expectation independently of `GAGAL`.
use super::*;

macro_rules! row {
    ($name:ident, $status:expr, $rc:expr, $verdict:expr) => {
        #[test]
        fn $name() {
            assert_eq!(classify($status, $rc), $verdict);
        }
    };
}

const fn failed(class: FailClass) -> Option<Verdict> {
    Some(Verdict::Failed(class))
}

row!(sukses_00_is_success, "Sukses", "00", Some(Verdict::Success));
row!(
    pending_03_is_pending,
    "Pending",
    "03",
    Some(Verdict::Pending)
);
row!(
    pending_99_router_issue_is_pending,
    "Pending",
    "99",
    Some(Verdict::Pending)
);
row!(gagal_01_timeout_is_seller, "Gagal", "01", failed(Seller));
row!(gagal_02_is_general, "Gagal", "02", failed(General));
row!(gagal_40_payload_is_general, "Gagal", "40", failed(General));
row!(
    gagal_41_signature_is_account,
    "Gagal",
    "41",
    failed(Account)
);
row!(gagal_42_username_is_account, "Gagal", "42", failed(Account));
row!(
    gagal_43_sku_inactive_is_product,
    "Gagal",
    "43",
    failed(Product)
);
row!(gagal_44_balance_is_account, "Gagal", "44", failed(Account));
row!(gagal_45_ip_is_account, "Gagal", "45", failed(Account));
row!(
    gagal_47_other_buyer_is_general,
    "Gagal",
    "47",
    failed(General)
);
row!(
    gagal_49_ref_not_unique_is_general,
    "Gagal",
    "49",
    failed(General)
);
row!(
    gagal_50_not_found_is_general,
    "Gagal",
    "50",
    failed(General)
);
row!(
    gagal_51_number_blocked_is_customer,
    "Gagal",
    "51",
    failed(Customer)
);
row!(gagal_52_prefix_is_customer, "Gagal", "52", failed(Customer));
row!(
    gagal_53_unavailable_is_product,
    "Gagal",
    "53",
    failed(Product)
);
row!(
    gagal_54_wrong_number_is_customer,
    "Gagal",
    "54",
    failed(Customer)
);
row!(
    gagal_55_disrupted_is_product,
    "Gagal",
    "55",
    failed(Product)
);
row!(
    gagal_56_seller_limit_is_seller,
    "Gagal",
    "56",
    failed(Seller)
);
row!(gagal_57_digits_is_customer, "Gagal", "57", failed(Customer));
row!(gagal_58_cut_off_is_product, "Gagal", "58", failed(Product));
row!(
    gagal_59_out_of_area_is_customer,
    "Gagal",
    "59",
    failed(Customer)
);
row!(
    gagal_60_no_bill_is_customer,
    "Gagal",
    "60",
    failed(Customer)
);
row!(
    gagal_61_never_deposited_is_account,
    "Gagal",
    "61",
    failed(Account)
);
row!(
    gagal_62_seller_disrupted_is_seller,
    "Gagal",
    "62",
    failed(Seller)
);
row!(gagal_63_no_multi_is_seller, "Gagal", "63", failed(Seller));
row!(gagal_64_ticket_is_general, "Gagal", "64", failed(General));
row!(
    gagal_65_multi_limit_is_seller,
    "Gagal",
    "65",
    failed(Seller)
);
row!(
    gagal_66_seller_cut_off_is_product,
    "Gagal",
    "66",
    failed(Product)
);
row!(
    gagal_67_seller_unverified_is_seller,
    "Gagal",
    "67",
    failed(Seller)
);
row!(
    gagal_68_out_of_stock_is_product,
    "Gagal",
    "68",
    failed(Product)
);
row!(
    gagal_69_above_max_price_is_product,
    "Gagal",
    "69",
    failed(Product)
);
row!(
    gagal_70_biller_timeout_is_seller,
    "Gagal",
    "70",
    failed(Seller)
);
row!(gagal_71_unstable_is_product, "Gagal", "71", failed(Product));
row!(
    gagal_72_unreg_first_is_customer,
    "Gagal",
    "72",
    failed(Customer)
);
row!(
    gagal_73_kwh_limit_is_customer,
    "Gagal",
    "73",
    failed(Customer)
);
row!(gagal_74_refund_is_general, "Gagal", "74", failed(General));
row!(
    gagal_80_blocked_by_seller_is_account,
    "Gagal",
    "80",
    failed(Account)
);
row!(
    gagal_81_seller_blocked_by_us_is_account,
    "Gagal",
    "81",
    failed(Account)
);
row!(
    gagal_82_unverified_is_account,
    "Gagal",
    "82",
    failed(Account)
);
row!(
    gagal_83_price_list_limit_is_general,
    "Gagal",
    "83",
    failed(General)
);
row!(
    gagal_84_bad_nominal_is_customer,
    "Gagal",
    "84",
    failed(Customer)
);
row!(
    gagal_85_transaction_limit_is_customer,
    "Gagal",
    "85",
    failed(Customer)
);
row!(
    gagal_86_pln_check_limit_is_general,
    "Gagal",
    "86",
    failed(General)
);
row!(
    gagal_87_emoney_multiple_is_customer,
    "Gagal",
    "87",
    failed(Customer)
);
row!(
    gagal_88_action_refused_is_account,
    "Gagal",
    "88",
    failed(Account)
);
row!(gagal_unknown_rc_is_general, "Gagal", "97", failed(General));
row!(gagal_without_rc_is_general, "Gagal", "", failed(General));
row!(
    sukses_is_success_whatever_the_rc,
    "Sukses",
    "54",
    Some(Verdict::Success)
);
row!(
    status_is_read_without_case_or_padding,
    " gagal ",
    " 54 ",
    failed(Customer)
);
row!(unknown_status_is_no_verdict, "Diproses", "00", None);
row!(empty_status_is_no_verdict, "", "00", None);

#[test]
fn only_product_seller_and_account_fail_over() {
    assert!(Product.fails_over());
    assert!(Seller.fails_over());
    assert!(Account.fails_over());
    assert!(!Customer.fails_over());
    assert!(!General.fails_over());
}

#[test]
fn every_row_of_the_table_has_its_own_test_above() {
    let here: String = include_str!("tests.rs").split_whitespace().collect();
    for (code, _, _) in GAGAL {
        assert!(
            here.contains(&format!("\"Gagal\",\"{code}\"")),
            "rc {code} has no test"
        );
    }
}
