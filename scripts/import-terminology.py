#!/usr/bin/env python3
"""Converts the CDC Opioid IG's terminology data into Sparrow's committed catalog (generated Swift sources).

Source: ../shared/reference/terminology/ (omtk-drug-ingredients.json and valuesets/*.json, FHIR R4 ValueSets with
expansion.contains[]), taken from cqframework/opioid-cds-r4. Output: Sources/SparrowCore/Terminology/Catalog/
OMTKProducts.swift, ValueSets.swift and ValueSetsSNOMEDCT.swift, each holding tab-separated rows inside raw
multi-line string literals (format: docs/terminology.md).

  python3 scripts/import-terminology.py [--source DIR]   writes the catalog files
  python3 scripts/import-terminology.py --check          regenerates in memory and compares; exits 1 on a difference

A summary (products made, rows merged, rows not converted and why, value-set codes per file) goes to stderr.
Standard library only; the output is deterministic (sorted rows, no run timestamps).
"""
import argparse
import collections
import decimal
import difflib
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT / "../shared/reference/terminology"
CATALOG = ROOT / "Sources/SparrowCore/Terminology/Catalog"

UPSTREAM_REPO = "cqframework/opioid-cds-r4"
UPSTREAM_COMMIT = "b29bdcbf6db6f3de26486dbc3820572ee9a78b89"
OMTK_FILE = "omtk-drug-ingredients.json"
ER_VALUE_SET = "extended-release-opioid-with-ambulatory-misuse-potential"

SYSTEMS = {
    "http://www.nlm.nih.gov/research/umls/rxnorm": "rxnorm",
    "http://hl7.org/fhir/sid/icd-10-cm": "icd10cm",
    "http://loinc.org": "loinc",
    "http://snomed.info/sct": "snomedct",
}

# Salt and form words stripped from an ingredient's name in drugName ("oxycodone hydrochloride" -> "oxycodone").
# The first group occurs in the current source; the second is kept for salts RxNorm uses elsewhere.
SALT_WORDS_SEEN = [
    "bitartrate", "hydrochloride", "liposomal", "maleate", "methylbromide", "napsylate", "phosphate", "polistirex",
    "sulfate", "tannate", "tartrate", "terephthalate", "tincture",
]
SALT_WORDS_OTHER = [
    "acetate", "anhydrous", "besylate", "bromide", "chloride", "citrate", "hcl", "hydrobromide", "mesylate", "mucate",
    "pamoate", "potassium", "resinate", "sodium", "succinate",
]
SALT_WORDS = frozenset(SALT_WORDS_SEEN + SALT_WORDS_OTHER)
# Leading qualifiers of a drugName, stripped before the first ingredient: "12 HR", "1 ML", "80 ACTUAT",
# "Abuse-Deterrent", "Matrix Delivery".
LEADING_QUALIFIER = re.compile(r"^(?:\d+(?:\.\d+)? (?:HR|ML|ACTUAT)|Abuse-Deterrent|Matrix Delivery) ", re.I)
DURATION_PREFIX = re.compile(r"(?:^| )\d+ HR ")
# Ingredient names that look like salts or are several words but are ingredients in their own right.
KNOWN_UNUSUAL_NAMES = frozenset(["guaiacolsulfonate", "belladonna alkaloids"])
SALT_LIKE = re.compile(r"(?:ate|ide|ite|ex)$")
ICD_RANGE = re.compile(r"^[A-Z0-9.]+-[A-Z0-9.]+$")


class Report:
    """What the conversion did, for the stderr summary and docs/terminology.md."""

    def __init__(self):
        self.lines = []
        self.not_converted = []  # (what, reason)
        self.warnings = []

    def warn(self, text):
        self.warnings.append(text)

    def skip(self, what, reason):
        self.not_converted.append((what, reason))


def field(text):
    """A TSV field: tabs and line breaks become spaces."""
    return re.sub(r"[\t\r\n]", " ", str(text))


def decimal_text(value):
    """A decimal with no trailing zeros, rounded to 6 places: 5, 0.075, 4.88."""
    d = value.quantize(decimal.Decimal("0.000001"), rounding=decimal.ROUND_HALF_EVEN).normalize()
    return format(d, "f")


# MARK: - drugName parsing


