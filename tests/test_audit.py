"""`make audit`, the dependency audit CI runs: it fails on a known vulnerability.

The advisory service is replaced by a local server speaking the OSV query API, so the gate is
tested with the real pip-audit against the installed dependencies, without internet access.
"""

import json
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.metadata import version
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent

ADVISORY = {
    "id": "GHSA-test-0000-0000",
    "schema_version": "1.6.0",
    "summary": "SQL injection in QuerySet.example",
    "affected": [
        {
            "package": {"name": "django", "ecosystem": "PyPI"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "99.0"}]}],
        }
    ],
}


def advisory_feed(vulnerable_package):
    """An OSV-style server that reports ADVISORY for `vulnerable_package` and nothing else."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            hit = query["package"]["name"] == vulnerable_package
            body = json.dumps({"vulns": [ADVISORY]} if hit else {}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return ThreadingHTTPServer(("127.0.0.1", 0), Handler)


def make_audit(vulnerable_package, tmp_path):
    server = advisory_feed(vulnerable_package)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        return subprocess.run(
            [
                "make",
                "--no-print-directory",
                "audit",
                f"OSV_URL=http://127.0.0.1:{server.server_port}/v1/query",
                f"AUDIT_ARGS=--cache-dir {tmp_path}",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        server.shutdown()


def test_audit_fails_naming_a_vulnerable_pinned_dependency(tmp_path):
    result = make_audit("django", tmp_path)
    assert result.returncode != 0
    report = result.stdout + result.stderr
    assert "GHSA-test-0000-0000" in report
    assert f"django {version('django')}" in report.lower()


def test_audit_passes_when_no_dependency_has_an_advisory(tmp_path):
    result = make_audit("no-such-package", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No known vulnerabilities found" in result.stdout + result.stderr
