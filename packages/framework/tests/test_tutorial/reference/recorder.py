# Shared by the reference generators of this folder: run one tutorial app of FastAPI's docs_src with FastAPI's
# TestClient and keep what it answers (status, raw header list, body text), then write a .ts module of plain data.
# Each generator runs with a venv holding `pip install fastapi==0.142.2 uvicorn==0.54.0 httpx python-multipart` and
# takes the path of a checkout of fastapi/fastapi (for its docs_src package):
#   python <chapter>.py /path/to/fastapi-checkout
import importlib, json, os, sys, warnings

warnings.simplefilter("ignore")
if len(sys.argv) < 2:
    sys.exit("usage: python <chapter>.py /path/to/fastapi-checkout")
sys.path.insert(0, os.path.abspath(sys.argv[1]))
HERE = os.path.dirname(os.path.abspath(__file__))


def tutorial(name):
    """Imports docs_src.<name> afresh (module state such as an items dict starts over)."""
    module = f"docs_src.{name}"
    sys.modules.pop(module, None)
    return importlib.import_module(module)


class Recorder:
    def __init__(self, const):
        self.const = const
        self.out = {}

    def rec(self, name, response):
        assert name not in self.out, name
        self.out[name] = {
            "status": response.status_code,
            "headers": [[k.decode("latin-1"), v.decode("latin-1")] for k, v in response.headers.raw],
            "body": response.text,
        }
        return response

    def rec_text(self, name, text):
        """A file a tutorial app wrote (a log, say): status 0, no headers, its text as the body."""
        assert name not in self.out, name
        self.out[name] = {"status": 0, "headers": [], "body": text}

    def write(self, chapter):
        lines = [
            f"/** What FastAPI 0.142.2 answers for the {chapter} tutorial apps: written by {chapter}.py (run it to refresh). */",
            'import type { Recorded } from "../fastapi_reference.js";',
            "",
            f"export const {self.const}: Record<string, Recorded> = {{",
        ]
        for name, value in self.out.items():
            lines.append(f"  {json.dumps(name)}: {json.dumps(value, ensure_ascii=False)},")
        lines.append("};")
        with open(os.path.join(HERE, f"{chapter}.ts"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
