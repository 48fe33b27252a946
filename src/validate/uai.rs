//! UAI (ministry establishment identifier): 7 digits + a check letter.

const LETTERS: &[u8; 23] = b"ABCDEFGHJKLMNPRSTUVWXYZ";

/// The check letter of the first 7 digits.
pub fn check_letter(digits: &str) -> Option<char> {
    if digits.len() != 7 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u32 = digits.parse().ok()?;
    Some(LETTERS[(n % 23) as usize] as char)
}

/// Why a UAI is wrong, with the corrected value when one is obvious.
#[derive(Debug, PartialEq, Eq)]
pub enum UaiProblem {
    LowerCase { fixed: String },
    WrongLetter { fixed: String },
    Malformed,
}

pub fn check(uai: &str) -> Result<(), UaiProblem> {
    let b = uai.as_bytes();
    if b.len() != 8 || !b[..7].iter().all(u8::is_ascii_digit) || !b[7].is_ascii_alphabetic() {
        return Err(UaiProblem::Malformed);
    }
    let (digits, letter) = uai.split_at(7);
    let expected = check_letter(digits).ok_or(UaiProblem::Malformed)?;
    let upper = letter.to_ascii_uppercase();
    if upper != expected.to_string() {
        return Err(UaiProblem::WrongLetter {
            fixed: format!("{digits}{expected}"),
        });
    }
    if letter != upper {
        return Err(UaiProblem::LowerCase {
            fixed: format!("{digits}{upper}"),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_uais() {
        for ok in ["0570055A", "0920484B", "0921262X", "6200001G"] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn problems() {
        assert_eq!(check("0920546Ux"), Err(UaiProblem::Malformed));
        assert_eq!(check("092054"), Err(UaiProblem::Malformed));
        let good = format!("0920484{}", check_letter("0920484").unwrap());
        let lower = good.to_ascii_lowercase();
        assert_eq!(check(&lower), Err(UaiProblem::LowerCase { fixed: good.clone() }));
        let wrong = format!("0920484{}", if good.ends_with('A') { 'B' } else { 'A' });
        assert_eq!(check(&wrong), Err(UaiProblem::WrongLetter { fixed: good }));
    }
}
