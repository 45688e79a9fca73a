#!/usr/bin/env python3
"""Checks the ClusterFuzzLite / OSS-Fuzz configuration against the tree.

Parses every .github/workflows/*.yml and .clusterfuzzlite/project.yaml
(Debian's python3-yaml) and fails when they disagree with each other, with
the Dockerfile, or with fuzz/:

  - every workflow parses; every ClusterFuzzLite step uses the same pinned
    action version, the project's language, a known mode and a sanitizer
    that project.yaml lists (or coverage, for coverage mode); every
    build_fuzzers step is followed by a run_fuzzers step with the same
    sanitizer;
  - the modes the documentation lays out are all there: code-change on
    pull_request with address and undefined, batch on a schedule, prune,
    coverage with the coverage sanitizer;
  - project.yaml: language c, base_os_version equal to the Dockerfile's
    FROM tag, known sanitizers and engines;
  - the Dockerfile clones every dependency at a pinned tag;
  - every fuzz target (fuzz/fuzz_*.c) has a seed corpus and an .options
    file whose dictionary exists, and build.sh builds every fuzz/fuzz_*.c.

    cfl_config_test.py ROOT            the checks ("N passed, N failed")
    cfl_config_test.py ROOT --matrix   prints "SANITIZER ENGINE" per build
                                       the workflows and project.yaml ask
                                       for (used by tests/fuzz-build-test.sh)
"""
import configparser
import glob
import os
import re
import sys

import yaml

SANITIZERS = {"address", "undefined", "memory"}
ENGINES = {"libfuzzer", "afl", "honggfuzz", "centipede"}
MODES = {"code-change", "batch", "prune", "coverage"}
ACTION = "google/clusterfuzzlite/actions/"


