//! The errors a render can end with, each naming what is wrong and where.

use crate::manifest::{ManifestError, ShowOnlyError};
use crate::output::OutputError;
use crate::render::RenderError;
use crate::values::ValuesError;

/// Why a command failed. [`Error::exit_code`] gives the process status.
#[derive(Debug)]
pub enum Error {
    /// Bad command-line usage (exit status 2).
    Usage(String),
    /// The release name is not a valid Helm release name.
    ReleaseName {
        /// The name given.
        name: String,
        /// Why it is invalid.
        reason: String,
    },
    /// `--kube-version` does not parse.
    KubeVersion {
        /// The text given.
        input: String,
        /// Why.
        reason: String,
    },
    /// Reading, parsing, merging or checking values failed.
    Values(ValuesError),
    /// A template failed.
    Render(RenderError),
    /// A rendered document is not YAML Helm can read.
    Manifest(ManifestError),
    /// A `--show-only` pattern matched nothing.
    ShowOnly(ShowOnlyError),
    /// Writing `--output-dir` failed.
    Output(OutputError),
    /// Writing to standard output failed.
    Io(std::io::Error),
    /// An input of a command (a manifest file, a patch file, a folder) is unusable; the
    /// message names it and says what was expected.
    Input(String),
    /// The command ran and found problems (validation findings, a difference under
    /// `diff --exit-code`, lint errors, failed batch releases); the report is already
    /// printed and this is its one-line summary.
    Findings(String),
    /// The command printed its whole report, summary included (`lint`): exit status 1
    /// with nothing more to print.
    Reported,
}

impl Error {
    /// Process exit status: 2 for usage errors, 1 for everything else.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) => 2,
            _ => 1,
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Usage(m) => f.write_str(m),
            Error::ReleaseName { name, reason } => write!(
                f,
                "invalid release name {name:?}: {reason}\n  A release name must be at most 53 characters of lowercase letters, digits, '-' and '.', starting and ending with a letter or digit (Helm's DNS-1123 rule), e.g. \"permify\" or \"permify-prod\"."
            ),
            Error::KubeVersion { input, reason } => write!(
                f,
                "invalid --kube-version {input:?}: {reason}\n  Expected a Kubernetes version like 1.29.0 or v1.29."
            ),
            Error::Values(e) => write!(f, "{e}"),
            Error::Render(e) => write!(f, "{e}"),
            Error::Manifest(e) => write!(f, "{e}"),
            Error::ShowOnly(e) => write!(f, "{e}"),
            Error::Output(e) => write!(f, "{e}"),
            Error::Io(e) => write!(f, "writing output: {e}"),
            Error::Input(m) => f.write_str(m),
            Error::Findings(m) => f.write_str(m),
            Error::Reported => Ok(()),
        }
    }
}

impl std::error::Error for Error {}

impl From<ValuesError> for Error {
    fn from(e: ValuesError) -> Self {
        Error::Values(e)
    }
}

impl From<RenderError> for Error {
    fn from(e: RenderError) -> Self {
        Error::Render(e)
    }
}

impl From<ManifestError> for Error {
    fn from(e: ManifestError) -> Self {
        Error::Manifest(e)
    }
}

impl From<ShowOnlyError> for Error {
    fn from(e: ShowOnlyError) -> Self {
        Error::ShowOnly(e)
    }
}

impl From<OutputError> for Error {
    fn from(e: OutputError) -> Self {
        Error::Output(e)
    }
}

/// Checks a release name as Helm does (`chartutil.ValidateReleaseName`): DNS-1123
/// subdomain syntax and at most 53 characters.
pub fn validate_release_name(name: &str) -> Result<(), Error> {
    let fail = |reason: String| {
        Err(Error::ReleaseName {
            name: name.to_string(),
            reason,
        })
    };
    if name.is_empty() {
        return fail("it is empty".into());
    }
    if name.len() > 53 {
        return fail(format!("it is {} characters long", name.chars().count()));
    }
    for label in name.split('.') {
        if label.is_empty() {
            return fail("it has an empty part between dots".into());
        }
        if let Some(c) = label
            .chars()
            .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
        {
            let what = if c.is_ascii_uppercase() {
                "an uppercase letter"
            } else {
                "a character that is not allowed"
            };
            return fail(format!("it contains {what} ({c:?})"));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return fail("a part starts or ends with '-'".into());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_names_like_helm() {
        for ok in ["permify", "release-name", "a", "my.rel-1", "0abc"] {
            assert!(validate_release_name(ok).is_ok(), "{ok}");
        }
        for bad in [
            "Permify_Prod",
            "-a",
            "a-",
            "a..b",
            "",
            "a_b",
            &"a".repeat(54),
        ] {
            assert!(validate_release_name(bad).is_err(), "{bad}");
        }
        assert!(validate_release_name(&"a".repeat(53)).is_ok());
    }
}
