#!/usr/bin/env python3
"""Checks that docs/patient-record-v1.schema.json agrees with the decoder on the fixtures.

Every fixture under Tests/Fixtures/records/ must validate; the invalid fixtures whose fault the schema can
express must not. Prints one line per file and a closing 'N passed, N failed' line; exits 1 on any failure.
"""
import json
import pathlib
import sys

import jsonschema

root = pathlib.Path(__file__).resolve().parent.parent
schema = json.loads((root / "docs/patient-record-v1.schema.json").read_text())
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)

# Faults a JSON Schema can express; the others (end before start, unit per observation kind…) are decoder-only.
schema_rejects = [
    "dose-unit-tabs", "negative-dose", "schema-version-2", "missing-patient-id", "patient-without-age-or-birth-date",
    "frequency-with-both-forms", "medications-not-an-array", "missing-medications", "route-unknown",
    "status-as-number",
]
passed = failed = 0
for path in sorted((root / "Tests/Fixtures/records").glob("*.json")):
    errors = list(validator.iter_errors(json.loads(path.read_text())))
    ok = not errors
    print(("ok  " if ok else "FAIL") + f" valid   {path.name}" + ("" if ok else f": {errors[0].message}"))
    passed, failed = passed + ok, failed + (not ok)
for name in schema_rejects:
    ok = any(True for _ in validator.iter_errors(json.loads((root / f"Tests/Fixtures/invalid/{name}.json").read_text())))
    print(("ok  " if ok else "FAIL") + f" invalid {name}.json")
    passed, failed = passed + ok, failed + (not ok)
print(f"schema: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