class ParsedName:
    def __init__(self, components, brand, inner_form):
        self.components = components  # [(raw name, stripped lower-case name, Decimal strength, unit)]
        self.brand = brand
        self.inner_form = inner_form


def parse_drug_name(name, dose_forms):
    """Splits an RxNorm drugName into ingredient components, brand and (for packs) the inner dose form.

    Returns ParsedName, or raises ValueError with the reason.
    """
    text = name
    brand = ""
    pack = re.fullmatch(r"\{\d+ \((.*)\) \} Pack(?: \[([^\]]*)\])?", text)
    if pack:
        text, brand = pack.group(1), pack.group(2) or ""
        text = re.sub(r" \[[^\]]*\]$", "", text)  # the inner product's brand; the outer one names the pack
    else:
        m = re.fullmatch(r"(.*) \[([^\]]*)\]", text)
        if m:
            text, brand = m.group(1), m.group(2)
    form = next((f for f in dose_forms if text.endswith(" " + f)), None)
    if form is None:
        raise ValueError(f"no known dose form at the end of {text!r}")
    text = text[: -len(form) - 1]
    components = []
    for part in text.split(" / "):
        while True:
            stripped = LEADING_QUALIFIER.sub("", part)
            if stripped == part:
                break
            part = stripped
        m = re.fullmatch(r"(.*?) (\d+(?:\.\d+)?) ([A-Z]+(?:/[A-Z]+)?)", part)
        if not m or re.search(r"\d", m.group(1)):
            raise ValueError(f"component {part!r} is not 'name strength unit'")
        raw = m.group(1)
        words = [w for w in raw.lower().split() if w not in SALT_WORDS]
        if not words:
            raise ValueError(f"component {part!r} has no name left after salt words")
        components.append((raw, " ".join(words), decimal.Decimal(m.group(2)), m.group(3)))
    return ParsedName(components, brand, form)


# MARK: - OMTK products


