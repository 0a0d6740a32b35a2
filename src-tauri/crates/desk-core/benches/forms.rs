//! Speed of the shared form checks (numbers in docs/performance.md): the bulk
//! licence CSV preview at its row limit, and one draft validation as the new
//! request form runs it on every change.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use desk_core::api::catalogue_data::standard_catalog;
use desk_core::forms::{self, MAX_CSV_ROWS};
use serde_json::json;

fn forms(c: &mut Criterion) {
    let catalog = standard_catalog();
    let rt = catalog
        .request_type("email.licence_assign")
        .expect("request type")
        .clone();
    let mut file = String::from("\u{feff}user_name;user_email;licence;start_date\r\n");
    for i in 0..MAX_CSV_ROWS {
        // Every tenth row has a bad e-mail, so problems are explained too.
        let email = if i % 10 == 0 {
            format!("lietotajs{i}")
        } else {
            format!("lietotajs{i}@iestade.gov.lv")
        };
        file.push_str(&format!(
            "Lietotājs {i};{email};exchange_online_plan_1;1.12.2026.\r\n"
        ));
    }
    let mut g = c.benchmark_group("forms");
    g.sample_size(10);
    g.bench_function("licence CSV preview, 5,000 rows", |b| {
        b.iter(|| {
            let preview = forms::parse_request_csv(&rt, black_box(file.as_bytes()));
            black_box(preview.map(|p| p.invalid()).unwrap_or(0))
        })
    });
    g.finish();
    let fields = json!({"user_name": "Jānis Bērziņš", "user_email": "nav-epasts", "licence": "exchange_online_plan_1"});
    c.bench_function("validate one new request (schema compiled per call)", |b| {
        b.iter(|| forms::validate_new_request(&rt, "Licence", "", black_box(&fields)))
    });
}

criterion_group!(benches, forms);
criterion_main!(benches);
