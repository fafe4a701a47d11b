//! The linked history (PRODUCT.md §4): sessions in order, goals' timelines, recurring
//! weaknesses and strengths, the backlog log, people and tags.
//!
//! Pure: takes parsed notes, returns the model and every reference error. Never reads a
//! file, never renders.

pub(crate) mod agenda;
pub(crate) mod follow_through;
pub(crate) mod link;
pub mod model;

pub use agenda::{Agenda, OpenQuestion, ReflectionDue, Slipping};
pub use follow_through::{FollowThrough, OutcomeShare, SessionFollowThrough};
pub use link::link;
pub use model::*;
