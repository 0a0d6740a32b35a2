//! What the institution's person may do with a request in its current status:
//! the buttons of the request detail. The rules are VRAA's (the sandbox
//! refuses the same calls): nothing is added to a closed or cancelled request,
//! state-changing actions follow `RequestStatus::after_customer_action`, and a
//! resolved or closed request can be rated once.

use serde::{Deserialize, Serialize};

use crate::api::{CustomerAction, RequestStatus};

/// An action of the request detail (IPC `ActionKind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum RequestAction {
    Comment,
    Attach,
    ProvideInformation,
    Cancel,
    ConfirmResolution,
    Reopen,
    Rate,
}

impl RequestAction {
    /// The status-changing API action behind this one, if any.
    pub fn customer_action(self) -> Option<CustomerAction> {
        match self {
            RequestAction::ProvideInformation => Some(CustomerAction::ProvideInformation),
            RequestAction::Cancel => Some(CustomerAction::Cancel),
            RequestAction::ConfirmResolution => Some(CustomerAction::ConfirmResolution),
            RequestAction::Reopen => Some(CustomerAction::Reopen),
            RequestAction::Comment | RequestAction::Attach | RequestAction::Rate => None,
        }
    }
}

/// The actions `status` allows, in the order the detail shows them.
/// `already_rated`: the request has a rating (only one is accepted).
pub fn allowed_actions(status: RequestStatus, already_rated: bool) -> Vec<RequestAction> {
    use RequestAction::*;
    let mut out = Vec::new();
    if !status.is_terminal() {
        out.extend([Comment, Attach]);
    }
    for action in [ProvideInformation, ConfirmResolution, Reopen, Cancel] {
        if action
            .customer_action()
            .is_some_and(|a| status.after_customer_action(a).is_some())
        {
            out.push(action);
        }
    }
    if matches!(status, RequestStatus::Resolved | RequestStatus::Closed) && !already_rated {
        out.push(Rate);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use RequestAction::*;
    use RequestStatus as S;

    #[test]
    fn each_status_allows_what_vraa_accepts() {
        assert_eq!(
            allowed_actions(S::Submitted, false),
            [Comment, Attach, Cancel]
        );
        assert_eq!(
            allowed_actions(S::InProgress, false),
            [Comment, Attach, Cancel]
        );
        assert_eq!(
            allowed_actions(S::WaitingForCustomer, false),
            [Comment, Attach, ProvideInformation, Cancel]
        );
        assert_eq!(
            allowed_actions(S::Resolved, false),
            [Comment, Attach, ConfirmResolution, Reopen, Rate]
        );
        assert_eq!(
            allowed_actions(S::Resolved, true),
            [Comment, Attach, ConfirmResolution, Reopen]
        );
        assert_eq!(allowed_actions(S::Closed, false), [Rate]);
        assert_eq!(allowed_actions(S::Closed, true), []);
        assert_eq!(allowed_actions(S::Cancelled, false), []);
        assert_eq!(
            allowed_actions(S::Reopened, false),
            [Comment, Attach, Cancel]
        );
    }

    #[test]
    fn actions_serialise_as_the_ipc_names() {
        assert_eq!(
            serde_json::to_value(ProvideInformation).expect("serialises"),
            "provideInformation"
        );
        assert_eq!(
            serde_json::to_value(ConfirmResolution).expect("serialises"),
            "confirmResolution"
        );
    }
}
