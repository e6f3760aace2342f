#!/usr/bin/env python3
"""`make mutation`: apply the fixed list of mutants in Scripts/mutants.py one at a time and
check that the tests mapped to each one fail.

Works in a scratch copy of the package (.build-mutation/tree, build folder
.build-mutation/build): the working tree is never modified. For each mutant the runner checks
that its snippet occurs exactly once in the file (otherwise the mutant is an ERROR), applies the
replacement, runs an incremental `swift build --build-tests`, runs
`swift test --skip-build --filter <regex>` under a timeout, and restores the file.

  killed               the mapped tests failed (or timed out)
  killed by compiler   the mutant does not build (counted as killed, reported separately)
  survived             the mapped tests passed
  error                the snippet is missing or not unique

Before any mutant, the unmutated copy must build and pass every mapped test, and every mapped
regex must select at least one test; otherwise the run aborts.

Environment: MUTANTS=id,id,... runs a subset; MUTATION_TIMEOUT=seconds overrides the per-mutant
test timeout (default: 4 x the baseline time of that regex + 60 s); SWIFT=... the swift binary.
Writes a summary to .build-mutation/report.md. Exit 0 when no mutant survived or errored.
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, ".build-mutation")
TREE = os.path.join(WORK, "tree")
SCRATCH = os.path.join(WORK, "build")
REPORT = os.path.join(WORK, "report.md")
LOGS = os.path.join(WORK, "logs")
SWIFT = os.environ.get("SWIFT", "swift")
# Copied into the scratch tree (Fixtures is linked: the tests only read it).
COPIED = ["Package.swift", "Package.resolved", "Sources", "Tests"]
LINKED = ["Fixtures"]

sys.path.insert(0, os.path.join(ROOT, "Scripts"))
from mutants import MUTANTS  # noqa: E402


def log(msg):
    print(msg, flush=True)


def sync_tree():
    """Mirror the working tree's sources into TREE, touching only files whose bytes differ
    (so the scratch build stays incremental between runs)."""
    os.makedirs(TREE, exist_ok=True)
    for name in LINKED:
        link = os.path.join(TREE, name)
        if not os.path.islink(link):
            if os.path.exists(link):
                shutil.rmtree(link)
            os.symlink(os.path.join(ROOT, name), link)
    for name in COPIED:
        src = os.path.join(ROOT, name)
        dst = os.path.join(TREE, name)
        if not os.path.exists(src):
            if os.path.isdir(dst):
                shutil.rmtree(dst)
            elif os.path.exists(dst):
                os.remove(dst)
            continue
        if os.path.isfile(src):
            copy_if_different(src, dst)
            continue
        wanted = set()
        for dirpath, dirnames, filenames in os.walk(src):
            rel = os.path.relpath(dirpath, src)
            for f in filenames:
                r = os.path.normpath(os.path.join(rel, f))
                wanted.add(r)
                copy_if_different(os.path.join(src, r), os.path.join(dst, r))
        for dirpath, dirnames, filenames in os.walk(dst):
            rel = os.path.relpath(dirpath, dst)
            for f in filenames:
                r = os.path.normpath(os.path.join(rel, f))
                if r not in wanted:
                    os.remove(os.path.join(dst, r))


def copy_if_different(src, dst):
    with open(src, "rb") as f:
        data = f.read()
    if os.path.exists(dst):
        with open(dst, "rb") as f:
            if f.read() == data:
                return
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    with open(dst, "wb") as f:
        f.write(data)
    shutil.copymode(src, dst)


# The running build or test process group, ended with the runner (Ctrl-C, SIGTERM).
CURRENT = []


def stop(signum, frame):
    for p in CURRENT:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    raise KeyboardInterrupt


def run_group(cmd, out, timeout=None):
    p = subprocess.Popen(cmd, cwd=TREE, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    CURRENT.append(p)
    try:
        return p.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        # swift test starts the test bundle in a process group of its own: a hung mutant's bundle
        # would outlive the group above and keep a core busy.
        subprocess.run(["pkill", "-KILL", "-f", r"\.build-mutation/build/.*\.xctest"], check=False)
        raise
    finally:
        CURRENT.remove(p)


def build(logname):
    t = time.time()
    with open(os.path.join(LOGS, logname), "w") as out:
        rc = run_group([SWIFT, "build", "--build-tests", "--scratch-path", SCRATCH], out)
    return rc == 0, time.time() - t


def run_tests(regex, timeout, logname):
    """(status, seconds, executed): status is 'pass', 'fail' or 'timeout'."""
    t = time.time()
    path = os.path.join(LOGS, logname)
    with open(path, "w") as out:
        try:
            rc = run_group([SWIFT, "test", "--skip-build", "--disable-swift-testing", "--scratch-path", SCRATCH,
                            "--filter", regex], out, timeout=timeout)
        except subprocess.TimeoutExpired:
            return "timeout", time.time() - t, 0
    with open(path, errors="replace") as f:
        text = f.read()
    executed = [int(n) for n in re.findall(r"Executed (\d+) tests?", text)]
    n = max(executed) if executed else 0
    return ("pass" if rc == 0 else "fail"), time.time() - t, n


def list_tests():
    r = subprocess.run([SWIFT, "test", "--skip-build", "--disable-swift-testing", "--scratch-path", SCRATCH,
                        "--list-tests"], cwd=TREE, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("mutation: could not list the tests:\n" + r.stdout + r.stderr)
    return [l.strip() for l in r.stdout.splitlines() if "." in l and "/" in l]


def validate_list():
    ids = [m["id"] for m in MUTANTS]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        sys.exit("mutation: duplicate mutant ids: " + ", ".join(sorted(dup)))
    for m in MUTANTS:
        for key in ("id", "area", "file", "find", "replace", "tests", "description"):
            if not m.get(key):
                sys.exit(f"mutation: mutant {m.get('id')} lacks '{key}'")
        if m["find"] == m["replace"]:
            sys.exit(f"mutation: mutant {m['id']} replaces its snippet by itself")


def main():
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    validate_list()
    selected = MUTANTS
    if os.environ.get("MUTANTS"):
        wanted = [s.strip() for s in os.environ["MUTANTS"].split(",") if s.strip()]
        unknown = [w for w in wanted if w not in {m["id"] for m in MUTANTS}]
        if unknown:
            sys.exit("mutation: unknown mutant ids: " + ", ".join(unknown))
        selected = [m for m in MUTANTS if m["id"] in wanted]
    started = time.time()
    os.makedirs(LOGS, exist_ok=True)
    log(f"mutation: {len(selected)} mutants; scratch tree {os.path.relpath(TREE, ROOT)}, build {os.path.relpath(SCRATCH, ROOT)}")
    sync_tree()

    # Baseline: the unmutated tree builds and passes every mapped test.
    ok, secs = build("baseline-build.log")
    if not ok:
        sys.exit(f"mutation: the unmutated tree does not build (see {LOGS}/baseline-build.log); aborting")
    log(f"baseline build: {secs:.0f} s")
    names = list_tests()
    regexes = sorted({m["tests"] for m in selected})
    for rx in regexes:
        if not any(re.search(rx, n) for n in names):
            sys.exit(f"mutation: test regex '{rx}' selects no test; aborting")
    baseline = {}
    combined = "|".join(f"(?:{rx})" for rx in regexes)
    status, secs, executed = run_tests(combined, 3600, "baseline-tests.log")
    if status != "pass" or executed == 0:
        sys.exit(f"mutation: the unmutated tree fails its mapped tests ({status}, {executed} tests; see {LOGS}/baseline-tests.log); aborting")
    log(f"baseline tests: {executed} tests pass in {secs:.0f} s")
    # Per-regex baseline time (sum of its tests' durations) sets that regex's timeout.
    with open(os.path.join(LOGS, "baseline-tests.log"), errors="replace") as f:
        durations = {f"{c}/{t}": float(d) for c, t, d in
                     re.findall(r"Test Case '([\w.]+)\.(\w+)' passed \(([\d.]+) seconds\)", f.read())}
    for rx in regexes:
        baseline[rx] = sum(durations.get(n.split(".", 1)[1], 0.0) for n in names if re.search(rx, n))

    results = []
    for n, m in enumerate(selected, 1):
        path = os.path.join(TREE, m["file"])
        t0 = time.time()
        if not os.path.exists(path):
            results.append((m, "error", f"file {m['file']} does not exist", 0))
            log(f"[{n}/{len(selected)}] {m['id']}: ERROR (no file {m['file']})")
            continue
        with open(path, encoding="utf-8") as f:
            original = f.read()
        count = original.count(m["find"])
        if count != 1:
            why = "snippet not found" if count == 0 else f"snippet occurs {count} times"
            results.append((m, "error", why, 0))
            log(f"[{n}/{len(selected)}] {m['id']}: ERROR ({why} in {m['file']})")
            continue
        try:
            with open(path, "w", encoding="utf-8") as f:
                f.write(original.replace(m["find"], m["replace"]))
            ok, bsecs = build(f"{m['id']}-build.log")
            if not ok:
                outcome, detail = "compiler", f"build failed ({bsecs:.0f} s)"
            else:
                rx = m["tests"]
                timeout = float(os.environ.get("MUTATION_TIMEOUT", 0)) or (4 * (baseline.get(rx) or 150) + 60)
                status, tsecs, executed = run_tests(rx, timeout, f"{m['id']}-tests.log")
                if status == "pass" and executed == 0:
                    outcome, detail = "error", "the test regex ran no test"
                elif status == "pass":
                    outcome, detail = "survived", f"{executed} tests passed ({tsecs:.0f} s)"
                elif status == "timeout":
                    outcome, detail = "killed", f"tests timed out after {timeout:.0f} s"
                else:
                    outcome, detail = "killed", f"tests failed ({tsecs:.0f} s)"
        finally:
            with open(path, "w", encoding="utf-8") as f:
                f.write(original)
        results.append((m, outcome, detail, time.time() - t0))
        log(f"[{n}/{len(selected)}] {m['id']}: {outcome.upper()} — {detail}; {m['description']}")

    # The restored tree must build again (leaves the scratch build clean for the next run).
    build("final-build.log")
    elapsed = time.time() - started
    write_report(results, elapsed)
    killed = sum(1 for r in results if r[1] in ("killed", "compiler"))
    by_compiler = sum(1 for r in results if r[1] == "compiler")
    survivors = [r for r in results if r[1] == "survived"]
    errors = [r for r in results if r[1] == "error"]
    log("")
    log(f"killed {killed}/{len(results)} ({100 * killed / max(1, len(results)):.1f} %), of which {by_compiler} by the compiler; "
        f"{len(survivors)} survived, {len(errors)} errors; {elapsed / 60:.1f} min")
    for m, _, detail, _ in survivors:
        log(f"  SURVIVED {m['id']} ({m['file']}): {m['description']}" + (f" [equivalent: {m['equivalent']}]" if m.get("equivalent") else ""))
    for m, _, detail, _ in errors:
        log(f"  ERROR {m['id']} ({m['file']}): {detail}")
    log(f"report: {os.path.relpath(REPORT, ROOT)}")
    sys.exit(0 if not errors and all(m.get("equivalent") for m, _, _, _ in survivors) else 1)


def write_report(results, elapsed):
    killed = sum(1 for r in results if r[1] in ("killed", "compiler"))
    by_compiler = sum(1 for r in results if r[1] == "compiler")
    lines = ["# Mutation report", "",
             f"{time.strftime('%Y-%m-%d %H:%M')}; {len(results)} mutants, run time {elapsed / 60:.1f} min.", "",
             f"**Killed {killed}/{len(results)} ({100 * killed / max(1, len(results)):.1f} %)**, "
             f"of which {by_compiler} by the compiler; "
             f"{sum(1 for r in results if r[1] == 'survived')} survived; "
             f"{sum(1 for r in results if r[1] == 'error')} errors.", "",
             "## Per area", "", "| area | mutants | killed | by compiler | survived | errors |", "|---|---|---|---|---|---|"]
    areas = []
    for m, _, _, _ in results:
        if m["area"] not in areas:
            areas.append(m["area"])
    for a in areas:
        rs = [r for r in results if r[0]["area"] == a]
        lines.append(f"| {a} | {len(rs)} | {sum(1 for r in rs if r[1] in ('killed', 'compiler'))} | "
                     f"{sum(1 for r in rs if r[1] == 'compiler')} | {sum(1 for r in rs if r[1] == 'survived')} | "
                     f"{sum(1 for r in rs if r[1] == 'error')} |")
    lines += ["", "## Survivors and errors", ""]
    bad = [r for r in results if r[1] in ("survived", "error")]
    if not bad:
        lines.append("None.")
    for m, outcome, detail, _ in bad:
        reason = f" Equivalent: {m['equivalent']}" if m.get("equivalent") else ""
        lines.append(f"- `{m['id']}` ({outcome}, {m['file']}): {m['description']}; {detail}.{reason}")
    lines += ["", "## Every mutant", "", "| id | area | file | outcome | detail | tests | description |",
              "|---|---|---|---|---|---|---|"]
    for m, outcome, detail, secs in results:
        lines.append(f"| {m['id']} | {m['area']} | {m['file']} | {outcome} | {detail} | `{m['tests']}` | {m['description']} |")
    with open(REPORT, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
