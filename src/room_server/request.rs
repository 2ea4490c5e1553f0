//! What a phone asks of the app, and the app's answer.

use tokio::sync::oneshot;

/// One phone's request, handed to the app over the inbox. The app decides it as it decides
/// a key (the session's rules, cleaning and budgets) and answers with [`PhoneRequest::answer`]
/// at once: the phone waits a short while for the answer, then gives up with "busy".
#[derive(Debug)]
pub struct PhoneRequest {
    pub ask: PhoneAsk,
    reply: oneshot::Sender<PhoneReply>,
}

/// What the phone asks for. Texts are as the phone sent them (within the size limits):
/// untrusted, not cleaned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PhoneAsk {
    AddNote {
        /// The phone's device cookie: a device, not a person.
        device: String,
        column: String,
        sector: Option<String>,
        text: String,
        author: Option<String>,
    },
    Vote {
        device: String,
        note: String,
        /// `true` adds one vote, `false` takes one back.
        add: bool,
    },
}

impl PhoneAsk {
    pub fn device(&self) -> &str {
        match self {
            PhoneAsk::AddNote { device, .. } | PhoneAsk::Vote { device, .. } => device,
        }
    }
}

/// The app's answer to a phone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PhoneReply {
    Ok,
    /// Refused, with words the phone shows its person as they are.
    Refused(String),
    /// The app cannot take it now; the phone may try again.
    Busy,
}

impl PhoneRequest {
    pub(crate) fn new(ask: PhoneAsk) -> (PhoneRequest, oneshot::Receiver<PhoneReply>) {
        let (reply, answer) = oneshot::channel();
        (PhoneRequest { ask, reply }, answer)
    }

    /// Answer the phone. Never blocks; an answer to a phone that gave up is dropped.
    pub fn answer(self, reply: PhoneReply) {
        let _ = self.reply.send(reply);
    }
}
