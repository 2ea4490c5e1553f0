//! Due dates for actions, as a facilitator types them while talking: `friday`, `2w`,
//! `end of month`, `4 Dec`, `2026-12-04`. Everything is relative to a `today` passed in.
//!
//! Numeric dates are UK order: `4/12` is the 4th of December.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

/// A few accepted forms, for prompts and error messages.
pub const EXAMPLES: &str = "2026-12-04, 4 Dec, friday, 2w, end of month";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DueError {
    #[error("no due date given; try {EXAMPLES}")]
    Empty,
    #[error("\"{0}\" is not a date I know; try {EXAMPLES}")]
    Unknown(String),
    #[error("\"{input}\" is not a real date: {reason}")]
    Impossible { input: String, reason: String },
    #[error("\"{0}\" is too far ahead to be a due date")]
    TooFar(String),
}

/// Reads a due date. Case and extra spaces do not matter, and a leading `by` or `on` is
/// ignored (`by friday`). Accepted:
///
/// - `2026-12-04`; `4/12`, `4/12/2026`, `4/12/26` (day first); `4 Dec`, `4th December`,
///   `4 Dec 2026`, `Dec 4`. Without a year it is the next such date on or after today,
///   rolling into next year once it has passed.
/// - `today`, `tomorrow`.
/// - `3d`, `2w`, `1m`, `3 days`, `2 weeks`, `1 month`, `in 2 weeks`, `a fortnight`. `m` is
///   months: the same day of the month, or the month's last day if it is shorter (31 Jan +
///   1m is 28 or 29 Feb).
/// - `friday`, `fri`, `next friday`: the first Friday strictly after today. `next friday`
///   is deliberately the same as `friday`: whether it means this week's or next week's is
///   ambiguous in British English, and the simple rule is easy to check on screen.
///   `this friday` is today if today is a Friday, else the same.
/// - `end of week`, `eow`: the coming Friday (today on a Friday). `end of next week`: the
///   Friday of next week.
/// - `end of month`, `eom`: the last day of this month; `end of next month`.
/// - `next week`: the Monday of next week; `next month`: the 1st of next month.
pub fn parse_due(input: &str, today: NaiveDate) -> Result<NaiveDate, DueError> {
    let shown = input.trim();
    let text = shown.to_lowercase().replace(',', " ");
    let mut words: Vec<&str> = text.split_whitespace().collect();
    if matches!(words.first(), Some(&"by" | &"on")) && words.len() > 1 {
        words.remove(0);
    }
    if words.is_empty() {
        return Err(DueError::Empty);
    }
    let unknown = || DueError::Unknown(shown.to_string());
    let too_far = || DueError::TooFar(shown.to_string());
    let impossible = |reason: String| DueError::Impossible {
        input: shown.to_string(),
        reason,
    };

    let phrase = words.join(" ");
    // `None` when the phrase is not one of these; `Some(None)` only past the calendar's end.
    let fixed = match phrase.as_str() {
        "today" => Some(Some(today)),
        "tomorrow" => Some(today.succ_opt()),
        "end of week" | "end of the week" | "eow" => Some(on_or_after(today, Weekday::Fri)),
        "end of next week" => {
            Some(first_of_next_week(today).and_then(|monday| monday.checked_add_days(Days::new(4))))
        }
        "end of month" | "end of the month" | "eom" => Some(last_of_month(today, 0)),
        "end of next month" => Some(last_of_month(today, 1)),
        "next week" => Some(first_of_next_week(today)),
        "next month" => Some(first_of_month(today, 1)),
        _ => None,
    };
    if let Some(date) = fixed {
        return date.ok_or_else(too_far);
    }

    match words.as_slice() {
        [day] | ["next", day] => {
            if let Some(day) = weekday(day) {
                return after(today, day).ok_or_else(too_far);
            }
        }
        ["this", day] => {
            if let Some(day) = weekday(day) {
                return on_or_after(today, day).ok_or_else(too_far);
            }
        }
        _ => {}
    }

    let relative = match words.as_slice() {
        ["in", rest @ ..] => rest,
        rest => rest,
    };
    if let Some((count, unit)) = amount(relative) {
        let date = match unit {
            Unit::Days(per) => count
                .checked_mul(per)
                .and_then(|days| today.checked_add_days(Days::new(days))),
            Unit::Months => u32::try_from(count)
                .ok()
                .and_then(|months| today.checked_add_months(Months::new(months))),
        };
        return date.ok_or_else(too_far);
    }

    let (day, month, year) = match words.as_slice() {
        [iso] if iso.contains('-') => {
            let parts: Vec<&str> = iso.split('-').collect();
            match parts.as_slice() {
                [y, m, d] if y.len() == 4 && is_number(y, 4) && is_number(m, 2) && is_number(d, 2) => {
                    (num(d), num(m), Some(num(y)))
                }
                _ => return Err(unknown()),
            }
        }
        [numeric] if numeric.contains('/') => {
            let parts: Vec<&str> = numeric.split('/').collect();
            match parts.as_slice() {
                [d, m] if is_number(d, 2) && is_number(m, 2) => (num(d), num(m), None),
                [d, m, y]
                    if is_number(d, 2) && is_number(m, 2) && matches!(y.len(), 2 | 4) && is_number(y, 4) =>
                {
                    let y = num(y);
                    (num(d), num(m), Some(if y < 100 { 2000 + y } else { y }))
                }
                _ => return Err(unknown()),
            }
        }
        _ => day_and_month_name(&words).ok_or_else(unknown)?,
    };
    if !(1..=12).contains(&month) {
        return Err(impossible(format!("there is no month {month}")));
    }
    let name = MONTHS[month as usize - 1];
    if day == 0 {
        return Err(impossible("days of the month start at 1".to_string()));
    }
    match year {
        Some(year) => {
            let year = i32::try_from(year).map_err(|_| too_far())?;
            NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| match days_in_month(year, month) {
                Some(length) => impossible(format!("{name} {year} has {length} days")),
                None => too_far(),
            })
        }
        None => {
            if day > most_days(month) {
                let most = most_days(month);
                let reason = if month == 2 {
                    format!("{name} has at most {most} days")
                } else {
                    format!("{name} has {most} days")
                };
                return Err(impossible(reason));
            }
            // 29 February may be up to eight years away (2096 to 2104 skips a leap year).
            (today.year()..=today.year() + 8)
                .filter_map(|year| NaiveDate::from_ymd_opt(year, month, day))
                .find(|date| *date >= today)
                .ok_or_else(too_far)
        }
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

enum Unit {
    /// A unit counted in days (a week is 7).
    Days(u64),
    Months,
}

/// `3d`, `3 days`, `a week`, `2 fortnights`...
fn amount(words: &[&str]) -> Option<(u64, Unit)> {
    let (count, unit) = match words {
        [one] => {
            let split = one.find(|c: char| !c.is_ascii_digit())?;
            (&one[..split], &one[split..])
        }
        [count, unit] => (*count, *unit),
        _ => return None,
    };
    let count = match count {
        "a" | "an" | "one" => 1,
        digits if is_number(digits, 6) => digits.parse().ok()?,
        _ => return None,
    };
    let unit = match unit {
        "d" | "day" | "days" => Unit::Days(1),
        "w" | "wk" | "wks" | "week" | "weeks" => Unit::Days(7),
        "fortnight" | "fortnights" => Unit::Days(14),
        "m" | "mo" | "mos" | "month" | "months" => Unit::Months,
        _ => return None,
    };
    Some((count, unit))
}

/// `4 dec`, `4th of december 2026`, `dec 4`.
fn day_and_month_name(words: &[&str]) -> Option<(u32, u32, Option<u32>)> {
    let (day, month, year) = match words {
        [day, "of", month, rest @ ..] | [day, month, rest @ ..] if ordinal(day).is_some() => {
            (ordinal(day)?, month_number(month)?, rest)
        }
        [month, day, rest @ ..] => (ordinal(day)?, month_number(month)?, rest),
        _ => return None,
    };
    let year = match year {
        [] => None,
        [year] if year.len() == 4 && is_number(year, 4) => Some(num(year)),
        _ => return None,
    };
    Some((day, month, year))
}

/// `4`, `4th`, `1st`, `22nd`, `3rd`.
fn ordinal(word: &str) -> Option<u32> {
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| word.strip_suffix(suffix))
        .unwrap_or(word);
    is_number(digits, 2).then(|| num(digits))
}

