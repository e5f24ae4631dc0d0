"""The schema's migrations in order, written once: a new migration is added here and the tests follow."""

MIGRATIONS = [
    "m001_initial",
    "m002_transcript_entry_hearing_index",
    "m003_supplements",
    "m004_profile_force",
    "m005_contacts",
    "m006_personal_words",
    "m007_audit_key",
    "m008_drafts",
    "m009_audit_action_index",
    "m010_audit_accounts_and_purge",
    "m011_profile_per_account",
    "m012_hearing_officer",
    "m020_retention",
    "m030_trusted_publishers",
    "m040_element_tags",
    "m050_hearing_plans",
]
