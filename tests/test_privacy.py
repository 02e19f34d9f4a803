"""Privacy (issue 7, design.md §1): "Nothing leaves the machine unless the user exports it"; "the app
never opens a network connection"; "data folder 0700, files 0600".

A whole command-line session runs in subprocesses where the network is made to fail: a
``sitecustomize.py`` on PYTHONPATH makes ``connect``/``connect_ex``/``sendto``/``sendmsg`` on
network sockets and every name lookup raise, and records each attempt to a file. The standard
library imports ``socket`` by itself, so this tests behaviour, not imports. Local (AF_UNIX) sockets
and ``socketpair`` stay allowed: Qt and the standard library use them legitimately. Where ``strace``
exists, the session also runs under it, which sees network system calls made by C/C++ code (Qt) too.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from cli_harness import REPO_ROOT, TODAY, Cli

pytestmark = pytest.mark.slow

SITECUSTOMIZE = textwrap.dedent(
    '''
    """Loaded by every Python process of the test: the network fails, and attempts are recorded."""
    import os
    import socket
    import traceback

    _LOG = os.environ["COMPANION_TEST_NET_LOG"]
    with open(os.environ["COMPANION_TEST_LOADED_LOG"], "a", encoding="utf-8") as _fh:
        _fh.write(f"{os.getpid()}\\n")


    def _record(what, detail):
        with open(_LOG, "a", encoding="utf-8") as fh:
            fh.write(f"{what} {detail!r}\\n{''.join(traceback.format_stack(limit=12))}---\\n")


    def _network(sock):
        return getattr(sock, "family", None) not in (getattr(socket, "AF_UNIX", None),)


    def _blocked(name, original):
        def method(self, *args, **kwargs):
            if _network(self):
                _record(f"socket.{name}", args)
                raise OSError(101, "Network is unreachable (blocked by the privacy test)")
            return original(self, *args, **kwargs)

        return method


    for _name in ("connect", "connect_ex", "sendto", "sendmsg"):
        if hasattr(socket.socket, _name):
            setattr(socket.socket, _name, _blocked(_name, getattr(socket.socket, _name)))


    def _lookup(name):
        def function(*args, **kwargs):
            _record(name, args)
            raise socket.gaierror(-3, "Temporary failure in name resolution (blocked by the privacy test)")

        return function


    for _name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr", "getnameinfo"):
        setattr(socket, _name, _lookup(_name))
    '''
)

NETWORK_SYSCALL = re.compile(r"\b(connect|sendto|sendmsg)\(.*sa_family=AF_INET6?\b")


class Session:
    """Runs ``python -m companion`` with the network blocked (and under strace when it exists)."""

    def __init__(self, base: Path):
        self.base = base
        self.hooks = base / "hooks"
        self.hooks.mkdir(parents=True)
        (self.hooks / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
        self.net_log = base / "network-attempts.log"
        self.loaded_log = base / "sitecustomize-loaded.log"
        self.cli = Cli(base)  # its home, working folder and environment, with the hooks below
        self.home, self.cwd = self.cli.home, self.cli.cwd
        self.strace = shutil.which("strace")
        self.strace_fast: list[str] = []
        if self.strace:  # a seccomp filter makes tracing a few system calls almost free
            probe = [self.strace, "--seccomp-bpf", "-f", "-e", "trace=connect", "true"]
            self.strace_fast = (
                ["--seccomp-bpf"] if subprocess.run(probe, capture_output=True).returncode == 0 else []
            )
        self.trace_logs: list[Path] = []
        self.runs = 0

    def env(self) -> dict[str, str]:
        env = self.cli.env(TODAY)
        env.update(
            PYTHONPATH=os.pathsep.join([str(self.hooks), str(REPO_ROOT)]),
            COMPANION_TEST_NET_LOG=str(self.net_log),
            COMPANION_TEST_LOADED_LOG=str(self.loaded_log),
        )
        # Proxies in the environment must not tempt anything to go out.
        for key in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
            env[key] = "http://192.0.2.1:9"
        return env

    def __call__(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return self.python("-m", "companion", *args, check=check)

    def python(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        self.runs += 1
        command = [sys.executable, *args]
        if self.strace:
            trace = self.base / f"strace-{self.runs}.log"
            self.trace_logs.append(trace)
            command = [self.strace, *self.strace_fast, "-f", "-qq", "-e", "trace=connect,sendto,sendmsg"]
            command += ["-o", str(trace), sys.executable, *args]
        proc = subprocess.run(
            command,
            cwd=self.cwd,
            env=self.env(),
            capture_output=True,
            timeout=180,
            preexec_fn=lambda: os.umask(0o022),  # a usual umask: files would be 0644 unless made private
        )
        out, err = proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")
        if check:
            assert proc.returncode == 0, f"python {' '.join(args)}\nexit {proc.returncode}\n{out}\n{err}"
            assert "Traceback" not in err, err
        return proc

    def attempts(self) -> str:
        return self.net_log.read_text(encoding="utf-8") if self.net_log.exists() else ""

    def network_syscalls(self) -> list[str]:
        found = []
        for trace in self.trace_logs:
            if trace.exists():
                found += [
                    line
                    for line in trace.read_text(errors="replace").splitlines()
                    if NETWORK_SYSCALL.search(line)
                ]
        return found


def private_modes(folder: Path) -> list[str]:
    """Every folder under ``folder`` (itself included) not 0700 and every file not 0600."""
    wrong = []
    mode = stat.S_IMODE(folder.stat().st_mode)
    if mode != 0o700:
        wrong.append(f"{folder}/ is {oct(mode)}")
    for path in sorted(folder.rglob("*")):
        mode = stat.S_IMODE(path.lstat().st_mode)
        if path.is_dir() and mode != 0o700:
            wrong.append(f"{path}/ is {oct(mode)}")
        elif path.is_file() and mode != 0o600:
            wrong.append(f"{path} is {oct(mode)}")
    return wrong


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    """A whole session: record, list, export, import, back up, restore, open the window."""
    base = tmp_path_factory.mktemp("privacy")
    run = Session(base)
    folder = base / "patient"
    second = base / "second patient"
    data = ["--data-dir", str(folder)]
    run(*data, "dose", "add", "2026-05-04", "--place", "Universitätsklinik Köln", "--note", "erste 💉")
    run(*data, "dose", "add", "2026-05-18", "--csf-ml", "10")
    run(*data, "diary", "add", "--at", "2026-05-19T08:30+02:00", "--symptom", "headache=2", "--note", "Grüße")
    run(*data, "diary", "add", "--by", "Jürgen", "--symptom", "fever=1")
    run(*data, "alsfrs", "add", "2026-06-01", "--scores", "4,4,3,3,3,3,4,3,3,4,4,4", "--feeding-tube")
    run(*data, "schedule", "--json", "--count", "3")
    run(*data, "dose", "list")
    run(*data, "diary", "list", "--json", "--from", "2026-05-01", "--to", "2026-06-15")
    run(*data, "alsfrs", "list")
    exports = base / "exports"
    exports.mkdir()
    run(*data, "export", "-o", str(exports / "all.json"))
    run(*data, "export", "-o", str(exports / "diary.csv"))
    run("--data-dir", str(second), "import", str(exports / "all.json"), "--dry-run")
    run("--data-dir", str(second), "import", str(exports / "all.json"))
    backup = run(*data, "backup").stdout.decode().strip()
    run(*data, "diary", "add", "--note", "after the backup")
    run(*data, "restore", backup)
    run(*data, "gui", "--smoke")
    # And without --data-dir: the patient folder under the platform's user data folder.
    run("dose", "add", "2026-06-01")
    run("gui", "--smoke")
    return run, folder, second, exports


def test_a_whole_session_opens_no_network_connection(session):
    run, *_ = session
    loaded = run.loaded_log.read_text().split() if run.loaded_log.exists() else []
    assert len(loaded) >= run.runs, f"the network block was not loaded in every process ({loaded})"
    attempts = run.attempts()
    assert attempts == "", f"network attempts were made:\n{attempts[:4000]}"
    syscalls = run.network_syscalls()
    assert syscalls == [], "network system calls were made:\n" + "\n".join(syscalls[:20])
    print(
        f"\n[privacy] {run.runs} commands run with the network blocked"
        + (" and under strace" if run.strace else " (strace not found: Python-level checks only)")
        + ": no network attempt"
    )


def test_the_data_folders_are_0700_and_every_file_in_them_0600(session):
    run, folder, second, _exports = session
    assert any((folder / "backups").iterdir()), "the session made backups; they must be checked too"
    wrong = private_modes(folder) + private_modes(second)
    root = run.home / "data"
    patient_folders = [p for p in root.rglob("companion.sqlite3")]
    assert patient_folders, f"no patient folder was made under the default data folder {root}"
    for db in patient_folders:
        wrong += private_modes(db.parent)
        # The data root holds the patients' folders (and their names): private as well.
        for parent in db.parents:
            if parent == root:  # the user's own data folder (XDG_DATA_HOME) is not the app's
                break
            mode = stat.S_IMODE(parent.stat().st_mode)
            if parent != db.parent and mode != 0o700:
                wrong.append(f"{parent}/ is {oct(mode)}")
        for settings in db.parent.parent.glob("*.json"):
            if stat.S_IMODE(settings.stat().st_mode) != 0o600:
                wrong.append(f"{settings} is {oct(stat.S_IMODE(settings.stat().st_mode))}")
    assert not wrong, "not private:\n" + "\n".join(sorted(set(wrong)))


def test_exported_files_are_private_too(session):
    _run, _folder, _second, exports = session
    wrong = [
        f"{p.name} is {oct(stat.S_IMODE(p.stat().st_mode))}"
        for p in exports.iterdir()
        if stat.S_IMODE(p.stat().st_mode) != 0o600
    ]
    assert not wrong, wrong


def test_the_network_block_sees_and_stops_a_connection(tmp_path):
    """The harness itself: a deliberate connection is stopped and recorded (else the test above
    would prove nothing)."""
    probe = Session(tmp_path / "probe")
    code = (
        "import socket, _socket\n"
        "try:\n    socket.create_connection(('192.0.2.1', 9), timeout=0.2)\n"
        "except OSError as e:\n    print(e)\n"
        "s = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM)\ns.settimeout(0.2)\n"
        "try:\n    s.connect(('192.0.2.1', 9))\nexcept OSError as e:\n    print(e)\n"
    )
    probe.python("-c", code)
    assert "getaddrinfo" in probe.attempts() or "socket.connect" in probe.attempts(), probe.attempts()
    if probe.strace:  # the raw C-level connect bypasses Python's socket module: strace sees it
        assert any("192.0.2.1" in line for line in probe.network_syscalls()), probe.network_syscalls()
