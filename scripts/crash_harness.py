#!/usr/bin/env python3
"""Crash-safety harness: SIGKILL RiskBrief at random moments and check what it leaves.

For each operation (list import, bundle import, the search index catching up with an import,
register import, restore, `brief --all`, an edit burst through the core) and each trial, the harness starts the operation, kills it with SIGKILL after a random
delay within the operation's measured duration, and then checks:

  * integrity: `riskbrief check` passes (integrity_check and foreign_key_check);
  * all-or-nothing: the operation's effect is either wholly there or wholly absent;
  * the next run works: the same operation, run again to the end, succeeds.

Usage: scripts/crash_harness.py [--trials N] [--bin target/debug/riskbrief]
       [--workload target/debug/examples/crash_workload] [--seed S]
CI runs it with a small count; run it by hand with a large one (README, "Reliability").
"""

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Harness:
    def __init__(self, args, work):
        self.bin = os.path.abspath(args.bin)
        self.workload = os.path.abspath(args.workload)
        self.work = work
        self.rng = random.Random(args.seed)
        self.env = dict(os.environ, HOME=work, XDG_DATA_HOME=os.path.join(work, "xdg"))
        self.env.pop("RISKBRIEF_DB", None)

    def rb(self, db, *args, check=True):
        p = subprocess.run([self.bin, "--db", db, *args], cwd=self.work, env=self.env,
                           capture_output=True, text=True)
        if check and p.returncode != 0:
            raise AssertionError(f"riskbrief {' '.join(args)} failed ({p.returncode}): {p.stderr}")
        return p

    def make(self, *args):
        subprocess.run([self.workload, *args], cwd=self.work, env=self.env, check=True)

    def seeded(self, name, template):
        db = os.path.join(self.work, name)
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        shutil.copy(template, db)
        return db

    def timed(self, cmd):
        t = time.monotonic()
        subprocess.run(cmd, cwd=self.work, env=self.env, capture_output=True)
        return time.monotonic() - t

    def kill_during(self, cmd, span):
        """Starts cmd, SIGKILLs it after a random delay in [0, span); returns stdout read so far
        and whether it had already finished."""
        p = subprocess.Popen(cmd, cwd=self.work, env=self.env, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True)
        time.sleep(self.rng.uniform(0, span))
        finished = p.poll() is not None
        if not finished:
            p.send_signal(signal.SIGKILL)
        out, _ = p.communicate()
        return out, finished

    def sound(self, db):
        self.rb(db, "check")


def query(db, sql, *params):
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def list_import(h, base, trial):
    db = h.seeded("list.db", base)
    cmd = [h.bin, "--db", db, "lists", "import", "--format", "ofac", "--as-of", "2026-02-01", "big-sdn.csv"]
    out, _ = h.kill_during(cmd, h.spans["list"])
    h.sound(db)
    snaps = query(db, "SELECT id, entry_count FROM list_snapshots WHERE list = 'ofac_sdn' AND replaced_at IS NULL")
    assert len(snaps) == 1, f"{len(snaps)} current OFAC snapshots"
    (sid, count), = snaps
    entries = query(db, "SELECT count(*) FROM list_entries WHERE snapshot_id = ?", sid)[0][0]
    assert entries == count, f"snapshot says {count} entries, holds {entries}"
    assert count in (h.small_list, h.big_list), f"a partial list of {count} entries"
    done = count == h.big_list
    p = h.rb(db, *cmd[3:], check=False)
    assert p.returncode == 0 or (done and "already" in p.stderr), f"the next import failed: {p.stderr}"
    return done


def bundle_import(h, base, trial):
    db = h.seeded("bundle.db", base)
    before = query(db, "SELECT count(*) FROM companies")[0][0]
    out, _ = h.kill_during([h.bin, "--db", db, "import", "synthetic.json"], h.spans["bundle"])
    h.sound(db)
    now = query(db, "SELECT count(*) FROM companies")[0][0]
    assert now in (before, before + h.bundle_n), f"{now - before} of {h.bundle_n} companies imported"
    orphans = query(db, "SELECT count(*) FROM companies c WHERE c.slug LIKE 'synthetic-%' AND NOT EXISTS "
                        "(SELECT 1 FROM allegations a WHERE a.company_id = c.id)")[0][0]
    assert orphans == 0, f"{orphans} companies without their allegation"
    h.rb(db, "import", "synthetic.json")
    return now != before


