//! `ent-rgpd schema`: the JSON Schema of parties.yaml on stdout, for editors
//! (`ent-rgpd schema > parties.schema.json`; see docs/schema.md).

use crate::error::Result;

pub fn run() -> Result<()> {
    super::to_stdout(crate::roster::schema::to_json().as_bytes())
}
