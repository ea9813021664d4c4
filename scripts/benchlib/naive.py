#!/usr/bin/env python3
"""The naive pipeline the benchmark compares Sparrow with: what a hospital team might write in an afternoon.

  naive.py SPOOL DATABASE

Single-threaded Python. At start it takes every file already in SPOOL/incoming (a backlog), then waits on inotify
(IN_CLOSE_WRITE, IN_MOVED_TO). Each file: read, SHA-256, parse the JSON, a simple MME/day (strength × dose × times
per day × the CDC factor, for the common oral opioids), then one SQLite transaction (WAL, synchronous=FULL) that
stores the file's name, SHA-256, patient id, MME and the document itself, then a rename to SPOOL/processed.
A file it cannot parse goes to SPOOL/quarantine. No policies, no advisories, no alert fatigue, no crash recovery.
Stops on SIGTERM.
"""
import ctypes, hashlib, json, os, signal, sqlite3, struct, sys

FACTORS = {"codeine": 0.15, "hydrocodone": 1, "hydromorphone": 5, "morphine": 1, "oxycodone": 1.5,
           "oxymorphone": 3, "tapentadol": 0.4, "tramadol": 0.2, "methadone": 4.7}

def mme(document):
    total = 0.0
    for order in document.get("medications", []):
        factor = FACTORS.get(order.get("ingredient"))
        if factor is None or order.get("status") != "active": continue
        strength = order.get("strength", {}).get("value", 0)
        dose = order.get("dose", {}).get("value", 0)
        frequency = order.get("frequency", {})
        per_day = frequency.get("timesPerDay") or (24 / frequency["everyHours"] if frequency.get("everyHours") else 0)
        total += strength * dose * per_day * factor
    return total

def main():
    spool, path = sys.argv[1], sys.argv[2]
    incoming, processed, quarantine = (os.path.join(spool, d) for d in ("incoming", "processed", "quarantine"))
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL"); db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE IF NOT EXISTS decision (id INTEGER PRIMARY KEY, sha256 TEXT UNIQUE, name TEXT, "
               "patient_id TEXT, mme REAL, document TEXT, decided_at TEXT DEFAULT CURRENT_TIMESTAMP)")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    fd = libc.inotify_init()
    libc.inotify_add_watch(fd, incoming.encode(), 0x08 | 0x80)  # IN_CLOSE_WRITE | IN_MOVED_TO

    def handle(name):
        if name.startswith("."): return
        source = os.path.join(incoming, name)
        try:
            with open(source, "rb") as f: data = f.read()
        except FileNotFoundError:
            return
        try:
            document = json.loads(data)
            patient = document["patient"]["id"]
        except Exception:
            os.rename(source, os.path.join(quarantine, name)); return
        db.execute("BEGIN")
        db.execute("INSERT OR IGNORE INTO decision (sha256, name, patient_id, mme, document) VALUES (?, ?, ?, ?, ?)",
                   (hashlib.sha256(data).hexdigest(), name, patient, mme(document), data.decode()))
        db.execute("COMMIT")
        os.rename(source, os.path.join(processed, name))

    for name in sorted(os.listdir(incoming)): handle(name)
    print("ready", flush=True)
    while True:
        data = os.read(fd, 65536)
        offset = 0
        while offset + 16 <= len(data):
            _, _, _, length = struct.unpack_from("iIII", data, offset)
            handle(data[offset + 16:offset + 16 + length].rstrip(b"\0").decode())
            offset += 16 + length

if __name__ == "__main__":
    main()
