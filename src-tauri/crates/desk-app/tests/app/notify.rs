//! Native notifications from what a real sync brings: a staff comment is
//! news once, the user's own actions are not news, an information request
//! is one notice.

use chrono::Utc;
use desk_app::detail::{queue_action, ActionInput};
use desk_app::notify::Watcher;
use desk_core::settings::Language;
use vraa_sandbox::Seed;

use crate::common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_staff_comment_is_news_once_and_own_actions_are_not_news() {
    let sandbox = sandbox(Seed::Empty).await;
    let url = sandbox.base_url();
    let client = client(&url, VVD_TOKEN);
    let env = Env::new();
    env.store.queue_new_request(&issue("Paziņojumi")).unwrap();
    sync(&env.store, &client).await;
    let id = id_of(&env.store, "Paziņojumi");
    let detail = |env: &Env| vec![env.store.request_detail(&id).unwrap().unwrap()];
    let mut watcher = Watcher::default();
    // First sight (first sync): no notices.
    assert!(watcher.changed(&detail(&env), Language::Lv).is_empty());

    staff_comment(&url, &id, "Kurš lietotājs?").await;
    sync(&env.store, &client).await;
    let notices = watcher.changed(&detail(&env), Language::En);
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(
        notices[0].title.contains("comment from VRAA"),
        "{notices:?}"
    );
    assert_eq!(notices[0].body, "Kurš lietotājs?");
    assert_eq!(notices[0].request_id.as_deref(), Some(id.as_str()));

    // The user answers; the sync brings the request again: nothing new from VRAA.
    queue_action(
        &env.ctx(Utc::now()),
        &id,
        ActionInput::Comment {
            body: "Jānis Kļaviņš".into(),
        },
    )
    .unwrap();
    sync(&env.store, &client).await;
    let again = watcher.changed(&detail(&env), Language::En);
    assert!(
        again.is_empty(),
        "the old comment is not news again: {again:?}"
    );

    // VRAA asks for information: one notice, in Latvian.
    staff_path(
        &url,
        &id,
        &[
            "registered",
            "assigned",
            "in_progress",
            "waiting_for_customer",
        ],
    )
    .await;
    sync(&env.store, &client).await;
    let asked = watcher.changed(&detail(&env), Language::Lv);
    assert_eq!(asked.len(), 1, "{asked:?}");
    assert!(
        asked[0].title.contains("VRAA lūdz informāciju"),
        "{asked:?}"
    );
    assert!(watcher.changed(&detail(&env), Language::Lv).is_empty());
    sandbox.shutdown().await.unwrap();
}