def convert_products(rows, er_codes, report):
    dose_forms = sorted({r["doseFormName"] for r in rows}, key=len, reverse=True)
    by_code = collections.OrderedDict()
    for r in rows:
        by_code.setdefault(r["drugCode"], []).append(r)

    salt_hits = collections.Counter()
    unusual = collections.Counter()
    opioid_names = {r["ingredientName"].lower() for r in rows}
    products = []
    merged_rows = merged_products = 0
    er_by_name = er_by_value_set = er_only_vs = 0
    for code, group in by_code.items():
        first = group[0]
        try:
            parsed = parse_drug_name(first["drugName"], dose_forms)
        except ValueError as e:
            for r in group:
                report.skip(f"{OMTK_FILE} row {code} {r['strength']}", f"drugName not parsed: {e}")
            continue
        for raw, _, _, _ in parsed.components:
            for w in raw.lower().split():
                if w in SALT_WORDS:
                    salt_hits[w] += 1

        ingredients = {(r["ingredientCode"], r["ingredientName"].lower()) for r in group}
        if len(ingredients) != 1:
            for r in group:
                report.skip(f"{OMTK_FILE} row {code} {r['ingredientName']} {r['strength']}",
                            "product lists several opioid ingredients (one row per product expected)")
            continue
        ingredient_code, ingredient = ingredients.pop()
        opioid_parts = [c for c in parsed.components if c[1] == ingredient]
        if not opioid_parts:
            report.warn(f"{code}: no component of {first['drugName']!r} is named {ingredient!r}")

        # Rows of one product in different units disagree (the two libraries' data differ); keep the unit that
        # more library versions list, leave the others out.
        units = collections.OrderedDict()
        for r in group:
            units.setdefault(r["strengthUnit"], []).append(r)
        left_out = []
        if len(units) > 1:
            score = {u: min(len(r["in"]) for r in rs) for u, rs in units.items()}
            best = max(score.values())
            winners = [u for u, s in score.items() if s == best]
            if len(winners) > 1:
                for r in group:
                    report.skip(f"{OMTK_FILE} row {code} {r['strength']} ({', '.join(r['in'])})",
                                f"rows of {code} disagree on the unit ({', '.join(units)}) and are equally supported")
                continue
            for u, rs in units.items():
                if u != winners[0]:
                    for r in rs:
                        left_out.append(r)
                        report.skip(
                            f"{OMTK_FILE} row {code} {r['strength']} ({', '.join(r['in'])})",
                            f"conflicts with the {winners[0]} row of the same product listed by more library "
                            f"versions ({first['drugName']})")
            kept = units[winners[0]]
        else:
            kept = group

        if len(kept) > 1 and len(kept) != len(opioid_parts):
            for r in kept:
                report.skip(f"{OMTK_FILE} row {code} {r['strength']}",
                            f"{len(kept)} rows but drugName names {len(opioid_parts)} {ingredient} salts")
            continue
        strength = sum((decimal.Decimal(repr(r["strengthValue"])) for r in kept), decimal.Decimal(0))
        unit = kept[0]["strengthUnit"]
        if len(kept) > 1:
            merged_rows += len(kept)
            merged_products += 1

        # Cross-check the strength against the one drugName states.
        named = [(s, u) for _, _, s, u in opioid_parts]
        if named and (sum(s for s, _ in named) != strength or any(u != unit for _, u in named)):
            report.warn(f"{code}: strength {decimal_text(strength)} {unit} kept, drugName says "
                        + " + ".join(f"{decimal_text(s)} {u}" for s, u in named) + f" ({first['drugName']})")

        others = sorted({c[1] for c in parsed.components if c[1] != ingredient})
        for other in others:
            if other in opioid_names:
                report.warn(f"{code}: non-listed ingredient {other!r} is an opioid of the table ({first['drugName']})")
            if other in KNOWN_UNUSUAL_NAMES:
                continue
            if " " in other or any(SALT_LIKE.search(w) for w in other.split()):
                unusual[other] += 1
                report.warn(f"{code}: unusual ingredient name left after stripping salt words: {other!r}")

        name_er = ("extended release" in first["drugName"].lower()
                   or "extended release" in first["doseFormName"].lower()
                   or bool(DURATION_PREFIX.search(first["drugName"])))
        in_er = code in er_codes
        er_by_name += name_er
        er_by_value_set += in_er
        er_only_vs += in_er and not name_er

        libraries = []
        for r in kept:
            for lib in r["in"]:
                if lib not in libraries:
                    libraries.append(lib)
        provenance = f"{OMTK_FILE} ({', '.join(libraries)})"
        if len(kept) > 1:
            provenance += f"; sum of {len(kept)} rows"
        for r in left_out:
            provenance += f"; conflicting row {r['strength']} ({', '.join(r['in'])}) left out"

        row = [field(f) for f in [
            code, first["drugName"], first["doseFormCode"], first["doseFormName"], ingredient_code, ingredient,
            decimal_text(strength), unit, ";".join(others), parsed.brand, "1" if (name_er or in_er) else "0",
            provenance,
        ]]
        if any('"""#' in f for f in row):
            for r in kept:
                report.skip(f"{OMTK_FILE} row {code} {r['strength']}",
                            'contains """#, which would end the Swift literal')
            continue
        products.append(row)

    products.sort(key=lambda p: int(p[0]))
    codes = {p[0] for p in products}
    report.lines.append(f"OMTK products: {len(products)} entries from {len(rows)} rows of {OMTK_FILE} "
                        f"({len(by_code)} RxCUIs)")
    report.lines.append(f"  salt rows merged: {merged_rows} rows summed into {merged_products} products")
    report.lines.append(f"  extended release: {sum(p[10] == '1' for p in products)} products "
                        f"({er_by_name} by name or dose form, {er_by_value_set} in {ER_VALUE_SET}, "
                        f"{er_only_vs} only by the value set)")
    report.lines.append(f"  {ER_VALUE_SET} codes that are not OMTK products: {len(er_codes - codes)}"
                        + "".join(f" ({c})" for c in sorted(er_codes - codes, key=int)))
    report.lines.append("  salt/form words stripped (occurrences): "
                        + ", ".join(f"{w} {n}" for w, n in sorted(salt_hits.items())))
    unseen = sorted(SALT_WORDS - set(salt_hits))
    report.lines.append("  salt words in the list but not in this source: " + ", ".join(unseen))
    report.lines.append("  unusual words left in ingredient names: "
                        + (", ".join(f"{w} {n}" for w, n in sorted(unusual.items())) or "none")
                        + " (" + ", ".join(sorted(KNOWN_UNUSUAL_NAMES)) + " are known ingredient names)")
    return products


# MARK: - Value sets