fn month_number(word: &str) -> Option<u32> {
    let word = word.strip_suffix('.').unwrap_or(word);
    let month = match word {
        "jan" | "january" => 1,
        "feb" | "february" => 2,
        "mar" | "march" => 3,
        "apr" | "april" => 4,
        "may" => 5,
        "jun" | "june" => 6,
        "jul" | "july" => 7,
        "aug" | "august" => 8,
        "sep" | "sept" | "september" => 9,
        "oct" | "october" => 10,
        "nov" | "november" => 11,
        "dec" | "december" => 12,
        _ => return None,
    };
    Some(month)
}

fn weekday(word: &str) -> Option<Weekday> {
    let day = match word {
        "mon" | "monday" => Weekday::Mon,
        "tue" | "tues" | "tuesday" => Weekday::Tue,
        "wed" | "weds" | "wednesday" => Weekday::Wed,
        "thu" | "thur" | "thurs" | "thursday" => Weekday::Thu,
        "fri" | "friday" => Weekday::Fri,
        "sat" | "saturday" => Weekday::Sat,
        "sun" | "sunday" => Weekday::Sun,
        _ => return None,
    };
    Some(day)
}

fn is_number(text: &str, max_digits: usize) -> bool {
    !text.is_empty() && text.len() <= max_digits && text.bytes().all(|b| b.is_ascii_digit())
}

