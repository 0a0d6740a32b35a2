//! Business-time arithmetic over a service window: the one algorithm every SLA
//! operation uses. Time counts only inside the window's intervals, in whole
//! seconds, so that adding and measuring are exact inverses.

use chrono::NaiveDate;

use crate::calendar::Calendar;
use crate::window::WindowSpec;

/// How far ahead to look for window time before giving up (a window that never
/// opens would otherwise loop forever): ten years.
const MAX_DAYS: u32 = 3660;

/// The earliest instant (UTC timestamp, s) at which `secs` seconds of window
/// time have passed since `start`. `None` when the window has no time left
/// within ten years. `secs <= 0` gives `start` itself.
#[inline]
pub fn add_business_secs(
    cal: &Calendar,
    window: &WindowSpec,
    start: i64,
    secs: i64,
) -> Option<i64> {
    if secs <= 0 {
        return Some(start);
    }
    if let WindowSpec::Always = window {
        return Some(start + secs);
    }
    let mut left = secs;
    let mut date = cal.local_date_of(start);
    let mut out = [(0i64, 0i64); 2];
    for _ in 0..MAX_DAYS {
        let n = window.intervals(cal, date, &mut out);
        for &(a, b) in &out[..n] {
            let a = a.max(start);
            if b > a {
                let len = b - a;
                if len >= left {
                    return Some(a + left);
                }
                left -= len;
            }
        }
        date = next(date)?;
    }
    None
}

/// Seconds of window time in `[from, to)`; 0 when `to <= from`.
#[inline]
pub fn business_secs_between(cal: &Calendar, window: &WindowSpec, from: i64, to: i64) -> i64 {
    if to <= from {
        return 0;
    }
    if let WindowSpec::Always = window {
        return to - from;
    }
    let last = cal.local_date_of(to);
    let mut date = cal.local_date_of(from);
    let mut out = [(0i64, 0i64); 2];
    let mut total = 0;
    loop {
        let n = window.intervals(cal, date, &mut out);
        for &(a, b) in &out[..n] {
            let (a, b) = (a.max(from), b.min(to));
            if b > a {
                total += b - a;
            }
        }
        if date >= last {
            break;
        }
        match next(date) {
            Some(d) => date = d,
            None => break,
        }
    }
    total
}

/// Whether the instant lies inside the window (start inclusive, end inclusive,
/// since a deadline may fall exactly on the close).
pub fn in_window(cal: &Calendar, window: &WindowSpec, at: i64) -> bool {
    let mut out = [(0i64, 0i64); 2];
    let date = cal.local_date_of(at);
    let n = window.intervals(cal, date, &mut out);
    out[..n].iter().any(|&(a, b)| a <= at && at <= b)
}

#[inline]
fn next(date: NaiveDate) -> Option<NaiveDate> {
    date.succ_opt()
}
