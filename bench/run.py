"""`make bench`: every benchmark in one run on this machine, printed as tables."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ["engine.py", "queries.py", "pdf.py", "web.py"]

if __name__ == "__main__":
    failed = []
    for script in SCRIPTS:
        path = HERE / script
        if not path.exists():
            continue
        print(f"\n=== {script} ===", flush=True)
        if subprocess.run([sys.executable, str(path)], cwd=HERE.parent).returncode:
            failed.append(script)
    sys.exit(1 if failed else 0)
