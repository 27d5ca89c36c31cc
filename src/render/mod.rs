//! Rendering: the chart's templates with Helm/Sprig semantics.

pub mod gotpl;
