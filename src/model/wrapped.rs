//! The wrapped lines of an item: rows with text and nothing else under it
//! continue its content, units, note and other texts.
//!
//! They are joined into growing strings and set on the item once, when the
//! table is built: joining each line into the item's texts copied the whole
//! text every time, and 100,000 wrapped lines took 100 seconds.

use super::{append, Item, Text};

/// The lines being joined onto one item; a text that no line adds to keeps
/// its view into the sheet.
#[derive(Debug)]
pub(super) struct Wrapped {
    /// Index of the item in the table's items.
    pub(super) item: usize,
    content: Option<String>,
    lead: Option<String>,
    partner: Option<String>,
    note: Option<String>,
    texts: Vec<Option<String>>,
    rows: Vec<u32>,
}

/// `more` joined after `text`, begun from the item's own text.
fn join(slot: &mut Option<String>, text: &Text, more: &str) {
    if more.is_empty() {
        return;
    }
    append(slot.get_or_insert_with(|| text.to_string()), more);
}

impl Wrapped {
    pub(super) fn new(item: usize) -> Wrapped {
        Wrapped {
            item,
            content: None,
            lead: None,
            partner: None,
            note: None,
            texts: Vec::new(),
            rows: Vec::new(),
        }
    }

    /// Joins row `line` (read as an item) onto `onto`, the item this
    /// collects for.
    pub(super) fn join(&mut self, onto: &Item, line: &Item) {
        join(&mut self.content, &onto.content, &line.content);
        join(&mut self.lead, &onto.lead, &line.lead);
        join(&mut self.partner, &onto.partner, &line.partner);
        join(&mut self.note, &onto.note, &line.note);
        if self.texts.len() < onto.texts.len() {
            self.texts.resize(onto.texts.len(), None);
        }
        for ((slot, text), more) in self.texts.iter_mut().zip(&onto.texts).zip(&line.texts) {
            join(slot, text, more);
        }
        if !line.stt.is_empty() {
            join(&mut self.content, &onto.content, &line.stt);
        }
        self.rows.push(line.row);
    }

    /// Sets the joined texts and the wrapped rows on the item.
    pub(super) fn finish(self, items: &mut [Item]) {
        let Some(item) = items.get_mut(self.item) else {
            return;
        };
        let set = |field: &mut Text, joined: Option<String>| {
            if let Some(s) = joined {
                *field = Text::from(s);
            }
        };
        set(&mut item.content, self.content);
        set(&mut item.lead, self.lead);
        set(&mut item.partner, self.partner);
        set(&mut item.note, self.note);
        let mut texts = item.texts.to_vec();
        for (field, joined) in texts.iter_mut().zip(self.texts) {
            set(field, joined);
        }
        item.texts = texts.into_boxed_slice();
        let mut rows = item.continued.to_vec();
        rows.extend(self.rows);
        item.continued = rows.into_boxed_slice();
    }
}