/// Only for text `is_number` accepted, which always fits.
fn num(digits: &str) -> u32 {
    digits.parse().unwrap_or(0)
}

fn days_until(today: NaiveDate, day: Weekday) -> u64 {
    let from = today.weekday().num_days_from_monday();
    let to = day.num_days_from_monday();
    u64::from((to + 7 - from) % 7)
}

/// The first such weekday strictly after today.
fn after(today: NaiveDate, day: Weekday) -> Option<NaiveDate> {
    let days = match days_until(today, day) {
        0 => 7,
        days => days,
    };
    today.checked_add_days(Days::new(days))
}

/// Today if it is that weekday, else the next one.
fn on_or_after(today: NaiveDate, day: Weekday) -> Option<NaiveDate> {
    today.checked_add_days(Days::new(days_until(today, day)))
}

fn first_of_next_week(today: NaiveDate) -> Option<NaiveDate> {
    after(today, Weekday::Mon)
}

/// The 1st of the month `ahead` months from today's.
fn first_of_month(today: NaiveDate, ahead: u32) -> Option<NaiveDate> {
    today.with_day(1)?.checked_add_months(Months::new(ahead))
}

/// The last day of the month `ahead` months from today's.
fn last_of_month(today: NaiveDate, ahead: u32) -> Option<NaiveDate> {
    first_of_month(today, ahead + 1)?.pred_opt()
}

fn days_in_month(year: i32, month: u32) -> Option<u32> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    last_of_month(first, 0).map(|last| last.day())
}