def convert_value_sets(value_sets, report):
    sources, codes, snomed = [], [], []
    other_systems = collections.Counter()
    per_file = []
    inactive = 0
    for file_name, vs in value_sets:
        vs_id = vs.get("id") or pathlib.Path(file_name).stem
        expansion = vs.get("expansion") or {}
        sources.append([vs_id, vs.get("url", ""), vs.get("title") or vs.get("name") or "",
                        vs.get("version") or vs.get("date") or "", expansion.get("timestamp", ""), file_name])
        counts = collections.Counter()
        ranges = 0
        seen = set()
        contains = list(expansion.get("contains", []))
        while contains:
            entry = contains.pop(0)
            contains[0:0] = entry.get("contains", [])  # nested expansions, flattened in order
            system, code = entry.get("system"), entry.get("code")
            if not system or not code:
                report.skip(f"{file_name} entry {entry.get('code', '?')}", "no system or code (a grouping entry)")
                continue
            token = SYSTEMS.get(system)
            if token is None:
                other_systems[system] += 1
                continue
            if (token, code) in seen:
                report.skip(f"{file_name} {token} {code}", "duplicate in the expansion")
                continue
            display = field(entry.get("display", ""))
            row = [vs_id, token, field(code), display]
            if any('"""#' in f for f in row):
                report.skip(f"{file_name} {token} {code}", 'contains """#, which would end the Swift literal')
                continue
            seen.add((token, code))
            if entry.get("inactive"):
                inactive += 1
            if token == "icd10cm" and ICD_RANGE.match(code):
                ranges += 1
            if any(ord(ch) > 0x2FF for ch in display):
                report.warn(f"{file_name} {token} {code}: display kept verbatim but looks mis-encoded: {display!r}")
            counts[token] += 1
            (snomed if token == "snomedct" else codes).append(row)
        per_file.append((vs_id, file_name, counts, ranges))

    for system, n in sorted(other_systems.items()):
        report.skip(f"{n} value-set codes in {system}", "code system not converted (only RxNorm, ICD-10-CM, "
                    "LOINC and SNOMED CT are)")
    sources.sort(key=lambda r: r[0])
    codes.sort(key=lambda r: (r[0], r[1], r[2]))
    snomed.sort(key=lambda r: (r[0], r[1], r[2]))

    totals = collections.Counter()
    all_ranges = 0
    report.lines.append(f"Value sets: {len(sources)} files")
    for vs_id, file_name, counts, ranges in sorted(per_file):
        totals.update(counts)
        all_ranges += ranges
        detail = ", ".join(f"{t} {n}" for t, n in sorted(counts.items()))
        report.lines.append(f"  {vs_id}: {sum(counts.values())} ({detail})"
                            + (f"; {ranges} ICD-10-CM range rows" if ranges else ""))
    report.lines.append("  total: " + ", ".join(f"{t} {n}" for t, n in sorted(totals.items()))
                        + f"; {sum(totals.values())} codes ({len(codes)} in ValueSets.swift, {len(snomed)} in "
                        f"ValueSetsSNOMEDCT.swift)")
    report.lines.append(f"  ICD-10-CM range rows (e.g. C00-C14), kept verbatim: {all_ranges}")
    report.lines.append(f"  codes flagged inactive in the expansion, kept: {inactive}")
    report.lines.append(f"  codes in other systems, not converted: {sum(other_systems.values())}")
    return sources, codes, snomed


# MARK: - Swift rendering


def header(what_lines):
    lines = [
        "// Generated by scripts/import-terminology.py from the CDC Opioid IG terminology data",
        f"// ({UPSTREAM_REPO} at commit {UPSTREAM_COMMIT}, Apache-2.0). Do not edit:",
        "// run the script again. " + what_lines[0],
    ]
    lines += ["// " + line for line in what_lines[1:]]
    return lines


def static(name, doc, rows):
    lines = ["  /// " + d if d else "  ///" for d in doc]
    lines.append(f'  static let {name} = #"""')
    for row in rows:
        for f in row:
            if "\t" in f or "\n" in f or '"""#' in f:
                raise AssertionError(f"field {f!r} of {name} not sanitized")
        lines.append("    " + "\t".join(row))
    lines.append('    """#')
    return lines


