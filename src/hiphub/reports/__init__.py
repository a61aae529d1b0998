"""Reports: the one-page clinician PDF, the FHIR R4 and long-CSV exports, and the randomised
"does it help me?" self-experiment (issue 14)."""