def search_catch_up(h, base, trial):
    """`riskbrief index` after a bundle import (which commits its records unindexed): killed, each
    record is indexed once or still waits in the backlog, never both nor neither; the next run
    indexes the rest."""
    db = h.seeded("catch-up.db", h.pending_db)
    # One search document per record of these kinds (the view search_documents; the harness's
    # SQLite may be too old to read it: it uses concat_ws).
    documents = sum(query(db, f"SELECT count(*) FROM {t}")[0][0]
                    for t in ("companies", "allegations", "sources", "deployments", "persons", "relations"))
    h.kill_during([h.bin, "--db", db, "index"], h.spans["index"])
    h.sound(db)
    # The index's own rows (its content table: the FTS5 module may be too new for this SQLite).
    indexed, distinct = query(db, "SELECT count(*), count(DISTINCT c1) FROM search_index_content")[0]
    waiting = query(db, "SELECT count(*) FROM search_backlog")[0][0]
    assert indexed == distinct, f"{indexed - distinct} records indexed twice"
    assert indexed + waiting == documents, f"{indexed} indexed + {waiting} waiting for {documents} documents"
    h.rb(db, "index")
    after = query(db, "SELECT count(*), (SELECT count(*) FROM search_backlog), "
                      "(SELECT paused FROM search_pause) FROM search_index_content")[0]
    assert after == (documents, 0, 0), f"after the next run: {after}"
    return waiting == 0


def register_import(h, base, trial):
    db = h.seeded("register.db", base)
    before = query(db, "SELECT count(*) FROM deployments")[0][0]
    h.kill_during([h.bin, "--db", db, "exposure", "import", "register.csv"], h.spans["register"])
    h.sound(db)
    now = query(db, "SELECT count(*) FROM deployments")[0][0]
    assert now in (before, before + h.register_n), f"{now - before} of {h.register_n} deployments imported"
    audited = query(db, "SELECT count(*) FROM audit_log WHERE table_name = 'deployments'")[0][0]
    assert audited >= now, f"{now} deployments but {audited} audit rows: a deployment was written unaudited"
    h.rb(db, "exposure", "import", "register.csv")
    return now != before


def write_register(path, n):
    """A register of n deployments, as a CSV procurement would keep."""
    vendors = ["DeepSeek", "Hikvision", "Huawei Technologies", "Kaspersky Lab", "ZTE Corp", "Atlassian"]
    routes = ["SaaS", "Amazon Bedrock", "self-hosted", "on-prem hardware"]
    with open(path, "w") as f:
        f.write("Use case,Supplier,Hosting,Cloud provider,Data classification,Status,Users\n")
        for i in range(n):
            route = routes[i % len(routes)]
            cloud = "Amazon" if route == "Amazon Bedrock" else ""
            f.write(f"System {i},{vendors[i % len(vendors)]},{route},{cloud},Internal,Production,{i % 300}\n")


def restore(h, base, trial):
    db = h.seeded("restore.db", h.bundled_db)
    before = query(db, "SELECT count(*) FROM companies")[0][0]
    kept_before = set(os.listdir(h.work))
    out, _ = h.kill_during([h.bin, "--db", db, "restore", "big-backup.db", "--yes"], h.spans["restore"])
    h.sound(db)
    now = query(db, "SELECT count(*) FROM companies")[0][0]
    assert now in (before, h.backup_companies), f"{now} companies: neither the old database nor the backup"
    h.rb(db, "restore", "big-backup.db", "--yes")
    assert query(db, "SELECT count(*) FROM companies")[0][0] == h.backup_companies
    for f in set(os.listdir(h.work)) - kept_before:  # copies kept before restoring
        if ".before-restore-" in f:
            os.remove(os.path.join(h.work, f))
    return now != before


def brief_all(h, base, trial):
    db = h.seeded("briefs.db", base)
    out_dir = os.path.join(h.work, "briefs")
    shutil.rmtree(out_dir, ignore_errors=True)
    cmd = [h.bin, "--db", db, "brief", "--all", "-o", "briefs", "--as-of", "2026-06-30"]
    h.kill_during(cmd, h.spans["briefs"])
    h.sound(db)
    pdfs = [f for f in os.listdir(out_dir) if f.endswith(".pdf")] if os.path.isdir(out_dir) else []
    for f in pdfs:
        p = h.rb(db, "verify", os.path.join(out_dir, f), check=False)
        assert p.returncode == 0, f"{f} is not a whole, recorded brief: {p.stdout}"
    h.rb(db, *cmd[3:])  # resumes without --force
    return len(pdfs)


