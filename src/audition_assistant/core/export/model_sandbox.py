"""Word models filled in a separate process, with limits on time and memory.

A model is a file written outside the code; Jinja's sandbox refuses what
would reach Python, and this process is the second wall: it holds only the
model's bytes and a plain copy of the values it prints (no store, no key, no
other hearing), it may write no byte into a file nor (run as an ordinary
user) start a program, and it is killed when it runs too long. On Linux and macOS, ``setrlimit`` bounds its CPU time
and address space; on Windows only the wall-clock timeout applies.

One :class:`Renderer` keeps one process for all the models of an export, so
its start (measured on a two-core machine: 0.17 s idle, 0.5 s busy; each
further model then costs a few milliseconds more than in the application) is
paid once per export.

The exchange: the application sends pickled requests (it trusts itself);
the process answers with a JSON header and raw bytes, never a pickle, so a
process gone wrong cannot make the application run anything.
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import queue
import signal
import struct
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from typing import IO, Any

from ..errors import UserError
from .model_check import MB, PackageLimits

FRAME = struct.Struct(">Q")
MAX_REPLY = 200 * MB
FROZEN_FLAG = "--model-sandbox"  # the frozen application's launcher runs serve() when given it


@dataclass(frozen=True)
class Limits:
    """What one model's filling may take; tests make them small."""

    seconds: float = 30.0  # wall clock, for one model
    cpu_seconds: int = 20
    memory_mb: int = 1024  # address space of the whole process
    package: PackageLimits = field(default_factory=PackageLimits)


DEFAULT = Limits()


class SandboxError(UserError):
    """A French sentence naming the model (the ExportError of the callers)."""


# --- the application's side --------------------------------------------------
def _command(memory_mb: int) -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, FROZEN_FLAG, str(memory_mb)]
    # -P: the working folder is not put on the import path; -B: no .pyc written.
    return [sys.executable, "-P", "-B", "-m", __name__, str(memory_mb)]


def _environment() -> dict[str, str]:
    """The application's environment less its own variables (the passphrase may be one)."""
    return {k: v for k, v in os.environ.items() if not k.upper().startswith("AUDITION_ASSISTANT")}


class Renderer:
    """One rendering process, started at the first request, restarted after a failure."""

    def __init__(self, limits: Limits | None = None):
        self.limits = limits or DEFAULT
        self._process: subprocess.Popen[bytes] | None = None
        self._replies: queue.Queue[tuple[dict[str, Any], bytes] | None] = queue.Queue()

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            try:
                assert process.stdin is not None
                process.stdin.close()
                process.wait(timeout=2)
            except (OSError, subprocess.TimeoutExpired):
                process.kill()
                process.wait()
        for pipe in (process.stdin, process.stdout):
            if pipe is not None:
                pipe.close()

    def render(self, data: bytes, source: str, context: dict[str, Any]) -> bytes:
        """The filled model's bytes, or SandboxError."""
        _header, payload = self._ask(source, ("render", data, source, context, self.limits.package))
        return payload

    def inspect(self, data: bytes, source: str, name: str) -> dict[str, Any]:
        """``title``, ``version``, ``problems``: the checks of ``templates validate``, trial filling included."""
        header, _payload = self._ask(source, ("inspect", data, source, name, self.limits.package))
        return header

    def _start(self) -> subprocess.Popen[bytes]:
        if self._process is not None and self._process.poll() is None:
            return self._process
        self.close()
        flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)
        process = subprocess.Popen(
            _command(self.limits.memory_mb),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=_environment(),
            creationflags=flags,
        )
        self._process, self._replies = process, queue.Queue()
        assert process.stdout is not None
        threading.Thread(target=_read_replies, args=(process.stdout, self._replies), daemon=True).start()
        return process

    def _ask(self, source: str, request: tuple[Any, ...]) -> tuple[dict[str, Any], bytes]:
        limits = self.limits
        process = self._start()
        try:
            assert process.stdin is not None
            _write_frame(process.stdin, pickle.dumps((limits.cpu_seconds, request), protocol=pickle.HIGHEST_PROTOCOL))
            reply = self._replies.get(timeout=limits.seconds)
        except queue.Empty:
            self.close()
            raise SandboxError(
                f"Modèle {source} : le remplissage a dépassé {limits.seconds:g} secondes ; modèle refusé."
            ) from None
        except OSError:
            reply = None
        if reply is None:
            raise SandboxError(self._died(source)) from None
        header, payload = reply
        if not header.get("ok"):
            self.close()  # a process that failed (memory short, sandbox refusal...) is not reused
            raise SandboxError(str(header.get("error") or f"Modèle {source} : remplissage impossible."))
        return header, payload

    def _died(self, source: str) -> str:
        process = self._process
        code = None
        if process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                code = process.wait(timeout=5)
        self.close()
        limits = self.limits
        if code is not None and code == -getattr(signal, "SIGXCPU", -1000):
            return (
                f"Modèle {source} : le remplissage a dépassé {limits.cpu_seconds} secondes de calcul ; modèle refusé."
            )
        return (
            f"Modèle {source} : le remplissage s'est interrompu (code {code}) : "
            f"le modèle dépasse sans doute la mémoire permise ({limits.memory_mb} Mo) ; modèle refusé."
        )


