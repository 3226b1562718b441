"""The source tree reads as the pipeline (docs/DESIGN.md §7): every file under
src/<stage>/ includes only headers of its own stage or of the stages below
it, public headers (include/qlb/) counted at the stage that implements
them; no file includes a catch-all header. Exit 1 and one line per upward
include otherwise.
Usage: check_layers.py SOURCE_DIR"""
import pathlib, re, sys

STAGES = ["core", "numerics", "physics", "basis", "operator", "analysis", "io", "evolve", "cli"]
PUBLIC = {  # include/qlb/<name>.h -> stage of its implementation
    "status": "core", "textfile": "core", "version": "core", "threads": "numerics",
    "potential": "physics", "dielectric": "physics", "params": "physics", "plasma": "physics",
    "basis": "basis", "burnett": "basis",
    "linop": "operator", "quadratic": "operator", "species": "operator",
    "spectrum": "analysis", "transport": "analysis", "moments": "analysis", "convergence": "analysis", "study": "analysis",
    "io": "io",
    "initial": "evolve", "evolve": "evolve", "observe": "evolve",
    "qlb": "cli",  # the umbrella header: for programs, not for the library
}
root = pathlib.Path(sys.argv[1])
bad = 0
checked = 0
for path in sorted((root / "src").rglob("*.[ch]")):
    stage = path.parent.name
    rank = STAGES.index(stage)
    for line in path.read_text().splitlines():
        m = re.match(r'#include "([^"]+)"', line)
        if not m:
            continue
        inc = m.group(1)
        if inc.startswith("qlb/"):
            target = PUBLIC[inc[4:-2]]
        elif "/" in inc:
            target = inc.split("/")[0]
        else:  # a header of the same folder (the CLI's own)
            target = stage
        checked += 1
        if STAGES.index(target) > rank:
            print(f"FAIL {path.relative_to(root)}: includes {inc} ({target} is above {stage})")
            bad += 1
print(f"{checked - bad} passed, {bad} failed")
sys.exit(1 if bad else 0)