def edit_burst(h, base, trial):
    db = h.seeded("burst.db", base)
    out, _ = h.kill_during([h.workload, "burst", db], h.spans["burst"])
    h.sound(db)
    printed = int(out.split()[-1]) if out.split() else 0
    allegations = query(db, "SELECT count(*) FROM allegations WHERE summary LIKE 'Synthetic allegation %'")[0][0]
    sources = query(db, "SELECT count(*) FROM sources WHERE title LIKE 'Burst report %'")[0][0]
    assert sources == allegations, f"{sources} sources but {allegations} allegations: a transaction was split"
    assert printed <= allegations <= printed + 1, f"{printed} commits reported, {allegations} stored"
    h.rb(db, "list")
    return allegations


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/debug/riskbrief"))
    ap.add_argument("--workload", default=os.path.join(ROOT, "target/debug/examples/crash_workload"))
    ap.add_argument("--seed", type=int, default=int(time.time()))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="rb-crash-") as work:
        h = Harness(args, work)
        h.bundle_n, h.small_list, h.big_list, h.register_n = 400, 300, 20000, 20000
        # Fixtures: a database with a small OFAC snapshot; a big list; a big bundle; a big backup.
        h.bundled_db = os.path.join(work, "bundled.db")
        h.rb(h.bundled_db, "init")
        h.make("list", str(h.small_list), "small-sdn.csv")
        h.make("list", str(h.big_list), "big-sdn.csv")
        h.make("bundle", str(h.bundle_n), "synthetic.json")
        write_register(os.path.join(work, "register.csv"), h.register_n)
        base = os.path.join(work, "base.db")
        shutil.copy(h.bundled_db, base)
        h.rb(base, "lists", "import", "--format", "ofac", "--as-of", "2026-01-01", "small-sdn.csv")
        big = os.path.join(work, "big.db")
        shutil.copy(base, big)
        h.rb(big, "import", "synthetic.json")
        h.rb(big, "backup", "big-backup.db")
        # A bundle just imported: its records wait to be indexed for search.
        h.pending_db = os.path.join(work, "pending.db")
        shutil.copy(base, h.pending_db)
        h.rb(h.pending_db, "import", "synthetic.json")
        assert query(h.pending_db, "SELECT count(*) FROM search_backlog")[0][0] > 0, "the import left nothing to index"
        h.backup_companies = query(os.path.join(work, "big-backup.db"), "SELECT count(*) FROM companies")[0][0]
        # How long each operation takes here, so that kills land inside it.
        scratch = os.path.join(work, "scratch.db")
        h.spans = {}
        for name, template, cmd in [
            ("list", base, ["lists", "import", "--format", "ofac", "--as-of", "2026-02-01", "big-sdn.csv"]),
            ("bundle", base, ["import", "synthetic.json"]),
            ("index", h.pending_db, ["index"]),
            ("register", base, ["exposure", "import", "register.csv"]),
            ("restore", h.bundled_db, ["restore", "big-backup.db", "--yes"]),
            ("briefs", base, ["brief", "--all", "-o", "scratch-briefs", "--as-of", "2026-06-30"]),
        ]:
            h.seeded("scratch.db", template)
            h.spans[name] = h.timed([h.bin, "--db", scratch, *cmd]) * 1.1
        h.spans["burst"] = 1.0
        ops = [("list import", "list", list_import), ("bundle import", "bundle", bundle_import),
               ("search index catching up", "index", search_catch_up),
               ("register import", "register", register_import), ("restore", "restore", restore), ("brief --all", "briefs", brief_all),
               ("edit burst", "burst", edit_burst)]
        print(f"crash harness: seed {args.seed}, {args.trials} trials per operation")
        for name, span, op in ops:
            for trial in range(args.trials):
                try:
                    op(h, base, trial)
                except AssertionError as e:
                    print(f"FAIL {name}, trial {trial} (seed {args.seed}): {e}")
                    sys.exit(1)
            print(f"  {name}: {args.trials} SIGKILLs within its {h.spans[span]:.2f} s: "
                  f"integrity ok, all or nothing, the next run works")
        print(f"{len(ops) * args.trials} passed, 0 failed")


if __name__ == "__main__":
    main()