class Checker:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL: " + what)
        return ok


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def triggers(doc):
    # YAML 1.1 reads the key "on" as the boolean True.
    on = doc.get("on", doc.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return {k: None for k in on}
    return on or {}


def expand(value, matrix):
    """The values a step field takes: ${{ matrix.X }} over the matrix."""
    if value is None:
        return [None]
    m = re.fullmatch(r"\$\{\{\s*matrix\.(\w+)\s*\}\}", str(value))
    if m:
        return list((matrix or {}).get(m.group(1), []))
    return [str(value)]


def cfl_steps(workflows):
    """(workflow, job, trigger names, kind, sanitizer, step) for every
    ClusterFuzzLite step, one per matrix value."""
    for path, doc in workflows:
        trig = set(triggers(doc))
        for job_name, job in (doc.get("jobs") or {}).items():
            matrix = (job.get("strategy") or {}).get("matrix")
            for step in job.get("steps") or []:
                uses = step.get("uses", "")
                if not uses.startswith(ACTION):
                    continue
                kind = uses[len(ACTION):].split("@")[0]
                with_ = step.get("with") or {}
                for san in expand(with_.get("sanitizer", "address"), matrix):
                    yield path, job_name, trig, kind, san, step


def main():
    root = sys.argv[1]
    matrix_only = "--matrix" in sys.argv[2:]
    c = Checker()
    project = load_yaml(os.path.join(root, ".clusterfuzzlite/project.yaml"))
    wf_paths = sorted(glob.glob(os.path.join(root, ".github/workflows/*.yml")) +
                      glob.glob(os.path.join(root, ".github/workflows/*.yaml")))
    workflows = [(os.path.relpath(p, root), load_yaml(p)) for p in wf_paths]
    steps = list(cfl_steps(workflows))
    proj_sans = set(project.get("sanitizers") or ["address", "undefined"])
    engines = list(project.get("fuzzing_engines") or ["libfuzzer"])

    if matrix_only:
        # Every sanitizer a workflow builds, with libFuzzer (ClusterFuzzLite
        # runs libFuzzer); every other engine project.yaml lists, with
        # address (OSS-Fuzz builds AFL++ and honggfuzz with ASan only).
        sans = []
        for _, _, _, kind, san, _ in steps:
            if kind == "build_fuzzers" and san not in sans:
                sans.append(san)
        for san in sans:
            print(san, "libfuzzer")
        for eng in engines:
            if eng != "libfuzzer":
                print("address", eng)
        return 0

    # ---- workflows ----
    c.check(len(workflows) > 0, "no workflow in .github/workflows")
    for path, doc in workflows:
        c.check(isinstance(doc, dict) and doc.get("jobs"), f"{path}: no jobs")
        c.check(triggers(doc), f"{path}: no trigger ('on')")
    versions = {s["uses"].split("@")[-1] for *_, s in steps}
    c.check(len(versions) == 1, f"ClusterFuzzLite actions at several versions: {versions}")
    for path, job, trig, kind, san, step in steps:
        where = f"{path}: job {job}: {kind}"
        with_ = step.get("with") or {}
        c.check(kind in ("build_fuzzers", "run_fuzzers"), f"{where}: unknown action")
        if kind == "build_fuzzers":
            c.check(with_.get("language") == project.get("language"),
                    f"{where}: language {with_.get('language')!r}, project.yaml says "
                    f"{project.get('language')!r}")
        mode = with_.get("mode")
        if kind == "run_fuzzers":
            c.check(mode in MODES, f"{where}: mode {mode!r}")
            c.check(int(with_.get("fuzz-seconds", 0)) > 0, f"{where}: no fuzz-seconds")
        if san == "coverage":
            c.check(kind == "build_fuzzers" or mode == "coverage",
                    f"{where}: the coverage sanitizer outside coverage mode")
        else:
            c.check(san in proj_sans, f"{where}: sanitizer {san!r} not in project.yaml")
    # Each job builds before it runs, with the same sanitizer.
    for path, doc in workflows:
        for job_name, job in (doc.get("jobs") or {}).items():
            built = set()
            matrix = (job.get("strategy") or {}).get("matrix")
            for step in job.get("steps") or []:
                uses = step.get("uses", "")
                if not uses.startswith(ACTION):
                    continue
                sans = expand((step.get("with") or {}).get("sanitizer", "address"), matrix)
                if "build_fuzzers" in uses:
                    built.update(sans)
                else:
                    c.check(set(sans) <= built,
                            f"{path}: job {job_name}: runs {sans} without building them")

    def have(mode, trigger, sanitizer):
        return any(kind == "run_fuzzers" and (s.get("with") or {}).get("mode") == mode and
                   (trigger is None or trigger in trig) and san == sanitizer
                   for _, _, trig, kind, san, s in steps)

    for san in ("address", "undefined"):
        c.check(have("code-change", "pull_request", san),
                f"no code-change fuzzing on pull_request with {san}")
        c.check(have("batch", "schedule", san), f"no scheduled batch fuzzing with {san}")
    c.check(any(have("prune", None, s) for s in proj_sans), "no corpus pruning")
    c.check(have("coverage", None, "coverage"), "no coverage report (coverage mode and sanitizer)")

    # ---- project.yaml and the Dockerfile ----
    c.check(project.get("language") == "c", "project.yaml: language is not c")
    c.check(proj_sans <= SANITIZERS, f"project.yaml: unknown sanitizers {proj_sans - SANITIZERS}")
    c.check(set(engines) <= ENGINES, f"project.yaml: unknown engines {set(engines) - ENGINES}")
    with open(os.path.join(root, ".clusterfuzzlite/Dockerfile"), encoding="utf-8") as f:
        # Instructions only: comments may quote commands.
        docker = "\n".join(l for l in f.read().splitlines() if not l.lstrip().startswith("#"))
    froms = re.findall(r"^FROM\s+(\S+)", docker, re.M)
    c.check(len(froms) == 1 and froms[0].startswith("gcr.io/oss-fuzz-base/base-builder"),
            f"Dockerfile: FROM {froms}")
    tag = froms[0].split(":")[1] if froms and ":" in froms[0] else None
    c.check(tag is not None and tag == project.get("base_os_version"),
            f"Dockerfile's image tag {tag!r} is not project.yaml's base_os_version "
            f"{project.get('base_os_version')!r}")
    clones = re.findall(r"git clone[^\n]*", docker)
    for line in clones:
        c.check(re.search(r"--branch\s+\S+", line) is not None, f"Dockerfile: unpinned {line}")
    for dep in ("yajl", "uriparser"):
        c.check(any(f"$SRC/{dep}" in line for line in clones), f"Dockerfile: no clone of {dep}")
    c.check("COPY .clusterfuzzlite/build.sh $SRC/" in docker, "Dockerfile: build.sh not copied")

    # ---- fuzz targets ----
    with open(os.path.join(root, ".clusterfuzzlite/build.sh"), encoding="utf-8") as f:
        build_sh = f.read()
    c.check("ls fuzz_*.c" in build_sh, "build.sh does not build every fuzz/fuzz_*.c")
    targets = sorted(os.path.basename(p)[:-2] for p in glob.glob(os.path.join(root, "fuzz/fuzz_*.c")))
    c.check(len(targets) > 0, "no fuzz/fuzz_*.c")
    for t in targets:
        corpus = os.path.join(root, "corpus", t)
        c.check(os.path.isdir(corpus) and len(os.listdir(corpus)) > 0, f"{t}: no seed corpus")
        with open(os.path.join(root, "fuzz", t + ".c"), encoding="utf-8") as f:
            c.check("Target functions:" in f.read(), f"{t}: no 'Target functions:' comment")
        opts = os.path.join(root, "fuzz", t + ".options")
        if not c.check(os.path.isfile(opts), f"{t}: no {t}.options"):
            continue
        ini = configparser.ConfigParser()
        ini.read(opts)
        c.check(ini.has_section("libfuzzer"), f"{t}.options: no [libfuzzer] section")
        d = ini.get("libfuzzer", "dict", fallback=None)
        if d is not None:
            c.check(os.path.isfile(os.path.join(root, "fuzz", d)), f"{t}.options: no fuzz/{d}")
        ml = ini.get("libfuzzer", "max_len", fallback="1")
        c.check(ml.isdigit() and int(ml) > 0, f"{t}.options: max_len {ml!r}")

    print(f"cfl config: {len(workflows)} workflows, {len(steps)} ClusterFuzzLite steps, "
          f"{len(targets)} targets")
    print(f"{c.passed} passed, {c.failed} failed")
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main())
