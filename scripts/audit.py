#!/usr/bin/env python3
"""Security advisories for RiskBrief's dependencies, run by hand where the advisory services are
reachable (this project's machines and CI reach only the package registries, and neither the
RustSec database on GitHub nor the npm registry's audit endpoint answers there):

  * `cargo deny check advisories` (deny.toml) over every crate the workspace builds;
  * `npm audit --omit=dev` over the UI's shipped packages, with ui/audit-policy.json: each
    accepted advisory names its id (GHSA) and why it is accepted; any other advisory of
    moderate severity or above fails.

Exit 0: no advisory outside the policy. Exit 1: advisories found. Exit 2: a service could not
be reached (nothing was checked; say so, do not read it as a pass).
"""

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LEVELS = ["info", "low", "moderate", "high", "critical"]


def npm_audit():
    policy = json.load(open(os.path.join(ROOT, "ui/audit-policy.json")))
    accepted = {a["id"]: a["reason"] for a in policy["accepted"]}
    p = subprocess.run(["npm", "audit", "--omit=dev", "--json"], cwd=os.path.join(ROOT, "ui"),
                       capture_output=True, text=True)
    try:
        report = json.loads(p.stdout)
    except json.JSONDecodeError:
        report = {}
    if "vulnerabilities" not in report:
        print(f"npm audit: the audit endpoint could not be used: {(p.stderr or p.stdout).strip()[:300]}")
        return 2
    found = []
    for name, v in report["vulnerabilities"].items():
        for via in v.get("via", []):
            if not isinstance(via, dict):
                continue
            ghsa = via.get("url", "").rsplit("/", 1)[-1]
            if LEVELS.index(via.get("severity", "info")) >= LEVELS.index(policy.get("fail_at", "moderate")) \
                    and ghsa not in accepted:
                found.append(f"{name}: {via.get('title')} ({via.get('severity')}, {via.get('url')})")
    for f in found:
        print("npm audit:", f)
    print(f"npm audit: {len(found)} advisories outside ui/audit-policy.json")
    return 1 if found else 0


def cargo_deny():
    p = subprocess.run(["cargo", "deny", "--workspace", "check", "advisories"], cwd=ROOT,
                       capture_output=True, text=True)
    out = p.stderr + p.stdout
    if p.returncode != 0 and ("failed to fetch" in out or "failed to open advisory database" in out
                              or "Could not resolve host" in out or "unable to access" in out):
        print(f"cargo deny: the RustSec advisory database could not be fetched: {out.strip()[-300:]}")
        return 2
    print(out.strip()[-2000:])
    return 0 if p.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(max(cargo_deny(), npm_audit()))
