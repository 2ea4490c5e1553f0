//! Advice on a pack that is valid but would catch a facilitator out on the day: an activity
//! whose planned minutes leave its own slides no time, or whose phases run past its slot.
//! `convene validate` prints it; nothing refuses a pack for it.

use super::{ItemKind, Pack};

/// The least time a slide shown before an activity needs: read out, a sentence or two added.
const SECONDS_A_SLIDE: u32 = 60;

/// One line of advice per programme item whose timings do not add up.
pub fn timing_advice(pack: &Pack) -> Vec<String> {
    let mut advice = Vec::new();
    for (index, item) in pack.programme.items.iter().enumerate() {
        let ItemKind::Activity(id) = &item.kind else {
            continue;
        };
        let Some(activity) = pack.activity(id) else {
            continue;
        };
        let phases = activity.total_seconds();
        let slides = pack.item_slides(index).len() as u32;
        if phases > item.seconds {
            advice.push(format!(
                "programme item \"{}\": its phases add up to {} but it is planned for {}, so it runs over its slot; give it more minutes or shorten a phase",
                item.id,
                minutes(phases),
                minutes(item.seconds),
            ));
            continue;
        }
        let left = item.seconds - phases;
        if slides > 0 && left < slides * SECONDS_A_SLIDE {
            advice.push(format!(
                "programme item \"{}\": its phases ({}) leave {} for its {} slide{} (about a minute a slide is the least); give it more minutes or shorten a phase",
                item.id,
                minutes(phases),
                if left == 0 { "no time".to_string() } else { minutes(left) },
                slides,
                if slides == 1 { "" } else { "s" },
            ));
        }
    }
    advice
}

fn minutes(seconds: u32) -> String {
    match seconds % 60 {
        0 => format!("{} min", seconds / 60),
        s => format!("{} min {s} s", seconds / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::PackFiles;

    fn pack_with(item_minutes: &str, phase_minutes: [u32; 2]) -> Pack {
        let mut files = PackFiles::builtin();
        let workshop = format!(
            "title = \"T\"\nstart = \"09:00\"\nslides = \"slides.md\"\n\
             [[programme]]\nid = \"a\"\ntitle = \"A\"\nkind = \"activity\"\nactivity = \"a\"\nsection = \"a\"\n{item_minutes}\n"
        );
        let activity = format!(
            "title = \"A\"\n[[phases]]\nname = \"One\"\nminutes = {}\ninstructions = \"Do it.\"\n\
             [[phases]]\nname = \"Two\"\nminutes = {}\ninstructions = \"Do more.\"\n",
            phase_minutes[0], phase_minutes[1]
        );
        files.files.clear();
        files.files.insert("workshop.toml".into(), workshop.into_bytes());
        files.files.insert("a.toml".into(), activity.into_bytes());
        files.files.insert(
            "slides.md".into(),
            b"<!-- section: a -->\n## One\n\nx\n\n---\n\n## Two\n\ny\n".to_vec(),
        );
        Pack::from_files(files).expect("the test pack is valid")
    }

    #[test]
    fn slides_with_a_minute_each_need_no_advice() {
        assert_eq!(
            timing_advice(&pack_with("minutes = 12", [4, 6])),
            Vec::<String>::new()
        );
    }

    #[test]
    fn slides_left_without_time_are_named() {
        let advice = timing_advice(&pack_with("minutes = 11", [4, 6]));
        assert_eq!(
            advice,
            [
                "programme item \"a\": its phases (10 min) leave 1 min for its 2 slides (about a minute a slide is the least); give it more minutes or shorten a phase"
            ]
        );
        // With no minutes given the item lasts as long as its phases: the slides get nothing.
        let advice = timing_advice(&pack_with("", [4, 6]));
        assert!(advice[0].contains("leave no time for its 2 slides"), "{advice:?}");
    }

    #[test]
    fn phases_longer_than_the_slot_are_named() {
        let advice = timing_advice(&pack_with("minutes = 9", [4, 6]));
        assert_eq!(
            advice,
            [
                "programme item \"a\": its phases add up to 10 min but it is planned for 9 min, so it runs over its slot; give it more minutes or shorten a phase"
            ]
        );
    }

    #[test]
    fn the_builtin_workshop_gives_every_slide_time() {
        let pack = Pack::builtin().expect("the built-in pack is valid");
        assert_eq!(timing_advice(&pack), Vec::<String>::new());
    }
}