def _write_frame(pipe: IO[bytes], data: bytes) -> None:
    pipe.write(FRAME.pack(len(data)))
    pipe.write(data)
    pipe.flush()


def _read_exactly(pipe: IO[bytes], size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = pipe.read(min(left, MB))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _read_frame(pipe: IO[bytes]) -> bytes | None:
    head = _read_exactly(pipe, FRAME.size)
    if head is None:
        return None
    (size,) = FRAME.unpack(head)
    if size > MAX_REPLY:
        return None
    return _read_exactly(pipe, size)


def _read_replies(pipe: IO[bytes], replies: queue.Queue[tuple[dict[str, Any], bytes] | None]) -> None:
    """Header (JSON) and payload frames from the process, until it ends; None marks the end."""
    try:
        while True:
            header = _read_frame(pipe)
            payload = _read_frame(pipe) if header is not None else None
            if header is None or payload is None:
                break
            parsed = json.loads(header)
            if not isinstance(parsed, dict):
                break
            replies.put((parsed, payload))
    except (OSError, ValueError):
        pass
    replies.put(None)


# --- the rendering process ---------------------------------------------------
def _limit(memory_mb: int) -> None:
    """No core dump (it would hold the hearing in clear), no file written, no program started, bounded memory."""
    try:
        import resource
    except ImportError:  # Windows: the wall-clock timeout is the bound
        return
    for name, value in (
        ("RLIMIT_CORE", 0),
        ("RLIMIT_FSIZE", 0),
        ("RLIMIT_NPROC", 0),
        ("RLIMIT_AS", memory_mb * MB),
    ):
        kind = getattr(resource, name, None)
        if kind is None:
            continue
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(kind, (value, value))


def _limit_cpu(seconds: int) -> None:
    try:
        import resource
    except ImportError:
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = int(usage.ru_utime + usage.ru_stime) + 1
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CPU, (used + seconds, resource.RLIM_INFINITY))


def _handle(request: tuple[Any, ...]) -> tuple[dict[str, Any], bytes]:
    from . import model_render

    op, data, source, *rest = request
    try:
        if op == "render":
            context, package = rest
            return {"ok": True}, model_render.render(data, source, context, package)
        name, package = rest
        found = model_render.inspect(data, source, name, package)
        return {"ok": True, "title": found.title, "version": found.version, "problems": list(found.problems)}, b""
    except model_render.ModelProblem as error:
        return {"ok": False, "error": str(error)}, b""
    except MemoryError:
        return {
            "ok": False,
            "error": f"Modèle {source} : le remplissage a dépassé la mémoire permise ; modèle refusé.",
        }, b""
    except RecursionError:
        return {"ok": False, "error": f"Modèle {source} : imbrication trop profonde ; modèle refusé."}, b""


def serve(memory_mb: int) -> int:
    """Answer requests from stdin until it closes."""
    import docxtpl  # noqa: F401  (loaded before the limits, once)

    from . import model_render  # noqa: F401

    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing printed may corrupt the replies
    _limit(memory_mb)
    while True:
        frame = _read_frame(stdin)
        if frame is None:
            return 0
        cpu_seconds, request = pickle.loads(frame)
        _limit_cpu(cpu_seconds)
        header, payload = _handle(request)
        _write_frame(stdout, json.dumps(header).encode())
        _write_frame(stdout, payload)


def main(argv: list[str]) -> int:
    return serve(int(argv[0]) if argv else DEFAULT.memory_mb)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