/// The most days the month ever has.
fn most_days(month: u32) -> u32 {
    match month {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Friday 27 November 2026.
    fn friday() -> NaiveDate {
        date(2026, 11, 27)
    }

    /// Wednesday 25 November 2026.
    fn wednesday() -> NaiveDate {
        date(2026, 11, 25)
    }

    #[track_caller]
    fn due(input: &str, today: NaiveDate) -> NaiveDate {
        match parse_due(input, today) {
            Ok(d) => d,
            Err(e) => panic!("{input:?}: {e}"),
        }
    }

    #[track_caller]
    fn message(input: &str, today: NaiveDate) -> String {
        match parse_due(input, today) {
            Ok(d) => panic!("{input:?} gave {d}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn the_test_days_are_what_they_say() {
        assert_eq!(friday().weekday(), Weekday::Fri);
        assert_eq!(wednesday().weekday(), Weekday::Wed);
    }

    #[test]
    fn iso_dates() {
        assert_eq!(due("2026-12-04", friday()), date(2026, 12, 4));
        assert_eq!(due("2027-3-9", friday()), date(2027, 3, 9));
        assert_eq!(due("2028-02-29", friday()), date(2028, 2, 29));
    }

    #[test]
    fn today_and_tomorrow() {
        assert_eq!(due("today", friday()), friday());
        assert_eq!(due("tomorrow", friday()), date(2026, 11, 28));
        assert_eq!(due("tomorrow", date(2026, 12, 31)), date(2027, 1, 1));
    }

    #[test]
    fn days_weeks_and_months_from_today() {
        let today = friday();
        assert_eq!(due("3d", today), date(2026, 11, 30));
        assert_eq!(due("3 days", today), date(2026, 11, 30));
        assert_eq!(due("1 day", today), date(2026, 11, 28));
        assert_eq!(due("in 3d", today), date(2026, 11, 30));
        assert_eq!(due("2w", today), date(2026, 12, 11));
        assert_eq!(due("2 weeks", today), date(2026, 12, 11));
        assert_eq!(due("in 2 weeks", today), date(2026, 12, 11));
        assert_eq!(due("a week", today), date(2026, 12, 4));
        assert_eq!(due("in a fortnight", today), date(2026, 12, 11));
        assert_eq!(due("1m", today), date(2026, 12, 27));
        assert_eq!(due("1 month", today), date(2026, 12, 27));
        assert_eq!(due("2 months", today), date(2027, 1, 27));
        assert_eq!(due("0d", today), today);
    }

    #[test]
    fn months_clamp_to_the_end_of_a_shorter_month() {
        assert_eq!(due("1m", date(2026, 1, 31)), date(2026, 2, 28));
        assert_eq!(due("1m", date(2028, 1, 31)), date(2028, 2, 29));
        assert_eq!(due("1 month", date(2026, 3, 31)), date(2026, 4, 30));
        assert_eq!(due("12m", date(2028, 2, 29)), date(2029, 2, 28));
    }

    #[test]
    fn weekdays_are_strictly_after_today() {
        let today = friday();
        assert_eq!(due("friday", today), date(2026, 12, 4));
        assert_eq!(due("fri", today), date(2026, 12, 4));
        assert_eq!(due("monday", today), date(2026, 11, 30));
        assert_eq!(due("sat", today), date(2026, 11, 28));
        assert_eq!(due("thursday", today), date(2026, 12, 3));

        let today = wednesday();
        assert_eq!(due("friday", today), date(2026, 11, 27));
        assert_eq!(due("thurs", today), date(2026, 11, 26));
        assert_eq!(due("wednesday", today), date(2026, 12, 2));
        assert_eq!(due("tue", today), date(2026, 12, 1));
    }

    #[test]
    fn next_friday_is_the_first_friday_after_today() {
        assert_eq!(due("next friday", friday()), date(2026, 12, 4));
        assert_eq!(due("next friday", wednesday()), date(2026, 11, 27));
        assert_eq!(due("next fri", wednesday()), due("friday", wednesday()));
    }

    #[test]
    fn this_friday_includes_today() {
        assert_eq!(due("this friday", friday()), friday());
        assert_eq!(due("this friday", wednesday()), date(2026, 11, 27));
        assert_eq!(due("this wed", wednesday()), wednesday());
    }

    #[test]
    fn end_of_week() {
        assert_eq!(due("end of week", friday()), friday());
        assert_eq!(due("eow", wednesday()), date(2026, 11, 27));
        assert_eq!(due("end of the week", date(2026, 11, 28)), date(2026, 12, 4));
        assert_eq!(due("end of next week", friday()), date(2026, 12, 4));
        assert_eq!(due("end of next week", wednesday()), date(2026, 12, 4));
    }

    #[test]
    fn end_of_month() {
        assert_eq!(due("end of month", friday()), date(2026, 11, 30));
        assert_eq!(due("eom", date(2026, 2, 3)), date(2026, 2, 28));
        assert_eq!(due("eom", date(2028, 2, 3)), date(2028, 2, 29));
        assert_eq!(due("end of next month", friday()), date(2026, 12, 31));
        assert_eq!(due("end of next month", date(2026, 12, 10)), date(2027, 1, 31));
        assert_eq!(due("end of next month", date(2028, 1, 31)), date(2028, 2, 29));
    }

    #[test]
    fn next_week_and_next_month() {
        assert_eq!(due("next week", friday()), date(2026, 11, 30));
        assert_eq!(due("next week", wednesday()), date(2026, 11, 30));
        assert_eq!(due("next week", date(2026, 11, 29)), date(2026, 11, 30));
        assert_eq!(due("next week", date(2026, 11, 30)), date(2026, 12, 7));
        assert_eq!(due("next month", friday()), date(2026, 12, 1));
        assert_eq!(due("next month", date(2026, 12, 31)), date(2027, 1, 1));
    }

    #[test]
    fn day_and_month_names() {
        let today = friday();
        assert_eq!(due("4 dec", today), date(2026, 12, 4));
        assert_eq!(due("4 December", today), date(2026, 12, 4));
        assert_eq!(due("4th of December", today), date(2026, 12, 4));
        assert_eq!(due("Dec 4", today), date(2026, 12, 4));
        assert_eq!(due("4 Dec 2027", today), date(2027, 12, 4));
        assert_eq!(due("1st sept", today), date(2027, 9, 1));
        assert_eq!(due("27 nov", today), today);
    }

    #[test]
    fn uk_numeric_dates_are_day_first() {
        let today = friday();
        assert_eq!(due("4/12", today), date(2026, 12, 4));
        assert_eq!(due("12/4", today), date(2027, 4, 12));
        assert_eq!(due("4/12/2026", today), date(2026, 12, 4));
        assert_eq!(due("4/12/26", today), date(2026, 12, 4));
        assert_eq!(due("27/11", today), today);
    }

    #[test]
    fn dates_without_a_year_roll_into_next_year_once_past() {
        let today = friday();
        assert_eq!(due("26/11", today), date(2027, 11, 26));
        assert_eq!(due("1 jan", today), date(2027, 1, 1));
        assert_eq!(due("3 Feb", wednesday()), date(2027, 2, 3));
    }

    #[test]
    fn leap_days() {
        assert_eq!(due("29/2", friday()), date(2028, 2, 29));
        assert_eq!(due("29 feb", date(2028, 1, 10)), date(2028, 2, 29));
        assert_eq!(due("29 feb", date(2028, 3, 1)), date(2032, 2, 29));
        assert_eq!(due("29 Feb 2028", friday()), date(2028, 2, 29));
        assert_eq!(
            message("29/2/2027", friday()),
            "\"29/2/2027\" is not a real date: February 2027 has 28 days"
        );
    }

    #[test]
    fn impossible_dates_say_why() {
        let today = friday();
        assert_eq!(
            message("2026-02-30", today),
            "\"2026-02-30\" is not a real date: February 2026 has 28 days"
        );
        assert_eq!(
            message("31/4", today),
            "\"31/4\" is not a real date: April has 30 days"
        );
        assert_eq!(
            message("30 feb", today),
            "\"30 feb\" is not a real date: February has at most 29 days"
        );
        assert_eq!(
            message("4/13", today),
            "\"4/13\" is not a real date: there is no month 13"
        );
        assert_eq!(
            message("0/12", today),
            "\"0/12\" is not a real date: days of the month start at 1"
        );
        assert!(matches!(
            parse_due("2026-11-31", today),
            Err(DueError::Impossible { .. })
        ));
    }

    #[test]
    fn case_and_spaces_do_not_matter() {
        let today = friday();
        assert_eq!(due("  FRIDAY ", today), date(2026, 12, 4));
        assert_eq!(due("End  Of   Month", today), date(2026, 11, 30));
        assert_eq!(due("\tIn 2 Weeks\n", today), date(2026, 12, 11));
        assert_eq!(due("4 DEC", today), date(2026, 12, 4));
        assert_eq!(due("EOW", today), today);
        assert_eq!(due("Next Friday", today), date(2026, 12, 4));
        assert_eq!(due("4 Dec, 2026", today), date(2026, 12, 4));
    }

    #[test]
    fn by_and_on_are_ignored() {
        assert_eq!(due("by Friday", wednesday()), date(2026, 11, 27));
        assert_eq!(due("on 4 Dec", wednesday()), date(2026, 12, 4));
        assert_eq!(due("by end of month", wednesday()), date(2026, 11, 30));
    }

    #[test]
    fn anything_else_is_refused_with_examples() {
        let today = friday();
        assert_eq!(
            message(" soon ", today),
            "\"soon\" is not a date I know; try 2026-12-04, 4 Dec, friday, 2w, end of month"
        );
        assert_eq!(
            message("   ", today),
            "no due date given; try 2026-12-04, 4 Dec, friday, 2w, end of month"
        );
        for input in [
            "next",
            "in",
            "3x",
            "2026-12",
            "12/2026",
            "fri day",
            "by",
            "4 dec 26",
            "-3d",
            "3.5d",
            "1/2/3/4",
            "next year",
            "friday week",
            "2026-1204",
            "d",
        ] {
            assert!(
                matches!(parse_due(input, today), Err(DueError::Unknown(_))),
                "{input:?} gave {:?}",
                parse_due(input, today)
            );
        }
    }

    #[test]
    fn past_the_end_of_the_calendar_is_too_far() {
        assert_eq!(
            parse_due("tomorrow", NaiveDate::MAX),
            Err(DueError::TooFar("tomorrow".to_string()))
        );
        assert!(matches!(
            parse_due("next month", NaiveDate::MAX),
            Err(DueError::TooFar(_))
        ));
    }
}
