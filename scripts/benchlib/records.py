"""Synthetic, varied patient records for the benchmark (invented data, ids SYN-…; not real patients).

A hospital's inpatient medication lists, roughly: most patients have an opioid among a few other drugs, some
have none; a few have a benzodiazepine, a gabapentinoid, sleep apnea, COPD, an eGFR or an earlier MME history.
Seeded, so every run and both pipelines see the same files.
"""
import json, random

OPIOIDS = [
    # (name, ingredient, route, strength mg, tablets per dose, frequency, extra)
    ("Oxycodone 5 mg tablet", "oxycodone", "oral", 5, {"everyHours": 4}, {"asNeeded": True, "maxDailyDose": {"value": 30, "unit": "mg"}}),
    ("Oxycodone 10 mg tablet", "oxycodone", "oral", 10, {"everyHours": 6}, {}),
    ("Morphine 15 mg tablet", "morphine", "oral", 15, {"everyHours": 4}, {"asNeeded": True}),
    ("Hydromorphone 2 mg tablet", "hydromorphone", "oral", 2, {"everyHours": 4}, {"asNeeded": True}),
    ("Hydrocodone 5 mg / acetaminophen 325 mg tablet", "hydrocodone", "oral", 5, {"everyHours": 6}, {}),
    ("Tramadol 50 mg tablet", "tramadol", "oral", 50, {"timesPerDay": 4}, {}),
    ("Tapentadol 50 mg tablet", "tapentadol", "oral", 50, {"everyHours": 6}, {"asNeeded": True}),
    ("Morphine ER 30 mg tablet", "morphine", "oral", 30, {"timesPerDay": 2}, {"extendedRelease": True}),
    ("Methadone 5 mg tablet", "methadone", "oral", 5, {"timesPerDay": 2}, {}),
    ("Codeine 30 mg tablet", "codeine", "oral", 30, {"everyHours": 6}, {"asNeeded": True}),
]
OTHERS = [
    ("Acetaminophen 500 mg tablet", "acetaminophen", 500, {"timesPerDay": 4}),
    ("Ibuprofen 400 mg tablet", "ibuprofen", 400, {"timesPerDay": 3}),
    ("Ondansetron 4 mg tablet", "ondansetron", 4, {"everyHours": 8}),
    ("Pantoprazole 40 mg tablet", "pantoprazole", 40, {"timesPerDay": 1}),
    ("Senna 8.6 mg tablet", "senna", 8.6, {"timesPerDay": 2}),
    ("Enoxaparin 40 mg injection", "enoxaparin", 40, {"timesPerDay": 1}),
    ("Metformin 500 mg tablet", "metformin", 500, {"timesPerDay": 2}),
    ("Atorvastatin 20 mg tablet", "atorvastatin", 20, {"timesPerDay": 1}),
]
SEDATIVES = [
    ("Lorazepam 1 mg tablet", "lorazepam", 1, {"timesPerDay": 2}),
    ("Gabapentin 300 mg capsule", "gabapentin", 300, {"timesPerDay": 3}),
]
CONDITIONS = [("icd-10-cm", "I10", "Essential hypertension"), ("icd-10-cm", "E11.9", "Type 2 diabetes"),
              ("icd-10-cm", "G47.33", "Obstructive sleep apnea"), ("icd-10-cm", "J44.9", "COPD"),
              ("icd-10-cm", "M54.50", "Low back pain"), ("icd-10-cm", "S72.001A", "Hip fracture")]

def order(index, name, ingredient, route, strength, frequency, extra, rng):
    form = "capsule" if "capsule" in name else ("injection" if "injection" in name else "tablet")
    medication = {"id": "m%d" % index, "name": name, "ingredient": ingredient,
                  "route": "subcutaneous" if form == "injection" else route, "doseForm": form,
                  "strength": {"value": strength, "unit": "mg"},
                  "dose": {"value": 1 if form == "injection" else rng.choice([1, 1, 2]),
                           "unit": "mg" if form == "injection" else form},
                  "frequency": frequency, "start": "2026-11-%02d" % rng.randint(1, 18), "status": "active"}
    if form == "injection": medication["dose"]["value"] = strength
    medication.update(extra)
    return medication

def record(i, seed=20261201):
    rng = random.Random(seed * 1_000_003 + i)
    medications = []
    if rng.random() < 0.8:
        for _ in range(rng.choice([1, 1, 1, 2])):
            name, ingredient, route, strength, frequency, extra = rng.choice(OPIOIDS)
            medications.append(order(len(medications) + 1, name, ingredient, route, strength, frequency, extra, rng))
    for name, ingredient, strength, frequency in rng.sample(OTHERS, rng.randint(1, 4)):
        medications.append(order(len(medications) + 1, name, ingredient, "oral", strength, frequency, {}, rng))
    if rng.random() < 0.15:
        name, ingredient, strength, frequency = rng.choice(SEDATIVES)
        medications.append(order(len(medications) + 1, name, ingredient, "oral", strength, frequency, {}, rng))
    rng.shuffle(medications)
    document = {"schemaVersion": 1, "comment": "Synthetic benchmark record: invented data, not a real patient.",
                "patient": {"id": "SYN-B%07d" % i, "age": rng.randint(18, 92), "sex": rng.choice(["female", "male"])},
                "source": {"pipeline": "synthetic-bench", "generatedAt": "2026-11-20T08:00:00Z"},
                "medications": medications,
                "conditions": [{"system": s, "code": c, "text": t} for s, c, t in rng.sample(CONDITIONS, rng.randint(0, 2))]}
    if rng.random() < 0.4:
        document["observations"] = [{"kind": "egfr", "value": rng.randint(25, 110), "unit": "mL/min/1.73m2",
                                     "date": "2026-11-%02d" % rng.randint(1, 19), "loinc": "98979-8"}]
    if rng.random() < 0.3:
        document["history"] = {"overdose": False, "substanceUseDisorder": False, "sleepApnea": rng.random() < 0.2}
    return json.dumps(document)
