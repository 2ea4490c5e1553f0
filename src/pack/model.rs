//! The typed model of a workshop pack, as the rest of convene sees it once it has been read
//! and checked.

use chrono::{NaiveTime, TimeDelta};

use super::PackFiles;
use super::Slide;

/// A checked workshop pack.
#[derive(Debug, Clone)]
pub struct Pack {
    pub workshop: Workshop,
    pub sectors: Vec<Sector>,
    /// Note categories shared by activities that name none of their own.
    pub categories: Vec<Category>,
    pub programme: Programme,
    pub slides: Vec<Slide>,
    /// Sorted by id.
    pub activities: Vec<Activity>,
    /// The files it was read from, to copy into a session.
    pub files: PackFiles,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workshop {
    pub title: String,
    pub subtitle: Option<String>,
    /// Planned start time of day.
    pub start: NaiveTime,
    pub venue: Option<String>,
    pub facilitator: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sector {
    pub id: String,
    pub name: String,
    /// At most 8 characters, printed on every note so colour never carries meaning alone.
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub id: String,
    pub name: String,
}

/// The ordered items of the workshop.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Programme {
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub id: String,
    pub title: String,
    pub kind: ItemKind,
    /// Planned length.
    pub seconds: u32,
    /// The slide section shown for this item.
    pub section: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemKind {
    Slides,
    /// The id of the activity run in this item.
    Activity(String),
    Break,
}

impl ItemKind {
    pub fn name(&self) -> &'static str {
        match self {
            ItemKind::Slides => "slides",
            ItemKind::Activity(_) => "activity",
            ItemKind::Break => "break",
        }
    }
}

impl Programme {
    pub fn total_seconds(&self) -> u64 {
        self.items.iter().map(|i| i.seconds as u64).sum()
    }

    /// Each item's planned start, from the workshop's start time.
    pub fn planned_starts(&self, start: NaiveTime) -> Vec<NaiveTime> {
        let mut at = start;
        self.items
            .iter()
            .map(|item| {
                let this = at;
                at += TimeDelta::seconds(item.seconds as i64);
                this
            })
            .collect()
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.items.iter().position(|i| i.id == id)
    }
}

/// The most phases an activity may have: the pack check refuses more, and the timer keeps
/// `+`/`-` adjustments for this many (a journal line naming a phase beyond is ignored).
pub const MAX_PHASES: usize = 1_000;

/// A group activity: timed phases, and a board for the notes it produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    pub id: String,
    pub title: String,
    pub purpose: Option<String>,
    pub prompt: Option<String>,
    pub facilitator_notes: Option<String>,
    pub auto_advance: bool,
    /// Another activity whose board this one works on (to vote on earlier ideas).
    pub board: Option<String>,
    /// The board's columns; empty means the workshop's shared categories.
    pub categories: Vec<Category>,
    pub grouping: Option<Grouping>,
    pub voting: Option<Voting>,
    /// A prioritisation grid for the notes of its board.
    pub grid: Option<super::Grid>,
    pub phases: Vec<Phase>,
}

impl Activity {
    pub fn total_seconds(&self) -> u32 {
        self.phases.iter().map(|p| p.seconds).sum()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phase {
    pub name: String,
    pub seconds: u32,
    pub instructions: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grouping {
    pub size: u32,
    pub sectors: SectorMix,
}

/// How groups draw on the sectors in the room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectorMix {
    /// As many different sectors in each group as the room allows.
    Mixed,
    /// People from the same sector together.
    Same,
    Any,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Voting {
    /// Votes each attendee has (the budget is this times the attendees).
    pub per_person: Option<u32>,
    /// Votes the whole room has on this activity.
    pub total: Option<u32>,
}

impl Pack {
    pub fn activity(&self, id: &str) -> Option<&Activity> {
        self.activities.iter().find(|a| a.id == id)
    }

    pub fn sector(&self, id: &str) -> Option<&Sector> {
        self.sectors.iter().find(|s| s.id == id)
    }

    /// The slides of a section, in order.
    pub fn section_slides<'a>(&'a self, section: &'a str) -> impl Iterator<Item = &'a Slide> + 'a {
        self.slides.iter().filter(move |s| s.section == section)
    }

    /// The slides shown for a programme item.
    pub fn item_slides(&self, index: usize) -> Vec<&Slide> {
        match self.programme.items.get(index).and_then(|i| i.section.as_deref()) {
            Some(section) => self.section_slides(section).collect(),
            None => Vec::new(),
        }
    }

    /// The question an activity's board asks: its own prompt (an activity voting on another's
    /// notes asks its own question of them), else the prompt of the activity whose board it
    /// is, else the activity's title.
    pub fn question(&self, activity: &Activity) -> String {
        activity
            .prompt
            .clone()
            .or_else(|| {
                let owner = activity.board.as_deref()?;
                self.activity(owner).and_then(|a| a.prompt.clone())
            })
            .unwrap_or_else(|| activity.title.clone())
    }

    /// The board columns of an activity: its own, or the workshop's shared ones.
    pub fn categories_of<'a>(&'a self, activity: &'a Activity) -> &'a [Category] {
        if activity.categories.is_empty() {
            &self.categories
        } else {
            &activity.categories
        }
    }
}

/// The sectors a pack gets when it names none.
pub fn default_sectors() -> Vec<Sector> {
    [
        ("nhs", "NHS library and knowledge service", "NHS"),
        ("public-library", "Public library", "PubLib"),
        ("public-health", "Public health", "PubHlth"),
        ("academic", "Academic library", "Academic"),
        ("citizens-advice", "Citizens Advice", "CitAdv"),
        ("voluntary", "Charity / voluntary sector", "Charity"),
        ("social-care", "Social care", "SocCare"),
        ("public", "Patient or public member", "Public"),
        ("other", "Other", "Other"),
    ]
    .into_iter()
    .map(|(id, name, label)| Sector {
        id: id.to_string(),
        name: name.to_string(),
        label: label.to_string(),
    })
    .collect()
}

/// One screenful of a programme item: a slide, the activity's own screen, or a break.
#[derive(Debug, Clone, Copy)]
pub enum Page<'a> {
    Slide(&'a Slide),
    Activity(&'a Activity),
    /// The sticky-note board of an activity that has a prompt (or works on another's board).
    Board(&'a Activity),
    Break(&'a Item),
}

impl Page<'_> {
    /// How many presses reveal all of it.
    pub fn steps(&self) -> usize {
        match self {
            Page::Slide(s) => s.steps(),
            _ => 1,
        }
    }
}

impl Pack {
    /// The pages of a programme item, in order: its slides, then for an activity the
    /// activity's own screen (then its board, if it has a question for one), and for a break
    /// the page that says when the room is due back.
    pub fn pages(&self, index: usize) -> Vec<Page<'_>> {
        let Some(item) = self.programme.items.get(index) else {
            return Vec::new();
        };
        let mut pages: Vec<Page<'_>> = self.item_slides(index).into_iter().map(Page::Slide).collect();
        match &item.kind {
            ItemKind::Activity(id) => {
                if let Some(activity) = self.activity(id) {
                    pages.push(Page::Activity(activity));
                    if activity.prompt.is_some() || activity.board.is_some() {
                        pages.push(Page::Board(activity));
                    }
                }
            }
            ItemKind::Break => pages.push(Page::Break(item)),
            ItemKind::Slides => {}
        }
        pages
    }
}