def swift_file(header_lines, statics, condition=None):
    lines = list(header_lines)
    lines.append("")
    if condition:
        lines.append(f"#if {condition}")
    lines.append("extension TerminologyData {")
    for i, s in enumerate(statics):
        if i:
            lines.append("")
        lines += s
    lines.append("}")
    if condition:
        lines.append("#endif")
    return "\n".join(lines) + "\n"


CODE_COLUMNS = [
    "Columns: `valueSetID` (the ValueSet's `id`), `system`, `code`, `display` (verbatim; tabs and line breaks",
    "replaced by spaces). Sorted by valueSetID, then system, then code (as strings).",
]


def render(products, sources, codes, snomed):
    files = {}
    files["OMTKProducts.swift"] = swift_file(
        header(["Opioid products (RxNorm, NLM: the RXNORM source is free to use), one per RxCUI."]),
        [static("omtkProducts", [
            "One row per RxNorm product (SCD, SBD, GPCK, BPCK) with an opioid ingredient, from the IG's OMTK",
            "libraries (`OMTKData` 3.0.0 and `OMTKData2020` 2022.1.0). Rows are separated by `\\n`, fields by a tab;",
            "no header row. Sorted by rxcui as a number. Columns:",
            "1. `rxcui`: the product's RxCUI (drugCode).",
            "2. `name`: the RxNorm name (drugName), verbatim.",
            "3. `doseFormCode`: the dose form's RxCUI.",
            "4. `doseForm`: the dose form's name, verbatim.",
            "5. `ingredientRxcui`: the opioid ingredient's RxCUI.",
            "6. `ingredient`: the opioid ingredient's name, lower case (`hydrocodone`, `dihydrocodeine`).",
            "7. `strengthValue`: the opioid strength, a decimal with no trailing zeros (`5`, `0.075`); for a",
            "   product with two salts of its opioid, the sum of both (637540: 4.5 + 0.38 = `4.88`).",
            "8. `strengthUnit`: `MG`, `MG/ML`, `MG/HR` (transdermal systems) or `MG/ACTUAT`.",
            "9. `otherIngredients`: the non-opioid ingredients named in drugName, lower case without salt words,",
            "   `;`-separated and sorted (`acetaminophen`, `belladonna alkaloids;...`); empty if none.",
            "10. `brand`: the bracketed brand at the end of drugName (the outer one for a pack); empty if none.",
            "11. `extendedRelease`: `1` if drugName or the dose form says Extended Release or a duration",
            "    (`12 HR`, `24 HR`, `72 HR`, `168 HR`), or the product is in the value set",
            f"    `{ER_VALUE_SET}`; else `0`. That value set also lists",
            "    most oral methadone products and Ionsys (a fentanyl iontophoretic system), so they are `1`.",
            "12. `provenance`: `omtk-drug-ingredients.json (<library versions listing the row>)`, then",
            "    `; sum of N rows` for summed salts and `; conflicting row <strength> (<versions>) left out`.",
        ], products)],
    )
    loinc_notice = [
        "This material contains content from LOINC (http://loinc.org). LOINC is copyright © Regenstrief Institute,",
        "Inc. and the Logical Observation Identifiers Names and Codes (LOINC) Committee and is available at no cost",
        "under the license at http://loinc.org/license.",
    ]
    files["ValueSets.swift"] = swift_file(
        header(["Value sets: RxNorm (NLM, free to use), ICD-10-CM (CDC/NCHS, public), LOINC (licence below)."]
               + loinc_notice),
        [
            static("valueSetSources", [
                "One row per value set file of the IG, sorted by id. Rows are separated by `\\n`, fields by a tab;",
                "no header row. Columns: `id` (the ValueSet's `id`), `url` (its canonical URL), `title` (else",
                "`name`), `version` (`version`, else `date`, else empty), `expansionTimestamp` (`expansion.timestamp`",
                "or empty), `file` (the source file name).",
            ], sources),
            static("valueSetCodes", [
                "One row per (value set, code) in RxNorm (`rxnorm`), ICD-10-CM (`icd10cm`) and LOINC (`loinc`), from",
                "each value set's `expansion.contains`. Rows are separated by `\\n`, fields by a tab; no header row.",
                *CODE_COLUMNS,
                "Some ICD-10-CM codes are ranges of the classification's headings (`C00-C14`), kept verbatim.",
                "SNOMED CT codes are in `valueSetCodesSNOMEDCT` (ValueSetsSNOMEDCT.swift).",
            ], codes),
        ],
    )
    files["ValueSetsSNOMEDCT.swift"] = swift_file(
        header([
            "SNOMED CT value-set codes (SNOMED International): free to use in SNOMED",
            "International member countries such as the US; elsewhere an affiliate licence is needed. Build with",
            "`--disable-default-traits` (leaving out the default trait SNOMEDCT) to leave this file's data out.",
        ]),
        [static("valueSetCodesSNOMEDCT", [
            "One row per (value set, code) in SNOMED CT (`snomedct`), from each value set's `expansion.contains`.",
            "Rows are separated by `\\n`, fields by a tab; no header row. Same format as `valueSetCodes`.",
            *CODE_COLUMNS,
            "Compiled only with the SNOMEDCT trait (enabled by default).",
        ], snomed)],
        condition="SNOMEDCT",
    )
    return files


# MARK: - Main


def load(source, report):
    omtk = json.loads((source / OMTK_FILE).read_text(encoding="utf-8"))
    rows = omtk["rows"] if isinstance(omtk, dict) else omtk
    value_sets = []
    for path in sorted((source / "valuesets").glob("*.json")):
        vs = json.loads(path.read_text(encoding="utf-8"))
        if vs.get("resourceType") != "ValueSet":
            report.skip(path.name, f"resourceType is {vs.get('resourceType')!r}, not ValueSet")
            continue
        value_sets.append((path.name, vs))
    return rows, value_sets


def generate(source, report):
    rows, value_sets = load(source, report)
    sources, codes, snomed = convert_value_sets(value_sets, report)
    er_codes = {r[2] for r in codes if r[0] == ER_VALUE_SET and r[1] == "rxnorm"}
    if not er_codes:
        report.warn(f"value set {ER_VALUE_SET} not found or empty: extendedRelease from names only")
    value_set_lines, report.lines = report.lines, []
    products = convert_products(rows, er_codes, report)
    report.lines += value_set_lines
    return render(products, sources, codes, snomed)


def print_summary(report):
    out = sys.stderr
    for line in report.lines:
        print(line, file=out)
    print(f"Rows not converted: {len(report.not_converted)}", file=out)
    for what, reason in report.not_converted:
        print(f"  {what}: {reason}", file=out)
    print(f"Warnings: {len(report.warnings)}", file=out)
    for text in report.warnings:
        print(f"  {text}", file=out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=pathlib.Path, default=DEFAULT_SOURCE,
                        help="the terminology folder (default: ../shared/reference/terminology)")
    parser.add_argument("--check", action="store_true",
                        help="compare the committed catalog with a fresh conversion instead of writing it")
    args = parser.parse_args()
    report = Report()
    try:
        files = generate(args.source.resolve(), report)
    except (OSError, ValueError, KeyError) as e:  # a missing folder or file, bad JSON, a missing field
        print(f"error: cannot convert {args.source}: {type(e).__name__}: {e}", file=sys.stderr)
        return 2
    print_summary(report)

    if not args.check:
        CATALOG.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            path = CATALOG / name
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
                print(f"wrote {path.relative_to(ROOT)} ({len(text.encode())} bytes)", file=sys.stderr)
            else:
                print(f"unchanged {path.relative_to(ROOT)}", file=sys.stderr)
        return 0

    differing = []
    for name, text in files.items():
        path = CATALOG / name
        rel = str(path.relative_to(ROOT))
        committed = path.read_text(encoding="utf-8") if path.exists() else None
        if committed == text:
            continue
        differing.append(rel)
        if committed is None:
            print(f"check: {rel} is missing", file=sys.stderr)
            continue
        diff = list(difflib.unified_diff(committed.splitlines(), text.splitlines(),
                                         f"{rel} (committed)", f"{rel} (generated)", lineterm=""))
        print(f"check: {rel} differs from a fresh conversion ({len(diff)} diff lines; first 40):", file=sys.stderr)
        for line in diff[:40]:
            print(line[:300], file=sys.stderr)
    if differing:
        print("check: FAILED: " + ", ".join(differing) + " (run python3 scripts/import-terminology.py)",
              file=sys.stderr)
        return 1
    print(f"check: ok, {len(files)} catalog files match the source", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
